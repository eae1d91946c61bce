"""pysbd's sentence boundaries for plain prose, without running pysbd's rule cascade.

pysbd (0.3.4, English, ``clean=False``) runs some 150 regular-expression passes per paragraph; on news
prose almost none of them fire, yet together they cost about 0.6 ms a paragraph, nearly all of the
loader's time (cProfile: abbreviation search half, segmenting a quarter, list rules an eighth).
``plain_split`` accepts only a *plain* paragraph, one on which none of those rules can fire, and returns
exactly pysbd's sentences; for anything else it returns None and the caller runs pysbd. A paragraph is
plain when:

- it holds only letters (ASCII and Latin-1), digits, single spaces and ``, ; : ’ “ ” ( ) - – — % $ / .``
  (a straight apostrophe only after a letter), and is trimmed;
- no ``)`` closes a list marker (a number, a lone lowercase letter or roman numeral, a lowercase word
  right after ``(``), and no ``(…)`` sits between quotes;
- every full stop is inside a number (``1.5``) or is followed by a space, the end, ``”`` or ``)`` and
  comes after a word that is not one of pysbd's abbreviations (``Gen``, ``no``, ``U.S``...), not a
  single character, and not a one- or two-digit number before a space or ``)`` (a list item);
- there is no ``..``, ``--``, ``KG``, ``“”`` or ``()`` (ellipsis, em-dash and "Co. KG" rules).

On such text pysbd's abbreviation, number, list, ellipsis and exclamation passes change nothing but
hide the stops of ``1.5`` and ``2023.)``, and four rules decide the boundaries, applied here with pysbd's
own patterns: stops inside a ``“…”`` or ``(…)`` span (pysbd's between-punctuation regexes) end nothing;
a paragraph with no visible stop is one sentence; a sentence opening with such a span followed by a
capital ends with it (SENTENCE_BOUNDARY_REGEX); and a sentence is split after ``.”`` before a capital
(post-processing). tests/data/test_plain_sentences.py compares the result with pysbd on the seeds, the
challenge paragraphs and generated prose; the fast path switches itself off for any other pysbd version.
"""

from __future__ import annotations

import re
import string

import pysbd
from pysbd.lang.english import English
from pysbd.lists_item_replacer import ListItemReplacer

VERIFIED_PYSBD = "0.3.4"
ENABLED = pysbd.__version__ == VERIFIED_PYSBD

_LETTER = "A-Za-zÀ-ÖØ-öø-ÿ"
_PLAIN = re.compile(rf"[{_LETTER}0-9 ,;:’“”()\-–—%$/.']+")
_NEVER = re.compile(r"  |\.\.|--|KG|“”|\(\)|^'|[^" + _LETTER + "]'")
# pysbd's own list; its dotted entries (u.s, e.g, ph.d) match any character at the dot, as in pysbd.
_ABBREVIATIONS = frozenset(a.strip() for a in English.Abbreviation.ABBREVIATIONS if "." not in a)
_DOTTED = re.compile("|".join(a.strip() for a in English.Abbreviation.ABBREVIATIONS if "." in a), re.IGNORECASE)
_LIST_ITEM = set(ListItemReplacer.ROMAN_NUMERALS) | set(string.ascii_lowercase)
_LIST_NUMBER = re.compile(r"(?:^|-)\d{1,2}$")
_QUOTE_SPAN = re.compile(r"“[^”]+”")
_PAREN_SPAN = re.compile(r"\([^()]+\)")
_LAST_LOWER_WORD = re.compile(r"(?:^|[\s(])([a-z]+)$")
_QUOTE_AT_END = re.compile(English.QUOTATION_AT_END_OF_SENTENCE_REGEX)
_SPLIT_AT_QUOTE = re.compile(English.SPLIT_SPACE_QUOTATION_AT_END_OF_SENTENCE_REGEX)
_PARENS_BETWEEN_QUOTES = re.compile(English.PARENS_BETWEEN_DOUBLE_QUOTES_REGEX)
_ONLY_LETTERS = re.compile(r"[a-zA-Z]*")
_CLOSE = re.compile(r"\)")
_CLOSERS = ("", " ", "”", ")")


def _plain_closer(text: str, i: int) -> bool:
    """Whether the ``)`` at ``i`` ends no list marker: "12) ", "(iv)", " b)" are pysbd list items."""
    if i and text[i - 1].isdigit():
        return False
    word = _LAST_LOWER_WORD.search(text, 0, i)
    return not (word and (word.group(1) in _LIST_ITEM or text[word.start(1) - 1:word.start(1)] == "("))


def _plain_stop(text: str, i: int) -> bool:
    """Whether the full stop at ``i`` is one that no pysbd abbreviation, number or list rule touches."""
    after = text[i + 1:i + 2]
    if after not in _CLOSERS:
        return False
    before = text[i - 1] if i else ""
    if not (before.isalnum() or before in "”)%"):
        return False
    token = text[text.rfind(" ", 0, i) + 1:i]
    core = token.lstrip("“(")
    return not (len(core) < 2 or _abbreviation(core) or _abbreviation(token)
                or after in (" ", ")") and _LIST_NUMBER.search(core))


def _abbreviation(word: str) -> bool:
    return word.lower() in _ABBREVIATIONS or _DOTTED.fullmatch(word) is not None


def _boundaries(text: str) -> tuple[bool, list[int]] | None:
    """(whether pysbd's segmenter sees any full stop, indices of those ending sentences), or None when
    the paragraph is not plain. Stops inside ``“…”`` or ``(…)`` are seen but end nothing."""
    if not _PLAIN.fullmatch(text) or text != text.strip() or _NEVER.search(text):
        return None
    if _PARENS_BETWEEN_QUOTES.search(text) or not all(_plain_closer(text, m.start()) for m in _CLOSE.finditer(text)):
        return None
    protected = bytearray(len(text))
    for span in _PAREN_SPAN.finditer(text):
        protected[span.start():span.end()] = b"\1" * (span.end() - span.start())
    for span in _QUOTE_SPAN.finditer(text):
        protected[span.start():span.end()] = b"\1" * (span.end() - span.start())
    seen, ends = False, []
    for match in re.finditer(r"\.", text):
        i = match.start()
        if 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit():
            continue  # a decimal point: pysbd's number rules hide it before segmenting
        if not _plain_stop(text, i):
            return None
        if text[i - 1].isdigit() and text[i + 1:i + 2] in ("”", ")"):
            continue  # "2023.)": pysbd's number rules hide it too
        seen = True
        if not protected[i]:
            if text[i + 1:i + 2] in ("”", ")"):
                return None  # a stray closer: pysbd's number rules may hide this stop
            ends.append(i)
    return seen, ends


def _opening_group(text: str, i: int) -> int:
    """End of a ``“…”`` or ``(…)`` group opening at ``i`` that pysbd makes a sentence, else -1."""
    if text[i] == "(":
        close = text.find(")", i)
        ok = close - i - 1 >= 2
    elif text[i] == "“":
        close = text.find("”", i)
        ok = close > i + 1 and text[close - 1] != ","
    else:
        return -1
    follow = text[close + 1:close + 3]
    return close + 1 if ok and len(follow) == 2 and follow[0] == " " and "A" <= follow[1] <= "Z" else -1


def _post_process(segment: str) -> list[str]:
    if len(segment) > 2 and _ONLY_LETTERS.fullmatch(segment):
        return [segment]
    if _QUOTE_AT_END.search(segment):
        return _SPLIT_AT_QUOTE.split(segment)
    return [segment.strip()]


def plain_split(text: str) -> list[str] | None:
    """pysbd's sentences of a plain paragraph (trimmed, non-empty), or None when it is not plain."""
    found = _boundaries(text) if ENABLED else None
    if found is None:
        return None
    seen, ends = found
    segments = []
    if not seen:  # pysbd's check_for_punctuation: the paragraph is one segment
        segments.append(text)
    else:  # pysbd's SENTENCE_BOUNDARY_REGEX, scanned left to right
        i, n, k = 0, len(text), 0
        last = n if text[-1] != "." else -1  # pysbd appends an end marker unless the text ends with "."
        while i < n:
            if text[i] == " ":
                i += 1
                continue
            end = _opening_group(text, i)
            if end < 0:
                while k < len(ends) and ends[k] <= i:
                    k += 1
                end = ends[k] + 1 if k < len(ends) else last
                if end < 0:
                    break
            segments.append(text[i:end])
            i = end
    return [s.strip() for segment in segments for s in _post_process(segment) if s.strip()]
