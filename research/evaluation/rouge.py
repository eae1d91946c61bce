"""ROUGE-1/2/L/Lsum against one or more references, with ``rouge-score``.

Porter stemming on (``use_stemmer=True``, like ROUGE-1.5.5 ``-m``). ROUGE-Lsum
needs one sentence per line, so both sides are split with the project's
sentence splitter (pysbd) and joined with newlines first; the other types
ignore line breaks. With several references we report both the
multi-reference score (the reference with the best F1, per ROUGE type, as
``RougeScorer.score_multi`` does) and the mean over references.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from research.text.sentences import line_sentences

ROUGE_TYPES = ("rouge1", "rouge2", "rougeL", "rougeLsum")
SHORT_NAMES = {"rouge1": "R1", "rouge2": "R2", "rougeL": "RL", "rougeLsum": "RLsum"}


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True)
class RougeResult:
    """Scores of one summary: ``best[type]`` (multi-reference) and ``mean[type]`` (mean over references)."""

    best: dict[str, PRF]
    mean: dict[str, PRF]

    def flat(self) -> dict[str, float]:
        """``{'rouge1_p': .., 'rouge1_r': .., 'rouge1_f': .., 'rouge1_f_mean': .., ...}`` for tables and JSON."""
        out: dict[str, float] = {}
        for kind in ROUGE_TYPES:
            best, mean = self.best[kind], self.mean[kind]
            out.update({f"{kind}_p": best.precision, f"{kind}_r": best.recall, f"{kind}_f": best.f1,
                        f"{kind}_p_mean": mean.precision, f"{kind}_r_mean": mean.recall, f"{kind}_f_mean": mean.f1})
        return out


def one_sentence_per_line(text: str) -> str:
    """The text's sentences (paragraph by paragraph), one per line, as ROUGE-Lsum expects."""
    return "\n".join(line_sentences(text))


class _Stems:
    """Porter stems (the stemmer rouge-score's DefaultTokenizer uses), each word stemmed once per process."""

    def __init__(self):
        from nltk.stem import porter  # nltk is a rouge-score dependency (about a second to import)

        self._porter = porter.PorterStemmer()
        self._stems: dict[str, str] = {}

    def stem(self, word: str) -> str:
        stem = self._stems.get(word)
        if stem is None:
            stem = self._stems[word] = self._porter.stem(word)
        return stem


@lru_cache(maxsize=1)
def _stems() -> _Stems:
    return _Stems()


class _Tokenizer:
    """rouge-score's default tokenization with stemming, each text tokenized once per ``rouge`` call.

    RougeScorer tokenizes the prediction again for every reference and ROUGE type; the tokens are the same
    (``rouge_score.tokenize.tokenize`` with the same stemmer), so the scores are too.
    """

    def __init__(self):
        self._tokens: dict[str, list[str]] = {}

    def tokenize(self, text: str) -> list[str]:
        from rouge_score.tokenize import tokenize

        tokens = self._tokens.get(text)
        if tokens is None:
            tokens = self._tokens[text] = tokenize(text, _stems())
        return list(tokens)  # a copy: the scorer owns what it is given


def rouge(summary: str, references: list[str]) -> RougeResult:
    """ROUGE of ``summary`` against ``references`` (at least one)."""
    if not references:
        raise ValueError("rouge: references must hold at least one reference, got none")
    from rouge_score.rouge_scorer import RougeScorer

    scorer = RougeScorer(list(ROUGE_TYPES), tokenizer=_Tokenizer())
    prediction = one_sentence_per_line(summary)
    each = [scorer.score(one_sentence_per_line(r), prediction) for r in references]
    # RougeScorer.score_multi's rule (per type, the reference with the highest F1, the first on ties), applied
    # to the per-reference scores the mean needs anyway rather than scoring every reference twice
    best = {k: each[max(range(len(each)), key=lambda i: (each[i][k].fmeasure, -i))][k] for k in ROUGE_TYPES}
    return RougeResult(
        best={k: PRF(float(v.precision), float(v.recall), float(v.fmeasure)) for k, v in best.items()},
        mean={
            k: PRF(*(float(sum(getattr(s[k], field) for s in each) / len(each))
                     for field in ("precision", "recall", "fmeasure")))
            for k in ROUGE_TYPES
        },
    )
