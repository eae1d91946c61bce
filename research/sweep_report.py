"""A sweep's table (``sweep.md``, ``sweep.csv``) and plots (``figures/<key>.png``), from its recorded runs.

One row per completed combination: the varied keys, then each main metric
(``research.main_metrics``) with its interval, sorted by the first metric,
best first (ties in grid order). The table holds nothing that depends on the
backend or the clock (no run ids, no timings: ``sweep.json`` maps ``#`` to the
run folder), so ``local`` and ``ray`` give the same bytes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from research.figures import new_figure, png_bytes
from research.io import atomic_write_bytes, atomic_write_text
from research.main_metrics import Metric, main_metrics
from research.tables import Table


@dataclass(frozen=True)
class Combination:
    index: int  # 1-based, in grid order
    values: dict[str, Any]  # varied key -> value, as given (``overrides`` holds what the config receives)
    overrides: tuple[str, ...]  # the --set overrides, then one per varied key


@dataclass
class Outcome:
    combination: Combination
    run_dir: Path | None = None
    error: str | None = None  # one line: what went wrong


@dataclass
class Sweep:
    sweep_id: str
    folder: Path
    config_path: Path
    keys: list[str]
    outcomes: list[Outcome] = field(default_factory=list)
    table: Table | None = None  # the sweep.md table, once written

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.error is not None]


def show(value: Any) -> str:
    """A grid value as a short cell: ``0.1``, ``english``, ``[1, 2]``, ``true``, ``null``."""
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(show(item) for item in value) + "]"
    return str(value)


def _rows(sweep: Sweep) -> list[tuple[int, dict, list[Metric]]]:
    found = [(o.combination.index, o.combination.values, main_metrics(o.run_dir))
             for o in sweep.outcomes if o.run_dir is not None]
    # best first by the main metric; a run without metrics last; ties keep grid order
    return sorted(found, key=lambda row: (-row[2][0].value if row[2] else float("inf"), row[0]))


def sweep_table(sweep: Sweep) -> Table:
    rows = _rows(sweep)
    names: list[str] = []
    with_ci: dict[str, str] = {}  # metric -> its interval's column name
    for _, _, metrics in rows:
        for metric in metrics:
            if metric.name not in names:
                names.append(metric.name)
            if metric.low is not None:
                with_ci.setdefault(metric.name, metric.ci_name)
    columns = ["#", *sweep.keys]
    for name in names:
        columns += [name, with_ci[name]] if name in with_ci else [name]
    body = []
    for index, values, metrics in rows:
        by_name = {m.name: m for m in metrics}
        row: list[object] = [index, *(show(values[key]) for key in sweep.keys)]
        for name in names:
            metric = by_name.get(name)
            row.append(None if metric is None else metric.value)
            if name in with_ci:
                row.append("" if metric is None or metric.low is None else f"[{metric.low:.3f}, {metric.high:.3f}]")
        body.append(row)
    order = f", sorted by {names[0]}, best first" if names else ""
    notes = [f"{len(rows)} of {len(sweep.outcomes)} combinations completed{order}; "
             "# is the combination (sweep.json names its run)."]
    if with_ci:
        notes.append("CI: bootstrap intervals over articles (classification: those the run stored in metrics.json).")
    notes += [f"failed: #{o.combination.index} {_values(o.combination.values)}: {o.error}" for o in sweep.failures]
    return Table(title=f"Sweep of {sweep.config_path.name} over {', '.join(sweep.keys)}", columns=columns,
                 rows=body, notes=notes)


def _values(values: dict) -> str:
    return " ".join(f"{key}={show(value)}" for key, value in values.items())


def _numeric(values: list[Any]) -> bool:
    return all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)


def key_plot(sweep: Sweep, key: str) -> bytes | None:
    """The main metric (with its interval) against ``key``, one series per setting of the other keys."""
    rows = [row for row in _rows(sweep) if row[2]]
    if not rows:
        return None
    metric_name = rows[0][2][0].name
    grid_values: list[Any] = []
    for combination in (o.combination for o in sweep.outcomes):
        if combination.values[key] not in grid_values:
            grid_values.append(combination.values[key])
    numeric = _numeric(grid_values)
    others = [k for k in sweep.keys if k != key]
    series: dict[str, list[tuple[float, Metric]]] = {}
    for index, values, metrics in sorted(rows, key=lambda row: row[0]):
        label = _values({k: values[k] for k in others}) or metric_name
        x = float(values[key]) if numeric else float(grid_values.index(values[key]))
        series.setdefault(label, []).append((x, metrics[0]))
    figure, axes = new_figure()
    for label, points in series.items():
        points.sort(key=lambda point: point[0])
        xs, ys = [p[0] for p in points], [p[1].value for p in points]
        low = [p[1].value - (p[1].low if p[1].low is not None else p[1].value) for p in points]
        high = [(p[1].high if p[1].high is not None else p[1].value) - p[1].value for p in points]
        axes.errorbar(xs, ys, yerr=[low, high], marker="o", capsize=3, label=label)
    if numeric:
        positive = [float(v) for v in grid_values if float(v) > 0]
        if len(positive) == len(grid_values) and max(positive) / min(positive) >= 100:
            axes.set_xscale("log")
    else:
        axes.set_xticks(range(len(grid_values)), [show(v) for v in grid_values])
    axes.set_xlabel(key)
    axes.set_ylabel(metric_name)
    axes.set_title(f"{sweep.config_path.stem}: {metric_name} against {key}")
    if len(series) > 1:
        axes.legend(fontsize="small")
    return png_bytes(figure)


def write_report(sweep: Sweep) -> Table:
    """Write the table (md, csv) and one plot per varied key into the sweep folder; return the table."""
    table = sweep_table(sweep)
    atomic_write_text(sweep.folder / "sweep.md", table.to_markdown())
    atomic_write_text(sweep.folder / "sweep.csv", table.to_csv())
    for key in sweep.keys:
        png = key_plot(sweep, key)
        if png is not None:
            atomic_write_bytes(sweep.folder / "figures" / f"{key}.png", png)
    return table
