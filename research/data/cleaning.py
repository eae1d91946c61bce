"""Turn a raw web article into title, date and body paragraphs.

The clutter rules are data: each ``Rule`` names a pattern and why it exists,
and ``clean_article`` is the one place they are applied. Every line a rule
drops (or the part of a line it strips) is recorded in ``removed`` so the
cleaning can be audited against the raw file.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

Action = Literal["drop_line", "strip_prefix", "drop_repeat"]


@dataclass(frozen=True)
class Rule:
    """One cleaning rule: what it matches, what it does, and why."""

    name: str
    action: Action
    reason: str
    pattern: str = ""  # regex; full match for drop_line, prefix match for strip_prefix

    def compiled(self) -> re.Pattern[str]:
        return re.compile(self.pattern)


RULES: tuple[Rule, ...] = (
    Rule("date_prefix", "strip_prefix",
         "inline metadata 'date YYYY-MM-DD' glued to the first paragraph; kept as the article date",
         r"date\s+(?P<date>\d{4}-\d{2}-\d{2})\s+"),
    Rule("navigation", "drop_line", "site navigation, not article text",
         r"(?i)(scroll top|back to top|related posts)"),
    Rule("comment_form", "drop_line", "comment form heading or prompt",
         r"(?i)(leave a (comment|reply)|you must be logged in to post a comment\.?"
         r"|please enter your (comment|name)( here)?!?)"),
    Rule("email_notice", "drop_line", "comment form e-mail notice",
         r"(?i)your email address will not be published\..*"),
    Rule("cookie_notice", "drop_line", "cookie / privacy banner",
         r"(?i)(privacy preferences|when you visit our website.*cookies.*)"),
    Rule("read_more", "drop_line", "teaser link to another article",
         r"(?i)read more:.*"),
    Rule("source_credit", "drop_line",
         "a lone capitalised word is a source credit (e.g. 'Guardian'); no body paragraph is one word",
         r"[A-Z][A-Za-z]+"),
    Rule("duplicate_line", "drop_repeat", "the same line twice in a row (a duplicated title)"),
)

# A headline: the first kept line, short, and not ending like a sentence.
TITLE_MAX_WORDS = 30
_CLOSERS = "\"'”’)]»"
_SENTENCE_END = ".!?:;…"


@dataclass(frozen=True)
class Removed:
    """A dropped line (or stripped prefix) and the rule that dropped it."""

    line: int  # 1-based line number in the raw text
    text: str
    rule: str


@dataclass
class CleanedArticle:
    title: str | None
    date: str | None
    paragraphs: list[str]
    removed: list[Removed] = field(default_factory=list)


@lru_cache(maxsize=65_536)  # keyed by the line itself: repeated lines (copies, boilerplate) are normalised once
def normalise_line(line: str) -> str:
    """NFC-normalise, turn no-break and other odd spaces into plain spaces, trim."""
    line = unicodedata.normalize("NFC", line)
    line = re.sub(r"[\u00a0\u2000-\u200b\u202f\u205f\u3000\t]", " ", line)
    return re.sub(r" {2,}", " ", line).strip()


def looks_like_title(line: str) -> bool:
    """True for a headline-shaped line: few words, no sentence-final punctuation."""
    stripped = line.rstrip(_CLOSERS)
    return len(line.split()) <= TITLE_MAX_WORDS and not stripped.endswith(tuple(_SENTENCE_END))


def clean_article(raw: str, rules: tuple[Rule, ...] = RULES, detect_title: bool = True) -> CleanedArticle:
    """Apply ``rules`` line by line; the first kept headline-shaped line becomes the title."""
    compiled = [(rule, rule.compiled()) for rule in rules if rule.pattern]
    drop_repeat = [rule for rule in rules if rule.action == "drop_repeat"]
    removed: list[Removed] = []
    kept: list[str] = []
    date: str | None = None
    for number, raw_line in enumerate(raw.splitlines(), start=1):
        line = normalise_line(raw_line)
        if not line:
            continue  # blank lines only separate paragraphs
        dropped = False
        for rule, regex in compiled:
            if rule.action == "strip_prefix":
                # repeat, so cleaning cleaned text changes nothing (idempotence)
                while (match := regex.match(line)) and match.end() > 0:
                    removed.append(Removed(number, match.group(0).strip(), rule.name))
                    date = date or match.groupdict().get("date")
                    line = line[match.end():].strip()
            elif rule.action == "drop_line" and regex.fullmatch(line):
                removed.append(Removed(number, line, rule.name))
                dropped = True
                break
        if dropped or not line:
            continue
        if drop_repeat and kept and kept[-1] == line:
            removed.append(Removed(number, line, drop_repeat[0].name))
            continue
        kept.append(line)
    title = None
    if detect_title and len(kept) > 1 and looks_like_title(kept[0]):
        title = kept.pop(0)
    return CleanedArticle(title=title, date=date, paragraphs=kept, removed=removed)
