"""Features of a (claim, retrieved evidence) pair for the FactCC-style classifier.

Similarities of the best window and best sentence (MiniLM), and lexical
mismatches of the claim against them: content words, bigrams, numbers and
names the evidence lacks (and the article lacks), negation counts, antonyms
of evidence words, participants in reversed order, a report's source, a
cause phrase. Optionally the embedding interactions |u - v| and u * v.
"""

from __future__ import annotations

import numpy as np

from research.faithfulness.retrieval import Retrieved
from research.faithfulness.spans import ANTONYM_OF, causes, content_words, entities, negations, numbers, sources, words

NAMES = [
    "cos_window", "cos_sentence", "cos_gap", "miss_sentence", "miss_window", "miss_top", "miss_article",
    "borrowed", "novel_bigrams", "neg_diff_window", "neg_diff_sentence", "neg_mismatch", "num_miss_window",
    "num_miss_article", "ent_miss_window", "ent_miss_sentence", "ent_miss_article", "antonyms", "inverted_pairs",
    "shared_pairs", "role_flip", "subject_swap", "by_claim", "by_diff", "source_miss", "cause_claim", "cause_miss", "n_content", "length_ratio",
]
# The mismatches a paraphrase in other words leaves alone (no raw similarity, no share of reworded
# words): trained on near-copies, those features flagged every hand-written true paraphrase.
TARGETED = ["neg_diff_window", "neg_diff_sentence", "neg_mismatch", "num_miss_window", "num_miss_article",
            "ent_miss_window", "ent_miss_sentence", "ent_miss_article", "antonyms", "inverted_pairs", "shared_pairs",
            "role_flip", "by_diff", "source_miss", "cause_claim", "cause_miss", "miss_article"]
FEATURE_SETS = {"targeted": TARGETED, "all": NAMES}


def _miss(claim: list[str], evidence: set[str]) -> float:
    return sum(t not in evidence for t in claim) / len(claim) if claim else 0.0


def _bigrams(tokens: list[str]) -> set[tuple[str, str]]:
    return set(zip(tokens, tokens[1:]))


def _participants(text: str) -> list[str]:
    """Names and 'the X' phrases in order of appearance, lower-cased, each once."""
    found = [e.text.lower() for e in entities(text) if e.type != "date"]
    tokens = words(text)
    found += [f"the {b}" for a, b in zip(tokens, tokens[1:]) if a == "the" and len(b) > 3]
    positions = {p: text.lower().find(p) for p in found}
    return sorted(dict.fromkeys(p for p in found if positions[p] >= 0), key=positions.get)


def _order(text: str, items: list[str]) -> dict[str, int]:
    lowered = text.lower()
    return {item: lowered.find(item) for item in items}


def inverted_pairs(claim: str, evidence: str) -> tuple[int, int]:
    """(pairs of shared participants in reversed order, shared pairs)."""
    shared = [p for p in _participants(claim) if p in evidence.lower()]
    at = _order(evidence, shared)
    pairs = [(a, b) for i, a in enumerate(shared) for b in shared[i + 1:] if a not in b and b not in a]
    return sum(at[a] > at[b] for a, b in pairs), len(pairs)


SUPPORTING = {"for", "defend", "defending", "help", "helping", "aid", "aiding", "assist", "support", "supports",
              "supporting", "back", "backs", "backing", "protect", "protecting", "with", "join", "joined"}
OPPOSING = {"against", "attack", "attacking", "fight", "fighting", "oppose", "opposes", "opposing", "condemn",
            "condemned", "resist", "resisting", "confront", "threaten", "threatened", "sanction", "sanctioned"}


def _role_words(text: str, participants: list[str]) -> dict[str, str]:
    """The word right before a participant's first mention ('fight against [the junta]' -> 'against')."""
    lowered = text.lower()
    out = {}
    for p in participants:
        before = lowered[:lowered.find(p)].split()
        out[p] = before[-1].strip(",;:") if before else ""
    return out


def role_flip(claim: str, evidence: str) -> int:
    """Shared participants introduced by a supporting word in one text and an opposing word in the other."""
    shared = [p for p in _participants(claim) if p in evidence.lower()]
    mine, theirs = _role_words(claim, shared), _role_words(evidence, shared)
    return sum((mine[p] in SUPPORTING and theirs[p] in OPPOSING) or (mine[p] in OPPOSING and theirs[p] in SUPPORTING)
               for p in shared)


def subject_swap(claim: str, evidence: str) -> float:
    """1 when the claim's first participant is in the evidence but is not the evidence's first one."""
    claimed, found = _participants(claim), _participants(evidence)
    return float(bool(claimed and found) and claimed[0] in evidence.lower() and claimed[0] != found[0])


def _names(text: str) -> set[str]:
    return {e.text.lower() for e in entities(text)}


def lexical(claim: str, retrieved: Retrieved, article: str) -> list[float]:
    cos_window, window = retrieved.best()
    cos_sentence, sentence = retrieved.best(1)
    top = " ".join(w.text for _, w in retrieved.ranked[:3])
    claim_words, window_text, sentence_text = content_words(claim), window.text, sentence.text
    article_words = set(content_words(article))
    inverted, shared = inverted_pairs(claim, window_text)
    claim_names = _names(claim)
    claim_sources = sources(claim)
    claim_causes = [c for _, c in causes(claim)]
    cause_words = [t for c in claim_causes for t in content_words(c)]
    window_tokens = set(words(window_text))
    second = retrieved.ranked[1][0] if len(retrieved.ranked) > 1 else 0.0
    return [
        cos_window, cos_sentence, cos_window - second,
        _miss(claim_words, set(content_words(sentence_text))),
        _miss(claim_words, set(content_words(window_text))),
        _miss(claim_words, set(content_words(top))),
        _miss(claim_words, article_words),
        _miss(claim_words, set(content_words(window_text))) - _miss(claim_words, article_words),
        _miss(list(_bigrams(words(claim))), _bigrams(words(window_text))) if len(words(claim)) > 1 else 0.0,
        float(negations(claim) - negations(window_text)),
        float(negations(claim) - negations(sentence_text)),
        float((negations(claim) > 0) != (negations(sentence_text) > 0)),
        float(len(numbers(claim) - numbers(window_text))),
        float(len(numbers(claim) - numbers(article))),
        float(sum(n not in window_text.lower() for n in claim_names)),
        float(sum(n not in sentence_text.lower() for n in claim_names)),
        float(sum(n not in article.lower() for n in claim_names)),
        float(sum(t not in window_tokens and ANTONYM_OF[t] in window_tokens for t in set(words(claim))
                  if t in ANTONYM_OF)),
        float(inverted), float(shared), float(role_flip(claim, sentence_text)), subject_swap(claim, sentence_text),
        float(" by " in claim), float((" by " in claim) != (" by " in window_text)),
        float(bool(claim_sources) and not any(s in window_text.lower() for s in claim_sources)),
        float(bool(claim_causes)),
        _miss(cause_words, set(content_words(window_text))),
        float(len(claim_words)),
        len(claim_words) / max(1, len(content_words(window_text))),
    ]


def pair_features(claim: str, retrieved: Retrieved, article: str, embeddings: bool = False,
                  features: str = "targeted") -> np.ndarray:
    """One feature row: the named set (``FEATURE_SETS``) in order, then (with ``embeddings``) |u - v| and u * v
    of claim and best window."""
    values = dict(zip(NAMES, lexical(claim, retrieved, article)))
    row = np.asarray([values[name] for name in FEATURE_SETS[features]], dtype=np.float64)
    if not embeddings:
        return row
    u = retrieved.claim_vector
    v = retrieved.window_vectors[retrieved.best()[1]]
    return np.concatenate([row, np.abs(u - v), u * v]).astype(np.float64)
