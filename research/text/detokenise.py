"""Text as a tokeniser left it, written back as prose: ``kilmarnock 's manager , he said .`` becomes
``kilmarnock's manager, he said.``.

Published systems' summaries (FRANK's CNN/DM and XSum outputs) are tokenised the way their training data was
(Penn Treebank style: split clitics and punctuation, ````...''`` quotes). The checkers' rules and the encoder
read prose; on untokenised text every pattern here is a no-op. Case is left alone: restoring it from the
source was measured on FRANK's validation split and cost the XSum correlation more than it gained.
"""

from __future__ import annotations

import re

_QUOTES = ((re.compile(r"``\s*"), '"'), (re.compile(r"\s*''"), '"'))
# a clitic or closing punctuation split from the word before it
_CLOSING = re.compile(r" (n't|'s|'re|'ve|'ll|'d|'m|[.,!?;:%)\]}])(?=[\s\".,!?;:)\]}]|$)")
# an opening bracket or a currency sign split from the word after it
_OPENING = re.compile(r"([(\[{$£#]) ")


def detokenise(text: str) -> str:
    """``text`` with split clitics, punctuation and PTB quotes joined back; prose comes back unchanged."""
    for pattern, quote in _QUOTES:
        text = pattern.sub(quote, text)
    return _OPENING.sub(r"\1", _CLOSING.sub(r"\1", text))
