"""``checkers_verdicts``: each (source, summary) judged once per checker, a batch seen before read back as one
entry, and several checkers in one pass that gives each the verdicts it gives alone."""

import shutil

import pytest

from research.faithfulness import share

PAIRS = [("Niamey is calm. The junta has 7 members.", "The junta has 7 members.\nNiamey is calm."),
         ("ECOWAS met in Abuja on Sunday.", "ECOWAS met in Lagos. It met on Sunday.")]


@pytest.fixture
def counted(monkeypatch, tmp_path):
    monkeypatch.setenv("RESEARCH_CACHE_DIR", str(tmp_path / "cache"))
    calls: list[int] = []
    real = share.check_chunk
    monkeypatch.setattr(share, "check_chunk", lambda items: calls.append(len(items)) or real(items))
    return calls, tmp_path / "cache"


def test_verdicts_are_computed_once_then_read_from_the_batch_entry(counted):
    calls, cache = counted
    first = share.sentence_verdicts("numbers", PAIRS)
    assert calls == [2] and [len(v) for v in first] == [2, 2]
    shutil.rmtree(cache / "faithfulness-sentence-verdicts")  # the per-pair entries gone: the batch entry answers
    assert share.sentence_verdicts("numbers", PAIRS) == first and calls == [2]


def test_a_changed_pair_misses_the_batch_and_only_it_is_checked(counted):
    calls, _ = counted
    first = share.sentence_verdicts("numbers", PAIRS)
    changed = [PAIRS[0], (PAIRS[1][0], "ECOWAS met in Abuja.")]
    again = share.sentence_verdicts("numbers", changed)
    assert calls == [2, 1]  # the unchanged pair from its own entry
    assert again[0] == first[0] and len(again[1]) == 1
    assert share.sentence_verdicts("numbers", PAIRS[:1]) == first[:1] and calls == [2, 1]  # one pair: no batch


def test_several_checkers_in_one_pass_judge_only_what_each_lacks_and_agree_with_each_alone(counted, monkeypatch):
    calls, cache = counted
    asked: list[list[str]] = []
    real = share.check_chunk
    monkeypatch.setattr(share, "check_chunk",
                        lambda items: asked.extend([s["name"] for s in ss] for _, _, ss in items) or real(items))
    numbers = share.sentence_verdicts("numbers", PAIRS[:1])
    both = share.checkers_verdicts(["names", "numbers"], PAIRS)
    assert asked == [["numbers"], ["names"], ["names", "numbers"]]  # the first pair's numbers verdicts were cached
    assert both["numbers"][0] == numbers[0]
    shutil.rmtree(cache)
    alone = {name: share.sentence_verdicts(name, PAIRS) for name in ("names", "numbers")}
    assert both == alone and both["names"] != both["numbers"]
