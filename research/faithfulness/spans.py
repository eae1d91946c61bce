"""Regex span detection shared by the corruptions and the FactCC features.

No parser: named entities are capitalised spans, typed by simple cues (a
weekday, month or year is a date; an acronym or a span with an organisation
word is an organisation; a span after "in", "to", "from"... is a place;
other spans of two or more words are people). Also negation cues, numbers,
antonym pairs, the source of a report and cause markers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

WORD = r"[A-Z][\w’'\-]*"
# A capitalised span may contain "of", "for", "the" between capitalised words
# ("Economic Community of West African States").
ENTITY_RE = re.compile(rf"{WORD}(?:\s+(?:(?:of|for)\s+(?:the\s+)?)?{WORD})*")
DEMONYM_RE = re.compile(r"(?:an|ian|ese|ish|ic)$")
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
MONTHS = ("January February March April May June July August September October November "
          "December").split()
YEAR_RE = re.compile(r"\b(?:1[89]|20)\d\d\b")
ORG_WORDS = {"alliance", "council", "center", "centre", "agency", "community", "bloc", "ministry", "union",
             "group", "army", "forces", "organization", "organisation", "party", "government", "assembly",
             "front", "guard", "force", "committee", "bank", "nations", "institute", "states"}
TITLES = {"president", "general", "colonel", "minister", "prime", "mr", "mrs", "ms", "dr", "king", "chairman"}
PLACE_CUES = {"in", "to", "from", "near", "at", "across", "into", "visited", "toward", "towards"}
NEGATIONS = {"not", "never", "no", "without", "none", "nor", "neither"}
NUMBER_WORDS = ("two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty "
                "hundred hundreds thousand thousands million millions").split()
NUMBER_RE = re.compile(r"\b\d+(?:[.,]\d+)*\b|\b(?:" + "|".join(NUMBER_WORDS) + r")\b", re.IGNORECASE)
# Relation-reversing word pairs (both directions are used).
ANTONYMS = [
    ("for", "against"), ("supports", "opposes"), ("support", "opposition"), ("supported", "opposed"),
    ("supporting", "opposing"), ("pro", "anti"), ("accepted", "rejected"), ("accept", "reject"),
    ("approved", "rejected"), ("allies", "enemies"), ("ally", "enemy"), ("defend", "attack"),
    ("defending", "attacking"), ("condemned", "praised"), ("condemning", "praising"), ("increase", "decrease"),
    ("increased", "decreased"), ("raised", "lowered"), ("opened", "closed"), ("opening", "closure"),
    ("deploy", "withdraw"), ("deployment", "withdrawal"), ("won", "lost"), ("release", "detention"),
    ("released", "detained"), ("before", "after"), ("aid", "fight"), ("joined", "left"), ("peaceful", "violent"),
    ("ended", "began"), ("lifted", "imposed"), ("confirmed", "denied"), ("granted", "denied"),
    ("strengthen", "weaken"), ("expanded", "reduced"), ("openness", "refusal"), ("allowed", "banned"),
    ("democratic", "military"), ("elected", "appointed"), ("reinforce", "abandon"), ("arrived", "departed"),
    ("welcomed", "rejected"), ("deepen", "cut"), ("restore", "end"), ("assist", "fight"), ("backs", "opposes"),
    ("back", "oppose"), ("remains", "left"), ("unknown", "known"), ("rose", "fell"), ("more", "less"),
]
ANTONYM_OF: dict[str, str] = {}
for _a, _b in ANTONYMS:
    ANTONYM_OF.setdefault(_a, _b)
    ANTONYM_OF.setdefault(_b, _a)
SOURCE_VERBS = r"(?:said|says|reported|stated|announced|claimed|told|added|confirmed)"
SOURCE_RES = [
    re.compile(r"\b[Aa]ccording to (?P<source>(?:the\s+)?[\w’'\- ]+?)(?=[,.;]|\s+(?:on|yesterday|in)\b|$)"),
    re.compile(rf"(?P<source>\b{WORD}(?:\s+{WORD})*)\s+{SOURCE_VERBS}\b"),
    re.compile(rf"\b{SOURCE_VERBS}\s+(?P<source>{WORD}(?:\s+{WORD})*)"),
]
CAUSE_MARKERS = ["because of", "because", "due to", "driven by", "in response to", "as a result of",
                 "caused by", "following", "after", "in order to", "to protest", "out of fear of", "amid"]
CAUSE_RE = re.compile(r"\b(?P<marker>" + "|".join(re.escape(m) for m in CAUSE_MARKERS) + r")\s+(?P<cause>[^,.;:]+)")
TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*|[^\W_]+(?:['’][^\W_]+)*")


@dataclass(frozen=True)
class Entity:
    text: str
    type: str  # "date", "org", "place", "person" or "other"
    start: int
    end: int


def words(text: str) -> list[str]:
    """Lower-cased word and number tokens; "hasn't" becomes "has", "not" ("can't": "ca", "not")."""
    text = re.sub(r"n[’']t\b", " not", text)
    return [t.lower().replace("’", "'") for t in TOKEN_RE.findall(text)]


def content_words(text: str) -> list[str]:
    """Tokens that are not stop words, possessive 's dropped, crudely stemmed to their first 6 letters."""
    out = []
    for token in words(text):
        token = token[:-2] if token.endswith("'s") else token
        if token not in ENGLISH_STOP_WORDS:
            out.append(token[:6])
    return out


def _type(span: str, before: str) -> str:
    lowered = span.lower().split()
    if span in WEEKDAYS or span in MONTHS or YEAR_RE.fullmatch(span):
        return "date"
    if (span.isupper() and len(span) > 1) or ORG_WORDS & set(lowered):
        return "org"
    if DEMONYM_RE.search(span) and not ORG_WORDS & set(lowered):
        return "other"  # "West African", "Chadian": adjectives
    if before in PLACE_CUES and len(lowered) <= 3:
        return "place"
    if len(lowered) >= 2 or before in TITLES:
        return "person"
    return "other"


def entities(sentence: str) -> list[Entity]:
    """Capitalised spans of a sentence with a guessed type (a sentence's first word only when not a stop word)."""
    found = []
    for match in ENTITY_RE.finditer(sentence):
        text, start = match.group(), match.start()
        first, _, rest = text.partition(" ")
        if first.lower() in ENGLISH_STOP_WORDS or first.lower() in TITLES:
            if not rest or not rest[0].isupper():
                continue
            start += len(first) + 1
            text = rest
        text = re.sub(r"[’']s$", "", text)
        if start == 0 and " " not in text and re.search(r"(?:ed|ly|ing|s)$", text):
            continue  # a sentence's first word ("Initiated", "Analysts"), not a name
        before = sentence[:start].split()
        kind = "org" if [w.lower() for w in before[-2:]] == ["according", "to"] else \
            _type(text, before[-1].lower() if before else "")
        found.append(Entity(text, kind, start, start + len(text)))
    return found + [Entity(m.group(), "date", m.start(), m.end()) for m in YEAR_RE.finditer(sentence)]


def numbers(text: str) -> set[str]:
    return {m.group().lower().replace(",", "") for m in NUMBER_RE.finditer(text)}


def negations(text: str) -> int:
    return sum(token in NEGATIONS for token in words(text))


def sources(text: str) -> set[str]:
    """Who a report or statement is attributed to ("according to X", "X said", "said X"), lower-cased."""
    found = set()
    for pattern in SOURCE_RES:
        for match in pattern.finditer(text):
            source = match.group("source").strip()
            source = re.sub(r"^(?:the|a)\s+", "", source, flags=re.IGNORECASE)
            if source and source.lower() not in ENGLISH_STOP_WORDS:
                found.add(source.lower())
    return found


def causes(text: str) -> list[tuple[str, str]]:
    """(marker, cause phrase) pairs, e.g. ("due to", "the perceived threat of military intervention")."""
    return [(m.group("marker").lower(), m.group("cause").strip()) for m in CAUSE_RE.finditer(text)]
