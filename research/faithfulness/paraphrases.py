"""Meaning-preserving rewrites of article sentences: the FactCC checker's true examples besides the originals.

Without them the classifier would learn "edited = false". Each takes
(sentence, article context, seeded rng) and returns a rewrite the article
still supports, or None: clause reordering (a leading phrase or an
attribution moved), compression (an apposition, a parenthesis or a trailing
clause dropped), synonyms, active to passive where easy, and a sentence
merged with its neighbour.
"""

from __future__ import annotations

import random
import re
from typing import Callable, Optional

from research.faithfulness.corruptions import ArticleContext, _clause
from research.faithfulness.spans import ENTITY_RE, entities

LEADING_RE = re.compile(r"^(?P<lead>(?:In|At|On|After|Before|During|Since|While|Following|Despite|Amid|With|As|"
                        r"Meanwhile|Shortly|Just|Last|Earlier|Later)\b[^,]{0,80}),\s+(?P<rest>.+?)(?P<end>[.!?]?)$")
TRAILING_SOURCE_RE = re.compile(r"^(?P<claim>.+?),\s+(?P<source>according to [^,]+?|(?:he|she|they|[A-Z][\w ]+?) "
                                r"(?:said|reported|stated))(?P<end>[.!?]?)$")
LEADING_SOURCE_RE = re.compile(r"^According to (?P<source>[^,]+),\s+(?P<claim>.+?)(?P<end>[.!?]?)$")
APPOSITION_RE = re.compile(r",\s+(?:one of|a|an|the)\s[^,]{3,60},")
TRAILING_CLAUSE_RE = re.compile(r"\s+(?:which|who|as|while|given|such as|including|after|before|with|"
                                r"[a-z]+ing)\b")
PARENTHESIS_RE = re.compile(r"\s*\([^)]{1,60}\)")
SYNONYMS = {
    "said": "stated", "stated": "said", "ousted": "removed", "soldiers": "troops", "troops": "soldiers",
    "began": "started", "approximately": "about", "nearly": "almost", "capital": "capital city", "help": "assistance",
    "assistance": "help", "aims": "seeks", "launch": "start", "called for": "urged", "announced": "declared",
    "rejected": "refused", "sought": "asked for", "requested": "asked for", "deposed": "ousted",
    "detained": "held", "threat": "danger", "attacks": "assaults", "residents": "inhabitants", "citizens": "people",
    "visited": "went to", "arrived": "came", "fight": "battle", "support": "backing", "ensure": "secure",
    "uncertain": "unclear", "significant": "considerable", "recent": "latest", "immediate": "prompt",
    "several": "a number of", "also": "additionally", "however": "but", "warned": "cautioned",
}
SYNONYM_RE = re.compile(r"\b(" + "|".join(re.escape(w) for w in sorted(SYNONYMS, key=len, reverse=True)) + r")\b",
                        re.IGNORECASE)
PASSIVE_RE = re.compile(r"^(?P<agent>[A-Z][\w’' ]+?) (?P<verb>[a-z]{3,}ed) (?P<patient>the [a-z][\w’' ]+?)"
                        r"(?P<end>[.!?]?)$")

Paraphrase = Callable[[str, ArticleContext, random.Random], Optional[str]]


def _sentence_case(text: str) -> str:
    return text[0].upper() + text[1:] if text else text


def move_leading_phrase(sentence: str, article: ArticleContext, rng: random.Random) -> str | None:
    """'In response, ECOWAS acted.' -> 'ECOWAS acted in response.'"""
    match = LEADING_RE.match(sentence)
    if not match or len(match.group("rest").split()) < 4:
        return None
    lead = match.group("lead")
    lead = lead if any(e.start == 0 for e in entities(lead)) and not lead.startswith(("In ", "At ", "On ")) \
        else lead[0].lower() + lead[1:]
    return f"{_sentence_case(match.group('rest'))} {lead}{match.group('end') or '.'}"


def move_attribution(sentence: str, article: ArticleContext, rng: random.Random) -> str | None:
    """'X, according to Y.' <-> 'According to Y, X.'; 'X, Y said.' -> 'Y said that X.'"""
    match = LEADING_SOURCE_RE.match(sentence)
    if match:
        return f"{_clause(match.group('claim'))}, according to {match.group('source')}{match.group('end') or '.'}" \
            .replace(_clause(match.group('claim')), _sentence_case(_clause(match.group('claim'))), 1)
    match = TRAILING_SOURCE_RE.match(sentence)
    if not match or "“" in sentence or '"' in sentence:
        return None
    source, claim = match.group("source"), _clause(match.group("claim"))
    if source.startswith("according to"):
        return f"{_sentence_case(source)}, {claim}{match.group('end') or '.'}"
    return f"{_sentence_case(source)} that {claim}{match.group('end') or '.'}"


def compress(sentence: str, article: ArticleContext, rng: random.Random) -> str | None:
    """An apposition or a parenthesis dropped, else the clause after the last comma (when six words remain)."""
    for pattern, new in ((APPOSITION_RE, ","), (PARENTHESIS_RE, "")):
        found = list(pattern.finditer(sentence))
        if found:
            match = rng.choice(found)
            shorter = sentence[:match.start()] + new + sentence[match.end():]
            return shorter.replace(",,", ",").replace(", ,", ",")
    head, comma, tail = sentence.rpartition(",")
    if comma and len(head.split()) >= 6 and "“" not in head + tail and TRAILING_CLAUSE_RE.match(tail) \
            and not re.search(r"\b(?:said|not|never|no)\b", tail):
        return head.rstrip() + (sentence[-1] if sentence[-1] in ".!?" else ".")
    return None


def synonyms(sentence: str, article: ArticleContext, rng: random.Random) -> str | None:
    """One or two words replaced by a synonym from a small general list."""
    found = list(SYNONYM_RE.finditer(sentence))
    if not found:
        return None
    chosen = sorted(rng.sample(found, min(2, len(found))), key=lambda m: m.start(), reverse=True)
    for match in chosen:
        word = match.group()
        new = SYNONYMS[word.lower()]
        new = _sentence_case(new) if word[0].isupper() else new
        sentence = sentence[:match.start()] + new + sentence[match.end():]
    return sentence


def passive(sentence: str, article: ArticleContext, rng: random.Random) -> str | None:
    """'ECOWAS imposed the sanctions.' -> 'The sanctions were imposed by ECOWAS.' (simple clauses only)."""
    match = PASSIVE_RE.match(sentence)
    if not match or not ENTITY_RE.fullmatch(match.group("agent")):
        return None
    patient = match.group("patient")
    be = "were" if patient.split()[-1].endswith("s") else "was"
    return f"{_sentence_case(patient)} {be} {match.group('verb')} by {match.group('agent')}{match.group('end') or '.'}"


def merge_with_neighbour(sentence: str, article: ArticleContext, rng: random.Random) -> str | None:
    """The sentence and the next one of the article joined into one ('..., and ...')."""
    sentences = list(article.sentences)
    if sentence not in sentences:
        return None
    index = sentences.index(sentence)
    if index + 1 >= len(sentences) or "“" in sentence + sentences[index + 1]:
        return None
    nxt = sentences[index + 1]
    if len((sentence + nxt).split()) > 60:
        return None
    return f"{_clause(sentence)[0].upper()}{_clause(sentence)[1:]}, and {_clause(nxt)}."


PARAPHRASES: dict[str, Paraphrase] = {
    "reorder": move_leading_phrase, "attribution": move_attribution, "compress": compress, "synonyms": synonyms,
    "passive": passive, "merge": merge_with_neighbour,
}
