"""`research runs --export mlflow` into a local MLflow file store, read back with MLflow's own client."""

import json
import shutil

import pytest

from research.cli import main
from research.mlflow_export import RUN_TAG, export_runs, tracking_uri
from research.run_index import find_runs

mlflow = pytest.importorskip("mlflow", reason="the optional extra research[mlflow] (in dev) is not installed")


@pytest.fixture
def client_for(monkeypatch):
    monkeypatch.setenv("MLFLOW_ALLOW_FILE_STORE", "true")  # MLflow 3 asks for an opt-in to its file store
    from mlflow.tracking import MlflowClient

    return lambda store: MlflowClient(tracking_uri=tracking_uri(str(store)))


def _by_run_id(client, experiment: str) -> dict:
    found = client.get_experiment_by_name(experiment)
    runs = client.search_runs([found.experiment_id])
    by_id = {run.data.tags[RUN_TAG]: run for run in runs}
    assert len(by_id) == len(runs)  # one MLflow run per recorded run, never two
    return by_id


def test_export_reads_back_and_is_idempotent(recorded_runs, tmp_path, monkeypatch, capsys, client_for):
    monkeypatch.setattr("research.paths.EXPERIMENTS", recorded_runs["experiments"])
    store = tmp_path / "mlruns"
    assert main(["runs", "--export", "mlflow", "--tracking-uri", str(store)]) == 0
    assert capsys.readouterr().out == f"mlflow: 3 runs created, 0 updated, 1 .partial skipped in {store.as_uri()}\n"
    client = client_for(store)
    majority = _by_run_id(client, "classify-majority")
    first, second = (o.run_dir for o in recorded_runs["sweep"].outcomes)
    assert sorted(majority) == sorted([first.name, second.name])  # the .partial run is not exported
    run = majority[first.name]
    metrics = json.loads((first / "metrics.json").read_text())
    provenance = json.loads((first / "provenance.json").read_text())
    assert run.info.status == "FINISHED" and run.info.run_name == first.name
    assert run.data.params["seed"] == "1" and run.data.params["bootstrap.samples"] == "100"
    assert run.data.params["system.name"] == "majority" and "options" not in run.data.params
    assert run.data.metrics["cv.macro_f1"] == metrics["cv"]["macro_f1"]
    assert run.data.metrics["challenge.accuracy"] == metrics["challenge"]["accuracy"]
    assert run.data.tags["research.sweep"] == recorded_runs["sweep"].sweep_id
    assert run.data.tags["research.config_hash"] == provenance["config_hash"]
    assert run.data.tags["mlflow.source.git.commit"] == provenance["git_commit"]
    artifacts = sorted(a.path for a in client.list_artifacts(run.info.run_id))
    assert artifacts == ["config.yaml", "metrics.json", "provenance.json", "tables"]
    assert sorted(a.path for a in client.list_artifacts(run.info.run_id, "tables")) == [
        "tables/classify-majority-per-class.csv", "tables/classify-majority-per-class.md",
        "tables/classify-majority.csv", "tables/classify-majority.md"]
    assert list(_by_run_id(client, "dataset-stats")) == [recorded_runs["single"].name]

    # again: the same MLflow runs, updated, no second copy and no second point in any metric's history
    assert main(["runs", "--export", "mlflow", "--tracking-uri", str(store)]) == 0
    assert capsys.readouterr().out.startswith("mlflow: 0 runs created, 3 updated, 1 .partial skipped")
    again = _by_run_id(client, "classify-majority")
    assert {k: r.info.run_id for k, r in again.items()} == {k: r.info.run_id for k, r in majority.items()}
    assert len(client.get_metric_history(run.info.run_id, "cv.macro_f1")) == 1


def test_a_changed_metric_updates_the_same_run(recorded_runs, tmp_path, client_for):
    experiments = tmp_path / "experiments"
    shutil.copytree(recorded_runs["experiments"] / "dataset-stats", experiments / "dataset-stats")
    (run,) = find_runs(experiments)
    store = tmp_path / "mlruns"
    assert export_runs([run], str(store)).created == 1
    metrics = json.loads((run.path / "metrics.json").read_text())
    (run.path / "metrics.json").write_text(json.dumps({**metrics, "words": 1}))
    summary = export_runs([run], str(store))
    assert (summary.created, summary.updated) == (0, 1)
    (exported,) = _by_run_id(client_for(store), "dataset-stats").values()
    assert exported.data.metrics["words"] == 1.0 and exported.data.metrics["articles"] == metrics["articles"]


@pytest.mark.parametrize("store", ["a-file/mlruns", "file://{tmp}/a-file/mlruns"])
def test_a_store_folder_that_cannot_be_created_is_one_line_and_exit_2(recorded_runs, tmp_path, monkeypatch, capsys,
                                                                      store):
    monkeypatch.setattr("research.paths.EXPERIMENTS", recorded_runs["experiments"])
    (tmp_path / "a-file").write_text("not a folder")
    store = store.format(tmp=tmp_path) if "{tmp}" in store else str(tmp_path / store)
    assert main(["runs", "--export", "mlflow", "--tracking-uri", store]) == 2
    err = capsys.readouterr().err
    assert err == f"error: --tracking-uri {store}: cannot create the folder {tmp_path}/a-file/mlruns (Not a directory)\n"
