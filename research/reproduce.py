"""Regenerate everything in ``results/`` from the configs listed in the manifest.

The manifest is ``[tool.research] reproduce`` in pyproject.toml. Tables are
generated into a temporary folder first; ``--check`` compares that folder with
``results/`` and changes nothing, otherwise the files are moved into place.
With ``reuse`` (the CLI's default), a check whose every input is unchanged since
a stored run compares that run's files instead of running again
(``research.reproduce_memo``).
"""

from __future__ import annotations

import difflib
import os
import tempfile
import tomllib
from pathlib import Path

from filelock import FileLock

from research.errors import ConfigError
from research import paths, reproduce_memo
from research.paths import PROJECT_ROOT
from research.io import atomic_write_text
from research.runs import run_experiment, write_tables
from research.tasks import TaskOutput

MANIFEST_FILE = PROJECT_ROOT / "pyproject.toml"
DIFF_LINES = 20
INDEX = "README.md"  # the results index, written from the tables and figures produced (results_index)


def manifest(path: Path = MANIFEST_FILE) -> list[Path]:
    try:
        listed = tomllib.loads(path.read_text(encoding="utf-8"))["tool"]["research"]["reproduce"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        raise ConfigError(f"{path}: missing [tool.research] reproduce = [config paths]") from None
    configs = [PROJECT_ROOT / entry for entry in listed]
    for config in configs:
        if not config.is_file():
            raise ConfigError(f"{path}: [tool.research] reproduce lists '{config.relative_to(PROJECT_ROOT)}', which does not exist")
    return configs


def results_index(outputs: list[tuple[Path, TaskOutput]]) -> str:
    """results/README.md: every table and figure, what it shows, and the config that produces it."""
    lines = [
        "# Results", "",
        "Every file here is written by `research reproduce` from the configs listed in `pyproject.toml`",
        "(`[tool.research] reproduce`); never edit them by hand. `research reproduce --check` regenerates them into a",
        "temporary folder and lists any difference. `research run CONFIG` recomputes one config's files into",
        "`experiments/<config>/<run id>/tables/` without touching this folder.", "",
        "| file | what it shows | config |", "| --- | --- | --- |",
    ]
    for config, output in outputs:
        resolved = config.resolve()
        shown = resolved.relative_to(PROJECT_ROOT) if resolved.is_relative_to(PROJECT_ROOT) else config
        source = f"`{shown.as_posix()}`"
        for name, table in sorted(output.tables.items()):
            lines.append(f"| [{name}.md]({name}.md), [{name}.csv]({name}.csv) | {table.title.replace('|', '/')} "
                         f"| {source} |")
        for name in sorted(output.figures):
            caption = output.captions.get(name, name).replace("|", "/")
            lines.append(f"| [figures/{name}.png](figures/{name}.png) | {caption} | {source} |")
    return "\n".join(lines) + "\n"


def generate(target: Path, experiments_dir: Path, progress: bool = True, configs: list[Path] | None = None) -> set[str]:
    """Run every config (default: the manifest); write their tables and the index (README.md) into ``target``;
    return the file names."""
    written: dict[str, Path] = {}
    outputs: list[tuple[Path, TaskOutput]] = []
    for config in manifest() if configs is None else configs:
        record = run_experiment(config, experiments_dir=experiments_dir, progress=progress)
        for path in write_tables(record.output, target):
            name = path.relative_to(target).as_posix()
            if name in written or name == INDEX:
                raise ConfigError(f"{config}: '{name}' is also written by {written.get(name, 'the results index')}")
            written[name] = config
        outputs.append((Path(config), record.output))
    atomic_write_text(target / INDEX, results_index(outputs))
    return {*written, INDEX}


def _files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()} if folder.is_dir() else set()


def compare(expected: Path, actual: Path) -> list[str]:
    """Lines describing how ``actual`` differs from ``expected`` (empty when identical)."""
    report: list[str] = []
    want, have = _files(expected), _files(actual)
    for name in sorted(want - have):
        report.append(f"missing from results/: {name}")
    for name in sorted(have - want):
        report.append(f"not produced by the code: {name}")
    for name in sorted(want & have):
        old, new = (actual / name).read_bytes(), (expected / name).read_bytes()
        if old == new:
            continue
        try:
            diff = difflib.unified_diff(
                old.decode().splitlines(), new.decode().splitlines(),
                f"results/{name}", f"regenerated/{name}", lineterm="", n=0,
            )
            report.extend(list(diff)[:DIFF_LINES])
        except UnicodeDecodeError:
            report.append(f"differs: {name} (binary)")
    return report


def reproduce(
    check: bool = False,
    results_dir: Path | None = None,
    progress: bool = True,
    configs: list[Path] | None = None,
    reuse: bool = False,
) -> list[str]:
    """Regenerate results; return the differences (with ``check``) or an empty list.

    ``results_dir`` defaults to the project's ``results/``, ``configs`` to the manifest. ``reuse``: store the
    output under a key of every input (``research.reproduce_memo``), and with ``check``, compare a stored
    output of the same key instead of running again.
    """
    results_dir = results_dir or paths.RESULTS
    results_dir.parent.mkdir(parents=True, exist_ok=True)
    listed = manifest() if configs is None else configs
    with FileLock(str(results_dir.parent / ".research-reproduce.lock")):
        with tempfile.TemporaryDirectory(dir=results_dir.parent, prefix=".results-") as tmp:
            fresh = Path(tmp) / "results"
            experiments = Path(tmp) / "experiments" if check else paths.EXPERIMENTS
            installed = reproduce_memo.environment() if reuse else None
            key = reproduce_memo.run_key(PROJECT_ROOT, listed, installed) if reuse else None
            if not (check and key is not None and reproduce_memo.restore(key, fresh)):
                generate(fresh, experiments, progress, listed)
                # stored only when no project file changed while it ran (the key is taken again afterwards)
                if key is not None and reproduce_memo.run_key(PROJECT_ROOT, listed, installed) == key:
                    reproduce_memo.store(key, fresh)
            if check:
                return compare(fresh, results_dir)
            produced = _files(fresh)
            results_dir.mkdir(exist_ok=True)
            for name in sorted(produced):
                (results_dir / name).parent.mkdir(parents=True, exist_ok=True)
                os.replace(fresh / name, results_dir / name)
            for name in sorted(_files(results_dir) - produced):
                (results_dir / name).unlink()  # a table no config writes any more
    return []
