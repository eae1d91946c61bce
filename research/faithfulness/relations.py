"""Relation check: who does what to whom, with what stance, negation and source, against the article's evidence.

Each clause of a spaCy dependency parse gives a ``Relation``: predicate lemma,
subject and object (passives turned active: "X was attacked by Y" is Y attack X),
negation (``not``/``never``, or a governing "deny"/"refuse"/"fail"), role
phrases (preposition -> its object: for, against, by, with, to, from...), a
stance toward each argument (+1 support: "defend X", "for X", "with X"; -1
opposition: "resist X", "against X"; flipped by negation) and the source of a
report ("according to X", "X said"). The sentence's relations are matched to
those of its evidence (the best MiniLM window and the top source sentences);
arguments match on a shared content lemma or MiniLM similarity, so paraphrases
pass. Mismatch flags: negation, inverted subject/object, opposite stance,
attribution to a source the evidence does not name, and a cause the evidence
does not state. Score: 1 with no flag, 0.5 with one, 0 with more.
Over 250 lines: clause extraction and matching share the Relation type and
the parse helpers, and split apart they would only call each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Sequence

import numpy as np

from research.encoder import encode
from research.faithfulness.base import Checker
from research.faithfulness.evidence import best_matches
from research.faithfulness.nlp import parse

CONTENT = {"NOUN", "PROPN", "NUM"}
SUBJECTS = {"nsubj", "csubj", "expl"}
OBJECTS = {"dobj", "obj", "attr", "dative", "oprd"}
CLAUSES = {"relcl", "acl", "advcl", "ccomp", "xcomp", "conj", "appos", "parataxis"}
NEGATORS = {"deny", "refuse", "reject", "fail", "decline", "dismiss", "rule"}
SAY = {"say", "report", "tell", "state", "claim", "announce", "warn", "write", "confirm", "add", "note", "accuse",
       "allege", "insist", "declare", "quote", "cite", "reveal", "estimate"}
SUPPORT = {"defend", "support", "back", "aid", "help", "protect", "join", "assist", "ally", "side", "rally",
           "endorse", "welcome", "praise", "serve", "reinforce", "guard", "shield", "champion", "applaud"}
OPPOSE = {"resist", "oppose", "attack", "fight", "counter", "confront", "condemn", "sanction", "threaten",
          "invade", "denounce", "reject", "overthrow", "topple", "depose", "criticise", "criticize", "combat",
          "defy", "challenge", "target", "suspend", "expel", "repel", "battle", "strike", "against"}
ROLE_STANCE = {"for": 1, "behind": 1, "alongside": 1, "against": -1}
CAUSE_WORDS = {"because", "due", "since", "cause", "result", "lead", "response", "reason", "so", "therefore",
               "thus", "owing", "trigger", "prompt", "spark", "consequence"}
SAME = 0.62  # MiniLM cosine above which two short phrases count as the same thing


@dataclass(frozen=True)
class Relation:
    predicate: str
    subject: str = ""  # phrase text ("" when none)
    object: str = ""
    negated: bool = False
    roles: tuple[tuple[str, str], ...] = ()  # (preposition, phrase)
    source: str = ""  # who reports it

    def stances(self) -> list[tuple[str, int]]:
        """(argument phrase, +1 support / -1 opposition) toward the object and the role phrases."""
        verb = 1 if self.predicate in SUPPORT else -1 if self.predicate in OPPOSE else 0
        sign = -1 if self.negated else 1
        out = [(self.object, sign * verb)] if self.object and verb else []
        out += [(phrase, sign * ROLE_STANCE[prep]) for prep, phrase in self.roles if prep in ROLE_STANCE]
        return out


def _phrase(token) -> str:
    """The argument's words without nested clauses, determiners or punctuation."""
    keep, stack = [], [token]
    while stack:
        t = stack.pop()
        keep.append(t)
        stack.extend(c for c in t.children if c.dep_ not in CLAUSES and c.dep_ not in ("det", "punct", "cc")
                     and (c.dep_ != "prep" or c.lower_ == "of"))
    return " ".join(t.text for t in sorted(keep, key=lambda t: t.i))


def _lemmas(phrase: str) -> set[str]:
    # both lemma and word: the tagger lemmatises 'ECOWAS' to 'ecowa' only in some contexts
    return {w for t in parse(phrase) if t.pos_ in CONTENT or (t.is_alpha and not t.is_stop and t.pos_ != "ADJ")
            for w in (t.lemma_.lower(), t.lower_)} if phrase else set()


def _inherited_subject(verb):
    head = verb
    while head.dep_ in ("xcomp", "conj", "advcl", "acl") and head.head.i != head.i:
        head = head.head
        subjects = [c for c in head.children if c.dep_ in SUBJECTS]
        if subjects:
            return subjects[0]
    return None


def _source(verb, doc) -> str:
    head = verb
    while True:
        for child in head.children:
            if child.lower_ == "according":
                objects = [g for c in child.children for g in c.children if c.dep_ == "prep" and g.dep_ == "pobj"]
                if objects:
                    return _phrase(objects[0])
        if head.lemma_ in SAY and head.i != verb.i:
            subjects = [c for c in head.children if c.dep_ in SUBJECTS]
            if subjects:
                return _phrase(subjects[0])
        if head.head.i == head.i:
            return ""
        head = head.head


def relations(text: str) -> list[Relation]:
    """One relation per verb of the parse (verbs of saying included, so their source is compared too)."""
    doc = parse(text)
    out = []
    for verb in doc:
        if verb.pos_ not in ("VERB", "AUX") or (verb.pos_ == "AUX" and verb.dep_ not in ("ROOT", "conj")) or (
                verb.lower_ == "according"):
            continue
        subject = next((c for c in verb.children if c.dep_ in SUBJECTS), None) or _inherited_subject(verb)
        passive = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        agent = next((g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
        obj = next((c for c in verb.children if c.dep_ in OBJECTS), None)
        if passive is not None:
            subject, obj = agent, passive
        negated = any(c.dep_ == "neg" or c.lower_ in ("never", "no") for c in verb.children)
        head = verb
        while head.dep_ in ("xcomp", "ccomp") and head.head.i != head.i:
            head = head.head
            if head.lemma_ in NEGATORS:
                negated = not negated
            if any(c.dep_ == "neg" for c in head.children) and head.lemma_ not in SAY:
                negated = not negated
        roles = tuple((c.lower_, _phrase(g)) for c in verb.children if c.dep_ == "prep" and c.lower_ != "according"
                      for g in c.children if g.dep_ == "pobj")
        out.append(Relation(verb.lemma_.lower(), _phrase(subject) if subject is not None else "",
                            _phrase(obj) if obj is not None else "", negated, roles, _source(verb, doc)))
    return out


@lru_cache(maxsize=4096)
def similarity(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    if a.lower() == b.lower():
        return 1.0
    va, vb = encode([a.lower(), b.lower()])
    return float(np.dot(va, vb))


def same(a: str, b: str) -> bool:
    """Two argument phrases name the same thing: a shared proper noun or noun lemma, or close in MiniLM."""
    if not a or not b:
        return False
    return bool(_lemmas(a) & _lemmas(b)) or similarity(a, b) >= SAME


@dataclass
class Flags:
    negation: bool = False
    inversion: bool = False
    stance: bool = False
    attribution: bool = False
    cause: bool = False
    matched: float = 0.0  # best predicate similarity of the sentence's relations to the evidence's
    details: list[str] = field(default_factory=list)

    def count(self) -> int:
        return sum((self.negation, self.inversion, self.stance, self.attribution, self.cause))


def compare(sentence: str, evidence: Sequence[str]) -> Flags:
    """Mismatch flags of ``sentence``'s relations against those of the evidence sentences."""
    claimed = relations(sentence)
    found = [r for e in evidence for r in relations(e)]
    flags = Flags()
    evidence_words = {w for e in evidence for t in parse(e) for w in (t.lemma_.lower(), t.lower_)}
    for r in claimed:
        scored = sorted(((similarity(r.predicate, e.predicate), i) for i, e in enumerate(found)), reverse=True)
        if scored:
            flags.matched = max(flags.matched, scored[0][0])
        for sim, i in scored[:3]:
            e = found[i]
            if sim < 0.5:
                break
            shares = same(r.subject, e.subject) or same(r.object, e.object) or not (r.subject or r.object)
            if shares and r.negated != e.negated and sim >= 0.7:
                flags.negation = True
                flags.details.append(f"negation: {r.predicate!r} vs {e.predicate!r}")
            if (r.subject and r.object and same(r.subject, e.object) and same(r.object, e.subject)
                    and not same(r.subject, e.subject)):
                flags.inversion = True
                flags.details.append(f"inverted: {r.subject!r} {r.predicate} {r.object!r}")
        if r.source and not any(same(r.source, e.source) for e in found if e.source) and not (
                _lemmas(r.source) & evidence_words):
            flags.attribution = True
            flags.details.append(f"source: {r.source!r}")
    evidence_stances = [s for e in found for s in e.stances()]
    for r in claimed:
        for phrase, sign in r.stances():
            signs = {s for p, s in evidence_stances if same(phrase, p)}
            if signs == {-sign}:
                flags.stance = True
                flags.details.append(f"stance toward {phrase!r}")
    claim_words = {t.lemma_.lower() for t in parse(sentence)}
    if claim_words & CAUSE_WORDS and not evidence_words & CAUSE_WORDS:
        flags.cause = True
        flags.details.append("cause not stated in the evidence")
    return flags


def _negated(text: str) -> bool:
    return any(t.dep_ == "neg" or t.lower_ in ("never", "no", "without") or t.lemma_ in NEGATORS for t in parse(text))


def novelty(sentence: str, evidence: Sequence[str]) -> tuple[float, float]:
    """Shares of the sentence's content words, and of its names and numbers, absent from the evidence (lemmas)."""
    seen = {w for e in evidence for t in parse(e) for w in (t.lemma_.lower(), t.lower_)}
    content = [t for t in parse(sentence) if t.pos_ in ("NOUN", "PROPN", "NUM", "VERB", "ADJ") and not t.is_stop]
    names = [t for t in content if t.pos_ in ("PROPN", "NUM")]

    def share(tokens) -> float:
        return sum(t.lemma_.lower() not in seen and t.lower_ not in seen for t in tokens) / len(tokens) if tokens else 0.0

    return share(content), share(names)


def evidence_for(source: str, sentences: list[str], top: int = 3) -> list[tuple[str, ...]]:
    """The best window's sentences, then the top single sentences (no repeats)."""
    return [tuple(dict.fromkeys(m.window.sentences + m.ranked[:top])) for m in best_matches(source, sentences)]


class Relations(Checker):
    name = "relations"

    def __init__(self, threshold: float = 0.75, evidence_sentences: int = 3):
        if not 0 <= threshold <= 1:
            raise ValueError(f"relations: threshold must be in [0, 1], got {threshold!r}")
        if not isinstance(evidence_sentences, int) or evidence_sentences < 1:
            raise ValueError(f"relations: evidence_sentences must be a positive integer, got {evidence_sentences!r}")
        self.threshold = threshold
        self.evidence_sentences = evidence_sentences

    def flags(self, source: str, sentences: Sequence[str]) -> list[tuple[Flags, tuple[str, ...]]]:
        evidence = evidence_for(source, list(sentences), self.evidence_sentences)
        return [(compare(s, e), e) for s, e in zip(sentences, evidence)]

    def score(self, source: str, sentences: Sequence[str]) -> list[tuple[float, tuple[str, ...]]]:
        return [(max(0.0, 1.0 - 0.5 * f.count()), e) for f, e in self.flags(source, sentences)]

    def features(self, source: str, sentences: Sequence[str]) -> list[dict[str, float]]:
        out = []
        for sentence, (flags, evidence) in zip(sentences, self.flags(source, sentences)):
            words, names = novelty(sentence, evidence)
            out.append({"negation": float(flags.negation), "inversion": float(flags.inversion),
                        "stance": float(flags.stance), "attribution": float(flags.attribution),
                        "cause": float(flags.cause), "predicate": flags.matched,
                        "relations": max(0.0, 1.0 - 0.5 * flags.count()), "novel_words": words, "novel_names": names,
                        "negation_any": float(_negated(sentence) != any(_negated(e) for e in evidence))})
        return out
