"""Near-duplicate detection: which articles retell the same story.

Two retellings share many word 3-grams even when most sentences are
reworded. Containment (shared shingles over the smaller set) catches a short
article retold inside a longer one, where Jaccard or whole-document TF-IDF
cosine are diluted by the longer article's other material.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from itertools import chain, repeat

SHINGLE_SIZE = 3


def shingles(text: str, size: int = SHINGLE_SIZE) -> set[tuple[str, ...]]:
    """Word ``size``-grams of the lowercased text.

    A word never spans a blank line, so the text's shingles are those of its paragraphs (memoised by
    their text: a corpus that repeats paragraphs pays for each once) plus the few that cross each break.
    """
    parts = text.split("\n\n")
    if len(parts) == 1:
        return set(_paragraph_shingles(text, size)[0])
    pieces = [_paragraph_shingles(part, size) for part in parts]
    if any(len(words) < size - 1 for _, words in pieces):  # a tiny paragraph: a shingle could span three
        words = re.findall(r"\w+", text.lower())
        return set(zip(*(words[i:] for i in range(size))))
    out = set().union(*(own for own, _ in pieces))
    for (_, before), (_, after) in zip(pieces, pieces[1:]):
        edge = before[len(before) - (size - 1):] + after[:size - 1]
        out.update(zip(*(edge[i:] for i in range(size))))
    return out


@lru_cache(maxsize=16_384)  # as research.text.sentences.CACHE_SIZE: bounded memory on a corpus of new text
def _paragraph_shingles(paragraph: str, size: int) -> tuple[frozenset, tuple[str, ...]]:
    """The paragraph's shingles and its words (for the shingles that cross into the next paragraph)."""
    words = tuple(re.findall(r"\w+", paragraph.lower()))
    return frozenset(zip(*(words[i:] for i in range(size)))), words


def containment(a: set, b: set) -> float:
    """Share of the smaller shingle set found in the other one (0 when either is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def near_duplicate_groups(texts: list[str], threshold: float) -> list[int]:
    """Cluster id per text; texts whose containment reaches ``threshold`` share one.

    Clusters are the connected components of the "near-duplicate" relation,
    numbered in order of their first member, so ids are stable for a corpus.
    Each text is compared with the clusters built so far, not with every
    earlier text: an inverted index of shingles finds the clusters it shares
    any shingle with, and one comparison with a cluster's union of shingles
    bounds every member's containment from above, so a cluster that cannot
    reach ``threshold`` is passed over and one that can is checked member by
    member until one does. The result equals comparing every pair; the cost
    grows with the number of clusters a shingle occurs in, not with the
    number of earlier texts, so a corpus of many copies is linear. A text
    that joins clusters is added to the largest of them directly, so only
    its shingles new to that cluster touch the index (a copy adds few).
    Limit: many *different* retellings of one story (benchmarks' load-distinct)
    make a cluster's union so large that texts of other stories pass the
    bound and are checked against every member: quadratic in cluster size.
    """
    if threshold <= 0:  # containment is never negative: everything is one cluster
        return [0] * len(texts)
    sets = [shingles(text) for text in texts]
    cluster = list(range(len(texts)))  # cluster of each text, named by one of its members
    members: dict[int, list[int]] = {}
    covered: dict[int, set] = {}  # union of the members' shingles
    smallest: dict[int, int] = {}  # smallest member shingle-set size
    # shingle -> clusters holding it: most shingles have one holder (an int in ``single``, no set object
    # per shingle); those with several are in ``multi``. A shingle is in at most one of the two.
    single: dict[tuple[str, ...], int] = {}
    multi: dict[tuple[str, ...], set[int]] = {}

    def hold(shingles_: set, c: int) -> None:
        """Record cluster ``c`` as a holder of ``shingles_`` (none of which it holds yet)."""
        for shingle in shingles_ & single.keys():
            multi[shingle] = {single.pop(shingle), c}
        for shingle in shingles_ & multi.keys():
            multi[shingle].add(c)
        single.update(dict.fromkeys(shingles_ - multi.keys(), c))

    def merge(a: int, b: int) -> int:
        big, small = (a, b) if len(covered[a]) >= len(covered[b]) else (b, a)
        single.update(dict.fromkeys(covered[small] & single.keys(), big))  # held by small alone
        for shingle in covered[small] & multi.keys():
            holders = multi[shingle]
            holders.discard(small)
            holders.add(big)
        covered[big] |= covered.pop(small)
        smallest[big] = min(smallest[big], smallest.pop(small))
        for j in members[small]:
            cluster[j] = big
        members[big] += members.pop(small)
        return big

    for i, own in enumerate(sets):
        # clusters sharing a shingle with this text (C-level iteration: this is the hot loop)
        shared = Counter(map(single.get, own, repeat(-1)))
        shared.update(chain.from_iterable(multi[shingle] for shingle in own & multi.keys()))
        shared.pop(-1, None)
        linked = [c for c, count in shared.items()
                  if count / min(len(own), smallest[c]) >= threshold
                  and any(containment(own, sets[j]) >= threshold for j in members[c])]
        if not linked:
            members[i], covered[i], smallest[i] = [i], set(own), len(own)
            hold(own, i)
            continue
        # join the largest linked cluster directly: only shingles new to it touch the index
        current = max(linked, key=lambda c: len(covered[c]))
        fresh = own - covered[current]
        hold(fresh, current)
        covered[current] |= fresh
        smallest[current] = min(smallest[current], len(own))
        members[current].append(i)
        cluster[i] = current
        for c in linked:
            if c != current:
                current = merge(current, c)
    numbering: dict[int, int] = {}
    return [numbering.setdefault(cluster[i], len(numbering)) for i in range(len(texts))]
