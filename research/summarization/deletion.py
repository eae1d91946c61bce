"""The deletion guard of the verified summarizer: a sentence must be a deletion of one article sentence.

SmolLM2-135M asked to compress a sentence mostly deletes words, but now and
then it substitutes one ("citizens of Niamey" for "citizens of Niger"), moves
an attribution ("Soufan Center: ..." for what Voice of America reported) or
adds a source; the embedding checker passes such sentences because they stay
close to the article. A sentence whose words appear, in order, inside one
article sentence (a subsequence: a compression by deletion, Knight & Marcu
2002) cannot invent a name, a number, a role or an attribution. Only a few
function words may be added (``INSERTABLE``): none that changes who does what
to whom or the polarity. Words are lowercased ``\\w+`` tokens, curly apostrophes
read as straight ones. Deleting words can still lose a qualifier; the main
checker judges the sentence too.
"""

from __future__ import annotations

import re
from typing import Sequence

from research.faithfulness.base import Checker
from research.text.sentences import line_sentences

INSERTABLE = frozenset({"the", "a", "an", "and", "in", "of", "on", "at"})
_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    return _WORD.findall(text.replace("’", "'").lower())


def unmatched(sentence: list[str], source: list[str]) -> list[str]:
    """The words of ``sentence`` outside its longest common subsequence with ``source`` (one backtrace)."""
    n, m = len(sentence), len(source)
    table = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            table[i][j] = table[i + 1][j + 1] + 1 if sentence[i] == source[j] else max(table[i + 1][j], table[i][j + 1])
    left, i, j = [], 0, 0
    while i < n:
        if j < m and sentence[i] == source[j]:
            i, j = i + 1, j + 1
        elif j < m and table[i][j + 1] >= table[i + 1][j]:
            j += 1
        else:
            left.append(sentence[i])
            i += 1
    return left


class Deletion(Checker):
    """Score 1 when the sentence is a deletion of some source sentence (plus ``INSERTABLE`` words), else 0;
    the evidence is the source sentence leaving the fewest words unmatched."""

    name = "deletion"

    def score(self, source: str, sentences: Sequence[str]) -> list[tuple[float, tuple[str, ...]]]:
        article = [(s, words(s)) for s in line_sentences(source)]
        out = []
        for sentence in sentences:
            tokens = words(sentence)
            if not article or not tokens:
                out.append((0.0, ()))
                continue
            # the article sentence leaving the fewest non-insertable words unmatched; ties to the earlier one
            scored = [(unmatched(tokens, w), s) for s, w in article]
            left, best = min(scored, key=lambda pair: len([t for t in pair[0] if t not in INSERTABLE]))
            out.append((1.0 if set(left) <= INSERTABLE else 0.0, (best,)))
        return out
