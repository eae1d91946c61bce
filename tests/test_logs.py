"""Libraries' log lines, warnings and native output go to the run's run.log, not the terminal (issue 17, item 6);
``--verbose`` shows them. Tests read the terminal through pytest's ``capfd`` (file descriptors 1 and 2)."""

import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

from research import paths
from research.cli import main
from research.logs import RUN_LOGS, library_warnings_to_run_log, native_stderr_to_run_log
from research.paths import CONFIGS
from research.tasks import TASKS

CONFIG = CONFIGS / "dataset-stats.yaml"


def _talking_task(monkeypatch):
    """dataset_stats, but first a library logs as Ray and transformers do, one with its own terminal handler."""
    task = TASKS["dataset_stats"]
    # the package turns transformers' own verbosity down where it loads a model; here its warnings must pass
    monkeypatch.setattr(logging.getLogger("transformers"), "level", logging.NOTSET)

    def run(config, context):
        logging.getLogger("ray._private.worker").info("Started a local Ray instance.")
        logging.getLogger("transformers.modeling_utils").warning("some weights were not used")
        return task.run(config, context)

    monkeypatch.setitem(TASKS, "dataset_stats", type(task)(task.name, task.config, run))


def test_library_log_lines_go_to_the_run_log_not_the_terminal(tmp_path, monkeypatch, capfd):
    _talking_task(monkeypatch)
    monkeypatch.setattr(paths, "EXPERIMENTS", tmp_path)
    own = logging.StreamHandler(sys.stderr)  # as `import ray` gives its logger
    logging.getLogger("ray").addHandler(own)
    try:
        assert main(["run", str(CONFIG), "--quiet"]) == 0
        err = capfd.readouterr().err
        assert "Ray instance" not in err and "weights" not in err
        (run_dir,) = (tmp_path / "dataset-stats").iterdir()
        log = (run_dir / "run.log").read_text(encoding="utf-8")
        assert "INFO Started a local Ray instance." in log
        assert "WARNING some weights were not used" in log
        assert own in logging.getLogger("ray").handlers  # put back after the command
    finally:
        logging.getLogger("ray").removeHandler(own)


def test_verbose_prints_library_log_lines(tmp_path, monkeypatch, capfd):
    _talking_task(monkeypatch)
    monkeypatch.setattr(paths, "EXPERIMENTS", tmp_path)
    before = list(logging.getLogger().handlers), logging.getLogger().level
    assert main(["run", str(CONFIG), "--quiet", "--verbose"]) == 0
    err = capfd.readouterr().err
    assert "INFO ray._private.worker: Started a local Ray instance." in err
    assert "WARNING transformers.modeling_utils: some weights were not used" in err
    assert (list(logging.getLogger().handlers), logging.getLogger().level) == before  # none of ours left


def test_native_output_goes_to_the_run_log_while_python_keeps_the_terminal(tmp_path, capfd):
    log = tmp_path / "run.log"
    RUN_LOGS.append(log)
    try:
        with library_warnings_to_run_log(), native_stderr_to_run_log():
            os.write(2, b"[core_worker.cc:2465] native line\n")  # as Ray's C++ code and its processes write
            print("progress bar", file=sys.stderr)
    finally:
        RUN_LOGS.remove(log)
    os.write(2, b"after\n")
    err = capfd.readouterr().err
    assert "native line" not in err
    assert "progress bar" in err and "after" in err
    assert log.read_text(encoding="utf-8") == "[core_worker.cc:2465] native line\n"


def test_outside_a_quiet_run_native_output_is_left_alone(tmp_path, capfd):
    with native_stderr_to_run_log():  # no run: nothing to send it to
        os.write(2, b"native line\n")
    assert "native line" in capfd.readouterr().err


def test_a_ray_run_prints_only_its_progress_and_logs_ray_in_run_log(tmp_path):
    """End to end, in a child process (Ray's processes talk over TCP, which the test process may not):
    Ray's Python loggers, its native code and its processes all end in run.log; the terminal stays clean."""
    env = {**os.environ, "RESEARCH_CACHE_DIR": str(tmp_path / "cache"), "HF_HUB_OFFLINE": "1"}
    done = subprocess.run([sys.executable, "-m", "research", "run", str(CONFIGS / "summarize-lead.yaml"),
                           "--set", "parallel.backend=ray", "--set", "parallel.workers=1", "--quiet"],
                          env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    run_dir = Path(done.stdout.strip().splitlines()[-1].removeprefix("run recorded in "))
    try:
        log = (run_dir / "run.log").read_text(encoding="utf-8")
        assert "INFO Started a local Ray instance." in log
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)
