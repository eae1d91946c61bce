"""Training examples for the FactCC-style checker: seed sentences, their paraphrases and corruptions.

Never the hand-written claims. For every sentence of every seed article:
the original and up to ``paraphrases`` meaning-preserving rewrites are true;
every corruption type that applies gives one false example, made from one of
the true variants (so edited text appears on both sides).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from research.faithfulness.corruptions import CORRUPTIONS, ArticleContext
from research.faithfulness.paraphrases import PARAPHRASES


@dataclass(frozen=True)
class Example:
    article: int  # index into the article list
    claim: str
    supported: bool
    kind: str  # "original", "paraphrase:<name>" or "corruption:<name>"


def article_examples(index: int, sentences: list[str], rng: random.Random, paraphrases: int = 2) -> list[Example]:
    article = ArticleContext.of(sentences)
    out: list[Example] = []
    for sentence in sentences:
        true = [(sentence, "original")]
        rewrites = [(name, fn(sentence, article, rng)) for name, fn in PARAPHRASES.items()]
        rewrites = [(name, text) for name, text in rewrites if text and text != sentence]
        for name, text in rng.sample(rewrites, min(paraphrases, len(rewrites))):
            true.append((text, f"paraphrase:{name}"))
        out += [Example(index, text, True, kind) for text, kind in true]
        for name, corrupt in CORRUPTIONS.items():
            base = rng.choice(true)[0]
            changed = corrupt(base, article, rng) or (corrupt(sentence, article, rng) if base != sentence else None)
            if changed and changed != base and changed != sentence:
                out.append(Example(index, changed, False, f"corruption:{name}"))
    return out


def build_examples(articles: list[list[str]], seed: int, rounds: int = 1, paraphrases: int = 2) -> list[Example]:
    """Examples for every article's sentences; ``rounds`` passes with one seeded RNG, duplicates dropped."""
    rng = random.Random(seed)  # nosec B311 # seeded sampling of synthetic examples, not security
    seen: set[tuple[int, str]] = set()
    out = []
    for _ in range(rounds):
        for index, sentences in enumerate(articles):
            for example in article_examples(index, sentences, rng, paraphrases):
                if (example.article, example.claim) not in seen:
                    seen.add((example.article, example.claim))
                    out.append(example)
    return out
