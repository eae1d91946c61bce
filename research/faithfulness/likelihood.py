"""``likelihood``: how probable the bundled SmolLM2 finds the sentence after reading the article (BARTScore-style).

Optional and slow (about 1.5 sentences a second on one CPU thread): not in the default checker. The prompt is
plain text, no chat template: ``Article: <article>\\nSummary sentence:``, and the sentence follows as the
continuation ``" " + sentence``. The prompt is tokenised in three parts (``"Article: "``, ``" " + article``, the
tail), so the model reads two spaces before the article: the prototype of issue 34 was measured that way. The
article is collapsed to one paragraph and cut to its first ``article_tokens`` tokens (cut further when the longest
sentence would not fit the model's context of ``CONTEXT_TOKENS``); article and sentence are lower-cased (option
``lowercase``), as FRANK's system outputs are.

The signal is the sentence's mean per-token natural-log probability; the score is ``exp`` of it, the per-token
geometric-mean probability: in (0, 1] and monotone in the mean, so it ranks exactly as the mean does. The default
``threshold`` (0.25, a mean log probability of about -1.39) is set by hand, not fitted on anything. There is no
evidence: the score conditions on the whole (cut) article.

The model runs on llama.cpp (``research.lm``'s ``continuation_logprobs``): an article is evaluated once and the
sentences of all its summaries, judged one after another, are decoded on top of it. Token log-probabilities are
cached per (model, llama.cpp build, article, sentences) on disk, keyed with this module's code closure.
"""

from __future__ import annotations

import math
import os
from typing import Sequence

from research.cache import JsonCache, cache_key
from research.errors import UserError
from research.faithfulness.base import Checker
from research.lm import BUNDLED_LM, ChatModel, build_key, load_chat_model, model_fingerprint

BACKEND = "llama_cpp"
CONTEXT_TOKENS = 2048
# the article follows HEAD as " <article>" (two spaces, as the prototype measured), the sentence follows TAIL
HEAD, TAIL = "Article: ", "\nSummary sentence:"
MAX_ARTICLE_TOKENS = CONTEXT_TOKENS - 128  # room for the template and a sentence


def prompt_text(article: str, lowercase: bool = True) -> str:
    """The article as the prompt reads it: one paragraph (whitespace collapsed), lower-cased if asked."""
    text = " ".join(article.split())
    return text.lower() if lowercase else text


def prefix_tokens(lm: ChatModel, article: str, article_tokens: int, room: int) -> list[int]:
    """HEAD, the article's first ``article_tokens`` tokens (fewer if the prompt and ``room`` more tokens would not
    fit ``CONTEXT_TOKENS``) and TAIL, each part tokenised on its own."""
    head, tail = lm.tokenize(HEAD), lm.tokenize(TAIL)
    keep = min(article_tokens, CONTEXT_TOKENS - len(head) - len(tail) - room)
    if keep < 0:
        raise ValueError(f"likelihood: a sentence of {room} tokens does not fit the context of {CONTEXT_TOKENS}")
    return head + lm.tokenize(" " + article)[:keep] + tail


def thread_count(threads: int | None) -> int | None:
    """``threads`` as given; when null, OMP_NUM_THREADS if set (Ray sets it to a task's CPUs, so two workers do
    not each spin a thread per core), else None: the loader's default, the physical cores."""
    if threads is not None:
        return threads
    env = os.environ.get("OMP_NUM_THREADS", "")
    return int(env) if env.isdigit() and int(env) > 0 else None


def sentence_logprobs(article: str, sentences: Sequence[str], model: str = BUNDLED_LM, article_tokens: int = 1800,
                      threads: int | None = None) -> list[list[float]]:
    """Per sentence, the log-probability of each of its tokens after the article prompt (texts used as given).

    Cached per (model, llama.cpp build, article, sentences, article_tokens) on disk."""
    cache = JsonCache("likelihood")
    key = cache_key({"article_tokens": article_tokens, "context_tokens": CONTEXT_TOKENS, "head": HEAD, "tail": TAIL,
                     **build_key(BACKEND)},
                    {"model": model_fingerprint(model, BACKEND), "article": article, "sentences": list(sentences)},
                    [__name__])
    cached = cache.get(key)
    if cached is not None:
        return [[float(v) for v in row] for row in cached]
    lm = load_chat_model(model, BACKEND, threads=thread_count(threads), context_tokens=CONTEXT_TOKENS)
    continuations = [lm.tokenize(" " + s) for s in sentences]
    prefix = prefix_tokens(lm, article, article_tokens, max(map(len, continuations)))
    out = lm.continuation_logprobs(prefix, continuations)
    cache.put(key, out)
    return out


class Likelihood(Checker):
    """exp(mean per-token log p(sentence | article prompt)) under the bundled SmolLM2 on llama.cpp."""

    name = "likelihood"

    def __init__(self, model: str = BUNDLED_LM, article_tokens: int = 1800, lowercase: bool = True,
                 threshold: float = 0.25, threads: int | None = None):
        # scikit-learn's convention (as its estimators): each argument stored as given under its own name
        self.model = model
        self.article_tokens = article_tokens
        self.lowercase = lowercase
        self.threshold = threshold
        self.threads = threads
        self._validate()

    def _validate(self) -> None:
        if not isinstance(self.model, str) or not self.model:
            raise UserError(f"likelihood: model must be '{BUNDLED_LM}' or a .gguf path, got {self.model!r}")
        if isinstance(self.article_tokens, bool) or not isinstance(self.article_tokens, int) \
                or not 1 <= self.article_tokens <= MAX_ARTICLE_TOKENS:
            raise UserError(f"likelihood: article_tokens must be an integer from 1 to {MAX_ARTICLE_TOKENS}, "
                            f"got {self.article_tokens!r}")
        if not isinstance(self.lowercase, bool):
            raise UserError(f"likelihood: lowercase must be true or false, got {self.lowercase!r}")
        if isinstance(self.threshold, bool) or not isinstance(self.threshold, (int, float)) \
                or not 0 <= self.threshold <= 1:
            raise UserError(f"likelihood: threshold must be a number in [0, 1], got {self.threshold!r}")
        if self.threads is not None and (isinstance(self.threads, bool) or not isinstance(self.threads, int)
                                         or self.threads < 1):
            raise UserError("likelihood: threads must be an integer >= 1 or null (OMP_NUM_THREADS or the physical "
                            f"cores), got {self.threads!r}")

    def mean_logprobs(self, source: str, sentences: Sequence[str]) -> list[float]:
        """Per sentence, its mean per-token natural-log probability after the article prompt."""
        if not sentences:
            return []
        texts = [s.lower() if self.lowercase else s for s in sentences]
        rows = sentence_logprobs(prompt_text(source, self.lowercase), texts, self.model, self.article_tokens,
                                 self.threads)
        return [sum(row) / len(row) for row in rows]

    def score(self, source: str, sentences: Sequence[str]) -> list[tuple[float, tuple[str, ...]]]:
        return [(math.exp(mean), ()) for mean in self.mean_logprobs(source, sentences)]
