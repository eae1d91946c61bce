"""The checker interface: ``Verdict`` and the ``Checker`` base class."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Sequence

from research.text.detokenise import detokenise as detokenised


@dataclass(frozen=True)
class Verdict:
    """One summary sentence judged against its source.

    ``score`` is in [0, 1] (higher: more likely supported); ``supported`` is
    ``score >= threshold`` of the checker that made it; ``evidence`` holds the
    source sentences the checker matched, best first (may be empty).
    """

    score: float
    supported: bool
    evidence: tuple[str, ...] = ()


class Checker:
    """Base class: subclasses set ``name`` and implement ``score``.

    ``threshold`` turns a score into a verdict; constructors store their
    arguments (validated in ``__init__``) and load nothing heavy until first use.
    """

    name: ClassVar[str]
    threshold: float = 0.5
    detokenise: bool = True  # judge a tokenised sentence as prose; every checker's option (``build_checker``)

    def score(self, source: str, sentences: Sequence[str]) -> list[tuple[float, tuple[str, ...]]]:
        """(score, evidence) per sentence."""
        raise NotImplementedError

    def features(self, source: str, sentences: Sequence[str]) -> list[dict[str, float]]:
        """Named numbers per sentence for the combination (``combined``); by default the score alone."""
        return [{self.name: float(s)} for s, _ in self.score(source, list(sentences))]

    def check(self, source: str, sentences: Sequence[str]) -> list[Verdict]:
        """One verdict per sentence, in order. Tokenised sentences (``it 's true , he said .``) are judged as the prose
        they stand for (``research.text.detokenise``): systems' outputs often come tokenised."""
        scored = self.score(source, [detokenised(s) for s in sentences] if self.detokenise else list(sentences))
        if len(scored) != len(sentences):
            raise RuntimeError(f"checker {self.name!r} returned {len(scored)} scores for {len(sentences)} sentences")
        return [Verdict(score=float(s), supported=bool(s >= self.threshold), evidence=tuple(e)) for s, e in scored]
