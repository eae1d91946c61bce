"""``units``: a claim's content units, negation, cause links and sources checked against its own evidence.

Evidence: the source sentence that best matches the claim (MiniLM cosine plus
the share of the claim's content words it holds, so that a claim with one
swapped name still finds its own sentence), with the sentence before it (and
two more when it opens with a pronoun: "He said..."). Signals, per claim:

- ``units``: 0 when a name, number, time or place of the claim is missing from
  that evidence (``research.faithfulness.content_units``), else 1 (its score);
- ``loose``: the same against the two best sentences and their predecessors;
- ``window``: cosine of the best window of 1-3 sentences (a claim the article
  never states matches nothing well);
- ``negation``: claim clauses whose matching evidence clause has the opposite polarity;
- ``cause_link``: the claim links an effect to a cause ("because", "in order
  to") that the article states apart (best matches more than one sentence apart);
- ``attribution``: the claim's reported source is not the evidence's
  (``research.faithfulness.relations``);
- ``stance``: participants the claim is for where the evidence is against them, or the reverse.

The ``combined`` checker weighs these by logistic regression fitted on the
hand-written judgments inside article folds.
"""

from __future__ import annotations

import re
from typing import Sequence

import numpy as np

from research.faithfulness.base import Checker
from research.faithfulness.relations import compare
from research.faithfulness.retrieval import Retrieved, encode, retrieve
from research.faithfulness.content_units import cause_parts, missing_units, negation_flips, stance_flips, stems
from research.text.sentences import line_sentences

PRONOUN = re.compile(r"\b(?:he|she|they|it|his|her|their|its|both)\b", re.IGNORECASE)


def ranked_sentences(claim: str, retrieved: Retrieved, lexical_weight: float,
                     sentence_stems: list[set[str]]) -> list[int]:
    """Source sentence indices, best first: cosine plus ``lexical_weight`` x share of the claim's content words
    (``sentence_stems``: ``stems`` of each source sentence, in order)."""
    words = stems(claim)
    scored = [(similarity + lexical_weight * len(words & sentence_stems[w.start]) / max(1, len(words)), -w.start,
               w.start) for similarity, w in retrieved.ranked if len(w.sentences) == 1]
    return [index for *_, index in sorted(scored, reverse=True)]


def context(index: int, sentences: list[str]) -> list[int]:
    """The sentence and the one before it; two more before when it refers back with a pronoun."""
    back = 3 if PRONOUN.search(sentences[index]) else 1
    return list(range(max(0, index - back), index + 1))


def cause_link_broken(claim: str, vectors: np.ndarray, sentence_stems: list[set[str]]) -> bool:
    """The claim's effect and cause best match sentences more than one apart (the article does not link them).

    ``vectors`` and ``sentence_stems``: MiniLM vectors and ``stems`` of the source sentences, in order."""
    parts = cause_parts(claim)
    if parts is None:
        return False
    best = []
    for part, vector in zip(parts, encode(list(parts))):
        words = stems(part)
        lexical = np.array([len(words & other) / max(1, len(words)) for other in sentence_stems])
        best.append(int(np.argmax(vectors @ vector + 0.5 * lexical)))
    return abs(best[0] - best[1]) > 1


class ContentUnits(Checker):
    name = "units"

    def __init__(self, threshold: float = 0.5, lexical_weight: float = 0.5, max_window: int = 3):
        if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not 0 <= threshold <= 1:
            raise ValueError(f"units: threshold must be a number in [0, 1], got {threshold!r}")
        if isinstance(lexical_weight, bool) or not isinstance(lexical_weight, (int, float)) or lexical_weight < 0:
            raise ValueError(f"units: lexical_weight must be a number >= 0, got {lexical_weight!r}")
        if max_window not in (1, 2, 3):
            raise ValueError(f"units: max_window must be 1, 2 or 3, got {max_window!r}")
        self.threshold = threshold
        self.lexical_weight = lexical_weight
        self.max_window = max_window

    def analyse(self, source: str, claims: Sequence[str]) -> list[tuple[dict[str, float], tuple[str, ...]]]:
        """(signals, evidence sentences) per claim."""
        claims = list(claims)
        sentences = line_sentences(source)
        if not claims or not sentences:
            return [({"units": 1.0, "loose": 0.0, "window": 0.0, "negation": 0.0, "cause_link": 0.0,
                      "attribution": 0.0, "stance": 0.0}, ()) for _ in claims]
        vectors = encode(sentences)
        sentence_stems = [stems(s) for s in sentences]  # once per article, not once per claim
        out = []
        for claim, retrieved in zip(claims, retrieve(claims, sentences, self.max_window)):
            order = ranked_sentences(claim, retrieved, self.lexical_weight, sentence_stems)
            top = sentences[order[0]]
            strict = [sentences[i] for i in context(order[0], sentences)]
            loose = [sentences[i] for i in sorted({j for best in order[:2] for j in context(best, sentences)})]
            signals = {
                "units": 0.0 if any(missing_units(claim, " ".join(strict)).values()) else 1.0,
                "loose": float(sum(map(len, missing_units(claim, " ".join(loose)).values()))),
                "window": retrieved.best()[0],
                "negation": float(negation_flips(claim, [sentences[i] for i in order[:2]])),
                "cause_link": float(cause_link_broken(claim, vectors, sentence_stems)),
                # the reporting sentence alone, unless it names its source by a pronoun ("he said")
                "attribution": float(compare(claim, strict if PRONOUN.search(top) else [top]).attribution),
                "stance": float(stance_flips(claim, loose)),
            }
            out.append((signals, tuple(strict)))
        return out

    def score(self, source: str, sentences: Sequence[str]) -> list[tuple[float, tuple[str, ...]]]:
        """1 when no unit is missing and no flag is raised, else 0."""
        return [(float(s["units"] == 1 and not (s["negation"] or s["cause_link"] or s["attribution"] or s["stance"])),
                 evidence)
                for s, evidence in self.analyse(source, sentences)]

    def features(self, source: str, sentences: Sequence[str]) -> list[dict[str, float]]:
        return [signals for signals, _ in self.analyse(source, sentences)]
