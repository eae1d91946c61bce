"""Oracle (extractive ceiling): greedy sentence selection maximising ROUGE against the reference summaries.

It reads the references, so it is not a summarizer one could deploy: it shows
how far the best choice of whole sentences from the article could go. Every
table and log shows it as "oracle (extractive ceiling)".
"""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated, Literal

from pydantic import Field

from research.cache import key_digest, normalised_sha256
from research.data import load_articles
from research.data.frank import frank_articles, frank_rows
from research.errors import UserError
from research.summarization.base import Summarizer, SystemParams
from research.summarization.budget import count_words, select_sentences
from research.text.sentences import text_sentences

RougeName = Literal["rouge1", "rouge2", "rougeL"]
LABEL = "oracle (extractive ceiling)"


class OracleParams(SystemParams):
    metrics: Annotated[list[RougeName], Field(min_length=1)] = ["rouge1", "rouge2"]  # F1s averaged as the objective
    # where the references come from: the seeds, or a FRANK-format file or folder (research.data.frank)
    references: str = "seeds"


@lru_cache(maxsize=4)
def corpus_references(source: str) -> dict[str, list[str]]:
    """sha256 of each article's whitespace-normalised text -> its reference summaries, for the seeds or a
    FRANK-format benchmark."""
    if source == "seeds":
        return {normalised_sha256(a["text"]): list(a["summaries"]) for a in load_articles("seeds")}
    return {normalised_sha256(a["text"]): [a["reference"]] for a in frank_articles(frank_rows(source))}


class Oracle(Summarizer):
    name = "oracle"
    uses_seed = False  # no randomness
    extractive = True
    label = LABEL
    Params = OracleParams

    def fingerprint(self) -> dict:
        return {"references_sha256": key_digest(sorted(corpus_references(self.params.references).items()))}

    def _summarize(self, texts: list[str]) -> list[str]:
        references = corpus_references(self.params.references)
        found = []
        for index, text in enumerate(texts):
            refs = references.get(normalised_sha256(text))
            if refs is None:
                words = text.split()
                preview = " ".join(words[:8]) + (" ..." if len(words) > 8 else "")
                raise UserError(f"{LABEL} needs reference summaries: text {index + 1} ('{preview}') is not an "
                                f"article of references '{self.params.references}' (system.references: 'seeds' "
                                f"or a FRANK-format file or folder)")
            found.append(refs)
        return self.summarize_with_references(texts, found)

    def summarize_with_references(self, texts: list[str], references: list[list[str]]) -> list[str]:
        """The oracle against references you supply (one list of reference strings per text)."""
        from rouge_score import rouge_scorer

        scorer = rouge_scorer.RougeScorer(list(self.params.metrics), use_stemmer=True)
        return [self._select(text, refs, scorer) for text, refs in zip(texts, references)]

    def _select(self, text: str, references: list[str], scorer) -> str:
        sentences = text_sentences(text)

        def objective(indices: list[int]) -> float:
            candidate = " ".join(sentences[i] for i in sorted(indices))
            scores = [scorer.score(ref, candidate) for ref in references]
            return sum(s[m].fmeasure for s in scores for m in self.params.metrics) / (
                len(scores) * len(self.params.metrics))

        chosen: list[int] = []
        best, used = 0.0, 0
        while self.budget.sentences is None or len(chosen) < self.budget.sentences:
            step = None
            for index in range(len(sentences)):
                n = count_words(sentences[index])
                if index in chosen or (self.budget.words is not None and used + n > self.budget.words):
                    continue
                score = objective(chosen + [index])
                if score > best:  # strictly better: ties keep the earlier sentence
                    best, step = score, index
            if step is None:
                break  # no sentence fits, or none raises the score
            chosen.append(step)
            used += count_words(sentences[step])
        if not chosen:  # not even one sentence fits: cut the single best one to the budget
            ranking = sorted(range(len(sentences)), key=lambda i: -objective([i]))
            return select_sentences(sentences, ranking, self.budget)
        return " ".join(sentences[i] for i in sorted(chosen))
