"""Synthetic false sentences for training the FactCC-style checker (Kryscinski et al., 2020).

Each corruption takes (sentence, article context, seeded ``random.Random``)
and returns a changed sentence that the article no longer supports, or None
when the sentence offers nothing to change. One function per error type of
the FRANK typology that can be made by rule: entity swap, place swap, date
swap, negation added or dropped, number change, relation inversion (antonym
swap or who-acts-on-whom swapped), source swap and cause swap.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Callable, Optional

from research.faithfulness.spans import (
    ANTONYM_OF, MONTHS, NUMBER_RE, NUMBER_WORDS, SOURCE_RES, WEEKDAYS, YEAR_RE, causes, entities,
)

AUX_RE = re.compile(r"\b(is|are|was|were|has|have|had|will|would|can|could|may|might|should|must|does|do|did)\b")
PAST_VERB_RE = re.compile(r"(?<=[a-z,] )(?=[a-z]{3,}ed\b)")
NEGATION_DROPS = [(re.compile(r"\s+not\b"), ""), (re.compile(r"n[’']t\b"), ""), (re.compile(r"\s+never\b"), ""),
                  (re.compile(r"\bno longer\s+"), ""), (re.compile(r"\bwithout\b"), "with"),
                  (re.compile(r"\bno\b"), "a")]
NP_RE = re.compile(r"\b(?:the|its|their) (?!(?:same|other|next|most|first|last)\b)[a-z]{3,}\b")


@dataclass(frozen=True)
class ArticleContext:
    """What corruptions may borrow from the sentence's article: its sentences and typed entities."""

    sentences: tuple[str, ...]
    entity_types: tuple[tuple[str, str], ...]  # (entity text, type), first-seen order

    @classmethod
    def of(cls, sentences: list[str]) -> "ArticleContext":
        """Types an entity by the most specific type it gets anywhere in the article ("other" last)."""
        types: dict[str, str] = {}
        for sentence in sentences:
            for entity in entities(sentence):
                if types.get(entity.text, "other") == "other":
                    types[entity.text] = entity.type
        return cls(tuple(sentences), tuple(types.items()))

    def of_type(self, kind: str) -> list[str]:
        return [text for text, t in self.entity_types if t == kind]

    def type_of(self, text: str) -> str:
        return dict(self.entity_types).get(text, "other")


Corruption = Callable[[str, ArticleContext, random.Random], Optional[str]]


def _replace(sentence: str, start: int, end: int, new: str) -> str:
    return sentence[:start] + new + sentence[end:]


def _swap_typed(sentence: str, article: ArticleContext, rng: random.Random, kinds: tuple[str, ...]) -> str | None:
    found = [e for e in entities(sentence) if article.type_of(e.text) in kinds or e.type in kinds]
    rng.shuffle(found)
    for entity in found:
        kind = article.type_of(entity.text) if article.type_of(entity.text) in kinds else entity.type
        others = [t for t in article.of_type(kind) if t.lower() not in sentence.lower()
                  and entity.text.lower() not in t.lower()]
        if others:
            return _replace(sentence, entity.start, entity.end, rng.choice(others))
    return None


def entity_swap(sentence: str, article: ArticleContext, rng: random.Random) -> str | None:
    """A person or organisation swapped for another one of the same article and type."""
    return _swap_typed(sentence, article, rng, ("person", "org"))


def place_swap(sentence: str, article: ArticleContext, rng: random.Random) -> str | None:
    """A place swapped for another place named in the article."""
    return _swap_typed(sentence, article, rng, ("place",))


def date_swap(sentence: str, article: ArticleContext, rng: random.Random) -> str | None:
    """A weekday, month or year changed to another one."""
    spans = [(m, WEEKDAYS) for m in re.finditer(r"\b(?:" + "|".join(WEEKDAYS) + r")\b", sentence)]
    spans += [(m, MONTHS) for m in re.finditer(r"\b(?:" + "|".join(MONTHS) + r")\b", sentence)]
    spans += [(m, None) for m in YEAR_RE.finditer(sentence)]
    if not spans:
        return None
    match, names = rng.choice(spans)
    if names is None:
        new = str(int(match.group()) + rng.choice([-3, -2, -1, 1, 2, 3]))
    else:
        new = rng.choice([n for n in names if n != match.group()])
    return _replace(sentence, match.start(), match.end(), new)


def add_negation(sentence: str, article: ArticleContext, rng: random.Random) -> str | None:
    """'not' after the first auxiliary verb, else 'never' before a past-tense verb."""
    if re.search(r"\b(?:not|never)\b|n[’']t\b", sentence):
        return None
    match = AUX_RE.search(sentence)
    if match:
        return _replace(sentence, match.end(), match.end(), " not")
    spots = list(PAST_VERB_RE.finditer(sentence))
    if spots:
        spot = spots[0].start()
        return _replace(sentence, spot, spot, "never ")
    return None


def drop_negation(sentence: str, article: ArticleContext, rng: random.Random) -> str | None:
    """A negation removed ('not', "n't", 'never', 'no longer'; 'without' -> 'with', 'no' -> 'a')."""
    options = [(pattern, new, m) for pattern, new in NEGATION_DROPS for m in pattern.finditer(sentence)]
    if not options:
        return None
    _, new, match = rng.choice(options)
    return _replace(sentence, match.start(), match.end(), new)


def negation(sentence: str, article: ArticleContext, rng: random.Random) -> str | None:
    """Negation dropped when the sentence has one, else added."""
    return drop_negation(sentence, article, rng) or add_negation(sentence, article, rng)


def number_change(sentence: str, article: ArticleContext, rng: random.Random) -> str | None:
    """A number (digits or a number word, not a year) changed to a different one."""
    found = [m for m in NUMBER_RE.finditer(sentence) if not YEAR_RE.fullmatch(m.group())]
    if not found:
        return None
    match = rng.choice(found)
    text = match.group()
    if text.lower() in NUMBER_WORDS:
        group = [w for w in NUMBER_WORDS if w.endswith("s") == text.lower().endswith("s") and w != text.lower()]
        new = rng.choice(group)
        new = new.capitalize() if text[0].isupper() else new
    else:
        value = float(text.replace(",", ""))
        changed = value * rng.choice([2, 3, 5, 10]) if rng.random() < 0.5 else value + rng.choice([1, 2, 3, 7])
        new = f"{int(changed):,}" if "," in text else (str(int(changed)) if changed == int(changed) else f"{changed:g}")
    return _replace(sentence, match.start(), match.end(), new)


def antonym_swap(sentence: str, article: ArticleContext, rng: random.Random) -> str | None:
    """A relation word replaced by its opposite ('for' <-> 'against', 'supports' <-> 'opposes')."""
    found = [m for m in re.finditer(r"\b[A-Za-z]+\b", sentence) if m.group().lower() in ANTONYM_OF]
    if not found:
        return None
    match = rng.choice(found)
    new = ANTONYM_OF[match.group().lower()]
    return _replace(sentence, match.start(), match.end(), new.capitalize() if match.group()[0].isupper() else new)


def _participants(sentence: str, article: ArticleContext) -> list[tuple[int, int]]:
    spans = [(e.start, e.end) for e in entities(sentence) if article.type_of(e.text) not in ("date", "place")
             and e.type not in ("date", "place")]
    spans += [(m.start(), m.end()) for m in NP_RE.finditer(sentence)]
    return sorted(set(spans))


def role_swap(sentence: str, article: ArticleContext, rng: random.Random) -> str | None:
    """Who acts on whom inverted: two participants around a verb (no comma between them) swapped."""
    spans = _participants(sentence, article)
    pairs = []
    for i, (s1, e1) in enumerate(spans):
        for s2, e2 in spans[i + 1:]:
            middle = sentence[e1:s2]
            if s2 > e1 and "," not in middle and len(middle.split()) <= 8 and sentence[s1:e1] != sentence[s2:e2] \
                    and re.search(r"\b\w+(?:ed|s|ing)\b|\b(?:met|sent|led|told|will|would|gave|took)\b", middle):
                pairs.append((s1, e1, s2, e2))
    if not pairs:
        return None
    s1, e1, s2, e2 = rng.choice(pairs)
    first, second = sentence[s1:e1], sentence[s2:e2]
    if s1 == 0:  # keep sentence case: the moved words go lower-case unless they are a name
        second = second[0].upper() + second[1:]
        first = first if first[0].isupper() and not first.startswith(("The ", "Its ", "Their ")) else \
            first[0].lower() + first[1:]
    return sentence[:s1] + second + sentence[e1:s2] + first + sentence[e2:]


def relation_inversion(sentence: str, article: ArticleContext, rng: random.Random) -> str | None:
    """An antonym swap or a role swap, whichever the sentence allows (chosen at random when both do)."""
    order = [antonym_swap, role_swap]
    rng.shuffle(order)
    return order[0](sentence, article, rng) or order[1](sentence, article, rng)


def _sources(sentence: str) -> list[re.Match]:
    return [m for pattern in SOURCE_RES for m in pattern.finditer(sentence)]


def source_swap(sentence: str, article: ArticleContext, rng: random.Random) -> str | None:
    """The source of a report ('according to X', 'X said') replaced by another source or actor of the article."""
    found = _sources(sentence)
    if not found:
        return None
    match = rng.choice(found)
    current = match.group("source").lower()
    pool = [m.group("source") for s in article.sentences for m in _sources(s)]
    pool += article.of_type("person") + article.of_type("org")
    pool = sorted({p for p in pool if p.lower() not in current and current not in p.lower()
                   and p.lower() not in sentence.lower()})
    if not pool:
        return None
    return _replace(sentence, match.start("source"), match.end("source"), rng.choice(pool))


def _clause(sentence: str) -> str:
    """A sentence as a dependent clause: trailing punctuation off, first letter lower-cased unless a name."""
    clause = sentence.rstrip(" .!?\"”")
    starts_with_name = any(e.start == 0 for e in entities(clause))
    return clause if starts_with_name else clause[0].lower() + clause[1:]


def cause_swap(sentence: str, article: ArticleContext, rng: random.Random) -> str | None:
    """A cause phrase ('because ...', 'due to ...') replaced by another sentence's, or a wrong cause added."""
    others = [s for s in article.sentences if s != sentence]
    if not others:
        return None
    found = list(re.finditer(r"\b(?:because of|because|due to|driven by|in response to|as a result of|caused by)"
                             r"\s+(?P<cause>[^,.;:]+)", sentence))
    pool = [(marker, cause) for s in others for marker, cause in causes(s)]
    if found:
        match = rng.choice(found)
        replacements = [c for _, c in pool if c != match.group("cause")]
        return _replace(sentence, match.start("cause"), match.end("cause"), rng.choice(replacements)) \
            if replacements else None
    pool = [(m, c) for m, c in pool if m not in ("after", "following")]
    end = len(sentence.rstrip(" .!?\"”"))
    if pool:
        marker, cause = rng.choice(pool)
        return f"{sentence[:end]} {marker} {cause}{sentence[end:]}"
    return f"{sentence[:end]} because {_clause(min(others, key=len))}{sentence[end:]}"


CORRUPTIONS: dict[str, Corruption] = {
    "entity": entity_swap, "place": place_swap, "time": date_swap, "negation": negation, "number": number_change,
    "relation": relation_inversion, "attribution": source_swap, "cause": cause_swap,
}
