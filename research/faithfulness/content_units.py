"""Content units of a claim (names, numbers, times, places), negation polarity and cause links, as plain text rules.

The ``units`` checker (``research.faithfulness.units``) looks each unit up
in the few source sentences that best match the claim, not in the whole
article: a false claim usually keeps the words of its source sentence and
changes one unit (a number, a date, a place, a name swapped in from elsewhere
in the article), while a true paraphrase rewords the sentence but keeps its
units. Matching is tolerant of rewording that keeps a unit's meaning:
demonyms and capitals stand for their country ("Nigerian", "Abuja" ->
nigeria), "a decade" is ten years, a person is found by surname.
"""

from __future__ import annotations

import re

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from research.faithfulness.nlp import parse
from research.faithfulness.spans import entities as capitalised_spans

TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W_]+(?:['’][^\W_]+)*")
DEMONYMS = {
    "nigerian": "nigeria", "beninese": "benin", "chadian": "chad", "malian": "mali", "nigerien": "niger",
    "burkinabe": "burkina", "ghanaian": "ghana", "ivorian": "ivory", "senegalese": "senegal", "togolese": "togo",
    "american": "america", "french": "france", "russian": "russia", "german": "germany", "british": "britain",
    "chinese": "china", "algerian": "algeria", "libyan": "libya", "mauritanian": "mauritania", "african": "africa",
    "european": "europe", "ukrainian": "ukraine", "gambian": "gambia", "liberian": "liberia", "guinean": "guinea",
    "sudanese": "sudan", "egyptian": "egypt", "turkish": "turkey", "moroccan": "morocco", "cameroonian": "cameroon",
}
# a capital or a short form standing for its country ("Washington said", "the US")
ALIASES = {"washington": "america", "us": "america", "usa": "america", "states": "america", "paris": "france",
           "moscow": "russia", "kremlin": "russia", "abuja": "nigeria", "bamako": "mali", "ouagadougou": "burkina",
           "n'djamena": "chad", "accra": "ghana", "uk": "britain", "london": "britain", "beijing": "china"}
# words of a name that do not identify it ("President Bazoum" is found as "Bazoum")
FILLER = {"the", "a", "an", "of", "and", "about", "around", "some", "nearly", "almost", "over", "more", "than",
          "at", "least", "up", "to", "last", "this", "next", "only", "just", "roughly", "approximately", "united",
          "former", "new", "mr", "mrs", "ms", "president", "general", "gen", "colonel", "minister", "prime"}
NAME_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"}
WEEKDAYS = set("monday tuesday wednesday thursday friday saturday sunday".split())
MONTHS = set("january february march april june july august september october november december".split())
TIME_UNITS = {"day": "day", "days": "day", "week": "week", "weeks": "week", "month": "month", "months": "month",
              "year": "year", "years": "year", "hour": "hour", "hours": "hour", "morning": "morning",
              "evening": "evening", "afternoon": "afternoon", "night": "night"}
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
                "hundred": 100}
# vague magnitudes are units of their own: "tens of thousands" is not "hundreds of thousands"
MAGNITUDES = [(re.compile(r"\bhundreds of thousands\b"), "1e5+"), (re.compile(r"\btens of thousands\b"), "1e4+"),
              (re.compile(r"\bmillions\b"), "1e6+"), (re.compile(r"\bthousands\b"), "1e3+"),
              (re.compile(r"\bhundreds\b"), "1e2+"), (re.compile(r"\bdozens\b"), "1e1+")]
DECADE = re.compile(r"\bdecades?\b", re.IGNORECASE)
COMPASS = re.compile(r"\b(north|south|east|west)(?:ern|-?(?:east|west)(?:ern)?)?\b", re.IGNORECASE)
# Word lists as patterns, one per feature: data that only looks alike, not repeated logic.
# polarity: a core negation, or a word that negates by its meaning ("refused", "unknown")
CORE_NEGATION = re.compile(r"\b(?:not|no|never|without|nobody|none|nothing|nor|neither|cannot)\b|n['’]t\b",
                           re.IGNORECASE)
NEGATIVE_WORD = re.compile(r"\b(?:unless|failure|unknown|refused?|refusing|rejected|rejects?|denied|denies|deny|"
                           r"failed|fails?|lack(?:s|ed)?|absence|unable|ignored?|declined?|rebuff(?:ed|ing)?)\b",
                           re.IGNORECASE)
IDIOMS = re.compile(r"\b(?:without delay|no longer|not only|no doubt|nothing but)\b", re.IGNORECASE)
CLAUSE_BREAK = re.compile(r"[,;:—–()“”\"]|\b(?:but|although|though|while|whereas|however|yet|because|after|before)\b",
                          re.IGNORECASE)
CAUSE_LINK = re.compile(r"\b(?:because(?: of)?|due to|owing to|in order to|so as to|in response to|as a result of|"
                        r"which is why|that is why|for fear of|given that|in retaliation for|in reaction to)\b",
                        re.IGNORECASE)
EFFECT_FIRST = re.compile(r"(?i)(?:which|that) is why")


def normalise(token: str) -> str:
    """Lower case, no possessive, a demonym or alias mapped to its country."""
    token = re.sub(r"'s$", "", token.lower().replace("’", "'"))
    token = DEMONYMS.get(token, token)
    return ALIASES.get(token, token)


def _tokens(text: str) -> list[str]:
    return TOKEN.findall(re.sub(r"\bU\.S\b\.?", "US", text))


def vocabulary(text: str) -> set[str]:
    """The normalised words of ``text`` (plural -s dropped too); "a decade" adds 10 and year."""
    words = [normalise(t) for t in _tokens(text)]
    found = set(words) | {w[:-1] for w in words if w.endswith("s") and len(w) > 3}
    return found | ({"10", "year"} if DECADE.search(text) else set())


def names(text: str) -> list[list[str]]:
    """Each name (spaCy's named entities, and capitalised spans not at the start) as its identifying words."""
    spans = [e.text for e in parse(text).ents if e.label_ in NAME_LABELS]
    spans += [e.text for e in capitalised_spans(text) if e.type != "date" and e.start > 0]
    out: list[list[str]] = []
    for span in spans:
        words = [normalise(t) for t in _tokens(span) if t.lower() not in FILLER and not t.isdigit()]
        if words and words not in out:
            out.append(words)
    return out


def _has(word: str, vocabulary_: set[str]) -> bool:
    # a long word may differ by an ending ("jihadist"/"jihadists"); short ones must match ("Niger" is not "Nigeria")
    return word in vocabulary_ or (len(word) >= 6 and any(
        w.startswith(word) or (len(w) >= 6 and word.startswith(w)) for w in vocabulary_))


def numbers(text: str) -> set[str]:
    """Numbers as digits ("50,000" -> 50000, "three" -> 3, "a decade" -> 10) and vague magnitudes."""
    low = DECADE.sub(" 10 years ", text.lower())
    found = set()
    for pattern, label in MAGNITUDES:
        if pattern.search(low):
            found.add(label)
            low = pattern.sub(" ", low)
    found |= {re.sub(r",(?=\d{3}\b)", "", n) for n in re.findall(r"\d+(?:[.,]\d+)*", low)}
    return found | {str(NUMBER_WORDS[w]) for w in TOKEN.findall(low) if w in NUMBER_WORDS}


def times(text: str) -> set[str]:
    """Weekdays, months, years and time units ("three days": day)."""
    words = [t.lower() for t in TOKEN.findall(text)]
    found = {w for w in words if w in WEEKDAYS or w in MONTHS or re.fullmatch(r"(?:19|20)\d\d", w)}
    found |= {TIME_UNITS[w] for w in words if w in TIME_UNITS}
    return found | ({"may"} if re.search(r"\bMay\b", text[1:]) else set())  # the month, not the verb


def places(text: str) -> set[str]:
    """Compass directions ("northwestern", "south")."""
    return {m.group(0).lower().replace("-", "") for m in COMPASS.finditer(text)}


def missing_units(claim: str, evidence: str) -> dict[str, list[str]]:
    """The claim's units that the evidence lacks, by kind (empty lists: all found)."""
    known = vocabulary(evidence)
    evidence_times = times(evidence) | ({"year"} if DECADE.search(evidence) else set())
    return {
        "names": [" ".join(n) for n in names(claim)
                  if not (all(_has(w, known) for w in n) or (len(n) > 1 and _has(n[-1], known)))],
        "numbers": sorted(numbers(claim) - numbers(evidence) - {"1"}),
        "times": sorted(times(claim) - evidence_times),
        "places": sorted(places(claim) - places(evidence)),
    }


def stems(text: str) -> set[str]:
    """Content words cut to 5 letters, negations left out (for matching clauses and ranking evidence)."""
    return {normalise(t)[:5] for t in TOKEN.findall(text)
            if t.lower() not in ENGLISH_STOP_WORDS and not CORE_NEGATION.fullmatch(t)}


def polarity(text: str) -> int:
    """2: a core negation ("not", "no", "never"...); 1: only a negative word ("refused", "unknown"); 0: none."""
    text = IDIOMS.sub(" ", text)
    return 2 if CORE_NEGATION.search(text) else 1 if NEGATIVE_WORD.search(text) else 0


def clauses(text: str) -> list[str]:
    return [c.strip() for c in CLAUSE_BREAK.split(text) if c and len(re.findall(r"\w+", c)) >= 3]


def negation_flips(claim: str, evidence: list[str], min_overlap: float = 0.4) -> int:
    """Claim clauses whose best-matching evidence clause has the opposite polarity.

    Only a core negation against no negative at all counts: "was refused" and
    "was denied" agree, "would not be placed" and "would be available" do not.
    """
    candidates = [c for sentence in evidence for c in clauses(sentence)] or list(evidence)
    flips = 0
    for clause in clauses(claim) or [claim]:
        words = stems(clause)
        if len(words) < 3 or not candidates:
            continue
        overlap, best = max(((len(words & stems(c)) / len(words), c) for c in candidates), key=lambda t: t[0])
        mine, theirs = polarity(clause), polarity(best)
        flips += overlap >= min_overlap and {mine, theirs} == {0, 2}
    return flips


def cause_parts(claim: str) -> tuple[str, str] | None:
    """(effect, cause) of a claim that links them ("X because Y", "Y, which is why X"), else None."""
    match = CAUSE_LINK.search(claim)
    if not match:
        return None
    effect, cause = claim[:match.start()].strip(" ,;"), claim[match.end():].strip(" ,;.")
    if EFFECT_FIRST.fullmatch(match.group(0)):
        effect, cause = cause, effect
    if len(re.findall(r"\w+", effect)) < 2 or len(re.findall(r"\w+", cause)) < 2:
        return None
    return effect, cause


SUPPORTING = set("for aid assist help support defend defense defence back protect join reinforce ally alongside pro "
                 "favour favor side rescue save".split())
OPPOSING = set("against fight oppose resist attack counter confront invade invasion intervention intervene threat "
               "threaten sanction condemn anti combat topple oust overthrow reject".split())


# who can be helped or fought besides named ones
ACTORS = set("junta army government military force troop soldier bloc rebel regime president leader country nation "
             "state people population citizen civilian volunteer militant jihadist insurgent group coalition "
             "opposition mercenary putschist authority".split())


def _sign(token) -> int:
    lemma = token.lemma_.lower()
    return 1 if lemma in SUPPORTING else -1 if lemma in OPPOSING else 0


def _participant(token) -> str:
    return re.sub(r"['’]s$", "", token.text.lower()) if token.text[:1].isupper() else token.lemma_.lower()


def _stance(token, hops: int) -> int:
    """The nearest supporting (+1) or opposing (-1) word above ``token`` in the parse ("fight against [the junta]"),
    or its verb's object when it is the subject ("[the junta] needs help")."""
    if token.dep_ in ("nsubj", "nsubjpass"):  # a subject's own verb is what it does, not a stance toward it
        return next((_sign(c) for c in token.head.children if c.dep_ in ("dobj", "xcomp", "attr") and _sign(c)), 0)
    node = token
    for _ in range(hops):
        if node.head is node:
            break
        via_conjunct, node = node.dep_ == "conj", node.head
        if _sign(node) and not via_conjunct:  # "combat, medical assistance": a list item, not a target
            return _sign(node)
    return 0


def stances(text: str, hops: int = 4) -> dict[str, set[int]]:
    """Participant (noun or name) -> the signs of the stances toward it in ``text``."""
    doc = parse(text)
    out: dict[str, set[int]] = {}
    for token in doc:
        named = token.pos_ == "PROPN" or (token.pos_ == "NOUN" and token.text[:1].isupper())  # "ECOWAS" is often a NOUN
        if not (named or (token.pos_ == "NOUN" and token.lemma_.lower() in ACTORS)) or token.dep_ == "compound":
            continue
        sign = _stance(token, hops)
        if not sign and token.i >= 2 and doc[token.i - 1].text == "," and doc[token.i - 2].pos_ in ("NOUN", "PROPN"):
            sign = _stance(doc[token.i - 2], hops)  # "the regional bloc, ECOWAS": an apposition the parser missed
        if sign:
            out.setdefault(_participant(token), set()).add(sign)
    return out


def stance_flips(claim: str, evidence: list[str]) -> int:
    """Participants the claim is for (against) where the evidence is only against (for) them."""
    theirs: dict[str, set[int]] = {}
    for sentence in evidence:
        for participant, signs in stances(sentence).items():
            theirs.setdefault(participant, set()).update(signs)
    return sum(len(signs) == 1 and theirs.get(participant) == {-next(iter(signs))}
               for participant, signs in stances(claim).items())
