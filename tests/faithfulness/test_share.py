"""``sentence_verdicts``: each (source, summary) judged once, and a batch seen before read back as one entry."""

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
    monkeypatch.setattr(share, "check_chunk", lambda name, items: calls.append(len(items)) or real(name, items))
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
