"""Entity precision from spaCy's named-entity recogniser (en_core_web_sm 3.8, loaded as data).

A sentence's entities (people, organisations, places, dates, numbers...) are
each looked up in the source: an entity is found when every one of its content
words occurs there (numbers compared as numbers, so "seven" matches "7").
The score is the share of entities found (1 when there are none); the
evidence is the source sentences holding the most of them. ``precision(...,
within=...)`` gives the same share against a few evidence sentences, which
catches an entity of the article swapped in from another passage.
"""

from __future__ import annotations

from typing import Iterable, Sequence

from research.faithfulness.base import Checker
from research.faithfulness.evidence import best_matches
from research.faithfulness.nlp import parse
from research.text.sentences import line_sentences
from research.text.tokens import numbers, strip_possessive, tokens

LABELS = ("PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "LAW", "DATE", "TIME",
          "PERCENT", "MONEY", "QUANTITY", "CARDINAL", "ORDINAL")
NUMERIC = {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "CARDINAL"}
FILLER = {"the", "a", "an", "of", "and", "'s", "s", "about", "around", "some", "nearly", "almost", "over", "more",
          "than", "at", "least", "up", "to", "last", "this", "next"}


def sentence_entities(sentence: str) -> list[tuple[str, str]]:
    """(text, label) of each entity spaCy finds, in order."""
    return [(ent.text, ent.label_) for ent in parse(sentence).ents if ent.label_ in LABELS]


def _vocabulary(texts: Iterable[str]) -> tuple[set[str], set[str]]:
    text = " ".join(texts)
    words = {strip_possessive(t) for t in tokens(text)}
    return words, numbers(text)


def found(entity: str, vocabulary: tuple[set[str], set[str]]) -> bool:
    words, nums = vocabulary
    content = [strip_possessive(t) for t in tokens(entity) if t not in FILLER]
    wanted_numbers = numbers(entity)
    if wanted_numbers and not wanted_numbers <= nums:
        return False
    return all(w in words or w in nums or numbers(w) <= nums and numbers(w) for w in content)


def precision(sentence: str, within: Sequence[str]) -> tuple[float, int]:
    """(share of the sentence's entities found in ``within``, number of entities)."""
    ents = sentence_entities(sentence)
    if not ents:
        return 1.0, 0
    vocabulary = _vocabulary(within)
    return sum(found(text, vocabulary) for text, _ in ents) / len(ents), len(ents)


class EntityPrecision(Checker):
    name = "entities"

    def __init__(self, threshold: float = 1.0):
        if not 0 <= threshold <= 1:
            raise ValueError(f"entities: threshold must be in [0, 1], got {threshold!r}")
        self.threshold = threshold

    def score(self, source: str, sentences: Sequence[str]) -> list[tuple[float, tuple[str, ...]]]:
        candidates = line_sentences(source)
        vocabularies = [_vocabulary([c]) for c in candidates]
        out = []
        for sentence in sentences:
            value, _ = precision(sentence, candidates)
            ents = [text for text, _ in sentence_entities(sentence)]
            hits = [(sum(found(e, v) for e in ents), -i) for i, v in enumerate(vocabularies)]
            best = max(hits, default=(0, 0))
            out.append((value, (candidates[-best[1]],) if best[0] else ()))
        return out

    def features(self, source: str, sentences: Sequence[str]) -> list[dict[str, float]]:
        """Precision against the article and against the sentence's evidence (best window + top 3 sentences)."""
        candidates = line_sentences(source)
        out = []
        for sentence, match in zip(sentences, best_matches(source, list(sentences))):
            article, count = precision(sentence, candidates)
            near, _ = precision(sentence, list(match.window.sentences + match.ranked[:3]))
            wanted = numbers(sentence)
            near_numbers = numbers(" ".join(match.window.sentences + match.ranked[:3]))
            out.append({"entities": article, "evidence": near, "any": float(count > 0),
                        "numbers_in_evidence": float(wanted <= near_numbers)})
        return out
