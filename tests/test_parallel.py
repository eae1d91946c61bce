"""The `parallel` config section: validation, and the Ray backend against `local` on a real local Ray instance.

Ray talks TCP on the loopback interface only (the instance is started here,
with two worker CPUs), so the Ray tests allow 127.0.0.1 and nothing else.
"""

import os

# Ray's "no cluster" mode: every Ray process uses and listens on 127.0.0.1 instead of this machine's network
# address. Ray reads it when it is first imported (here, before any test imports it); its processes inherit it.
os.environ["RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"] = "0"

import shutil
import tempfile
from pathlib import Path

import pytest
import urllib3  # noqa: F401  imported before sockets are blocked (see tests/summarization/conftest.py)
import yaml

from research.cache import CACHE_ENV
from research.tasks import load_config
from research.errors import ConfigError
from research.parallel import ParallelConfig
from research.paths import CONFIGS
from research.runs import run_experiment

LOOPBACK = pytest.mark.allow_hosts(["127.0.0.1"])
CNB_SMALL = {"min_df": [1], "label_copies": [0, 3], "alpha": [0.1, 1.0]}  # a 4-point grid: nested searches


def _summary_config(tmp_path, **keys):
    data = {"experiment": "summarization", "seed": 13, "system": {"name": "textrank"}, "budget": {"words": 50},
            "runtime": {"batch_size": 2}, **keys}
    path = tmp_path / "summarize-test.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def _classify_config(tmp_path, **keys):
    data = {"experiment": "classification", "seed": 3, "system": {"name": "tfidf_cnb", **CNB_SMALL},
            "table": "classify-test", **keys}
    path = tmp_path / "classify-test.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_default_is_local(tmp_path):
    assert load_config(_summary_config(tmp_path)).parallel == ParallelConfig(backend="local", address=None, workers=2)
    assert load_config(_classify_config(tmp_path)).parallel.backend == "local"


@pytest.mark.parametrize("parallel, message", [
    ({"backend": "dask"}, "key 'parallel.backend': input should be 'local' or 'ray', got string \"dask\""),
    ({"workers": 0}, "key 'parallel.workers': input should be greater than 0, got integer 0"),
    ({"address": "http://head:6379"},
     "key 'parallel.address': expected null, 'auto', 'host:port' or 'ray://host:port', got 'http://head:6379'"),
    ({"adress": "auto"}, "unknown key 'parallel.adress' (did you mean 'address'?)"),
])
@pytest.mark.parametrize("make", [_summary_config, _classify_config])
def test_config_errors_name_the_key(tmp_path, make, parallel, message):
    path = make(tmp_path, parallel=parallel)
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert str(error.value) == f"{path}: {message}"


@pytest.mark.parametrize("address", ["auto", "head.example:6379", "ray://10.0.0.5:10001"])
def test_cluster_addresses_are_accepted(tmp_path, address):
    config = load_config(_summary_config(tmp_path), [f"parallel.address={address}", "parallel.backend=ray"])
    assert config.parallel.address == address


@pytest.mark.parametrize("report", ["classification-report.yaml", "summarization-report.yaml"])
def test_reports_accept_the_section(report):
    from research.paths import CONFIGS

    assert load_config(CONFIGS / report).parallel == ParallelConfig(backend="local", address=None, workers=2)
    config = load_config(CONFIGS / report, ["parallel.backend=ray", "parallel.workers=3", "parallel.address=auto"])
    assert config.parallel == ParallelConfig(backend="ray", address="auto", workers=3)
    with pytest.raises(ConfigError) as error:
        load_config(CONFIGS / report, ["parallel.workers=0"])
    assert str(error.value).endswith("key 'parallel.workers': input should be greater than 0, got integer 0")


@pytest.fixture(scope="module")
def local_ray():
    """A private Ray instance on this machine for this module's Ray tests: two CPUs (two workers), loopback only;
    shut down after the last of them."""
    import ray

    folder = tempfile.mkdtemp(prefix="ray-")  # short: Ray's Unix socket paths must stay under 108 bytes
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, _node_ip_address="127.0.0.1",
             _temp_dir=folder, configure_logging=False)
    assert [node["NodeManagerAddress"] for node in ray.nodes()] == ["127.0.0.1"]  # loopback only
    yield ray
    ray.shutdown()
    shutil.rmtree(folder, ignore_errors=True)


@LOOPBACK
def test_ray_summaries_equal_local_and_use_the_cache(tmp_path, monkeypatch, local_ray):
    from research.tasks.summarization import summarize_articles

    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    local = load_config(_summary_config(tmp_path, cache=False))
    expected = summarize_articles(local)
    assert len(expected) == 5 and all(row["summary"] for row in expected)

    ray_config = load_config(_summary_config(tmp_path), ["parallel.backend=ray", "parallel.workers=2"])
    stats: dict = {}
    from research.tasks.summarization import _articles, _summarize

    texts = [a["text"] for a in _articles(ray_config)]
    _summarize(ray_config.model_copy(update={"parallel": ParallelConfig()}), texts[:2], False, None)  # 2 cached
    summaries = _summarize(ray_config, texts, False, stats)
    assert summaries == [row["summary"] for row in expected]  # input order, same text
    assert stats == {"cached": 2, "computed": 3}
    entries = sorted(p for p in (tmp_path / "cache" / "summaries").rglob("*.json"))
    assert len(entries) == 5  # computed summaries were stored by the driver
    assert _summarize(ray_config, texts, False, stats) == summaries and stats == {"cached": 5, "computed": 0}
    assert summarize_articles(ray_config.model_copy(update={"cache": False})) == expected  # no cache: same again


@LOOPBACK
def test_ray_cross_validation_equals_local(tmp_path, local_ray, monkeypatch):
    path = _classify_config(tmp_path)
    runs = {}
    for backend in ("local", "ray"):
        monkeypatch.setenv("RESEARCH_CACHE_DIR", str(tmp_path / backend / "cache"))  # both compute: no cached result
        runs[backend] = run_experiment(path, [f"parallel.backend={backend}"], experiments_dir=tmp_path / backend,
                                       progress=False)
        assert runs[backend].output.metrics["cached"] is False
    local, ray_run = runs["local"].output, runs["ray"].output
    assert ray_run.predictions == local.predictions  # out-of-fold and challenge labels, fold by fold
    assert {k: v.to_markdown() for k, v in ray_run.tables.items()} == {k: v.to_markdown() for k, v in
                                                                      local.tables.items()}
    untimed = {k: v for k, v in local.metrics.items() if k != "timings"}
    assert {k: v for k, v in ray_run.metrics.items() if k != "timings"} == untimed


@LOOPBACK
def test_ray_verdicts_equal_local(tmp_path, monkeypatch, local_ray):
    """`research verify` and the FRANK checker benchmark fan out as Ray tasks (chunks of summaries) and give the
    same output as one process."""
    import json

    from research.faithfulness.verify import verify_files

    fixture = Path(__file__).parent / "fixtures" / "frank" / "frank-small.jsonl"
    rows = [json.loads(line) for line in fixture.read_text(encoding="utf-8").splitlines()][:6]
    (tmp_path / "s.jsonl").write_text("".join(json.dumps({"id": r["id"], "text": r["article"]}) + "\n"
                                              for r in rows), encoding="utf-8")
    (tmp_path / "p.jsonl").write_text("".join(json.dumps({"id": r["id"], "summary": r["summary"]}) + "\n"
                                              for r in rows), encoding="utf-8")
    (tmp_path / "ray.yaml").write_text("system: {name: numbers}\nparallel: {backend: ray, workers: 2}\n", encoding="utf-8")
    local = verify_files(tmp_path / "s.jsonl", tmp_path / "p.jsonl", tmp_path / "local.jsonl", "numbers")
    on_ray = verify_files(tmp_path / "s.jsonl", tmp_path / "p.jsonl", tmp_path / "ray.jsonl", None,
                          tmp_path / "ray.yaml")
    assert on_ray == local and len(local) == 6
    assert (tmp_path / "ray.jsonl").read_bytes() == (tmp_path / "local.jsonl").read_bytes()

    outputs = {}
    for backend in ("local", "ray"):
        monkeypatch.setenv("RESEARCH_CACHE_DIR", str(tmp_path / backend / "cache"))  # both compute: nothing cached
        record = run_experiment(CONFIGS / "frank-checkers.yaml",
                                [f"data.path={fixture}", "checkers=[numbers, names]", "bootstrap.samples=20",
                                 "variants=[{name: 'names: as given', system: names, set: [detokenise=false]}]",
                                 f"parallel.backend={backend}"], experiments_dir=tmp_path / backend, progress=False)
        outputs[backend] = {k: v.to_markdown() for k, v in record.output.tables.items()}
    assert outputs["ray"] == outputs["local"]


def test_a_session_starts_ray_only_when_work_needs_it_and_stops_it_when_it_closes(monkeypatch):
    """A report's session() around fully cached work never starts Ray (a warm reproduce: issue 38)."""
    import ray

    from research import parallel

    started, stopped = [], []
    monkeypatch.setattr(ray, "is_initialized", lambda: len(started) > len(stopped))
    monkeypatch.setattr(parallel, "_start_ray", lambda config, stack: started.append(config))
    monkeypatch.setattr(ray, "shutdown", lambda: stopped.append(1))
    config = ParallelConfig(backend="ray", workers=2)
    with parallel.session(config):
        assert parallel.map_chunks(len, [], config) == []  # nothing to compute
    assert started == [] and stopped == []
    with parallel.session(config):
        for _ in range(2):  # two checkers' work: one Ray start, kept for the second
            with parallel.ray_session(config):
                pass
        assert started == [config] and stopped == []
    assert stopped == [1]  # the session that started it stops it
    with parallel.ray_session(config):  # no session around: started and stopped for this work alone
        assert len(started) == 2
    assert len(stopped) == 2
