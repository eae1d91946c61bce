"""Each experiment kind's main metrics, read from a recorded run folder (for sweeps and ``research runs``).

Classification: CV macro-F1 (the sort key) and challenge macro-F1, each with
the bootstrap interval the run stored in ``metrics.json``. Summarization runs
store only summary lengths, so their ROUGE is computed here from
``predictions.jsonl`` against the two hand-written references of each seed
article (ROUGE-2 F1 first, as the summarization report tests on it; percentile
bootstrap over articles seeded with the run's seed). Other kinds have none.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import yaml

from research.data import load_articles
from research.evaluation.rouge import rouge
from research.stats import bootstrap_ci


@dataclass(frozen=True)
class Metric:
    name: str
    value: float
    low: float | None = None
    high: float | None = None
    level: float | None = None  # the interval's confidence (0.95)

    @property
    def ci_name(self) -> str:
        return f"{self.name} {self.level * 100:g}% CI" if self.level else f"{self.name} CI"

    def cell(self) -> str:
        if self.low is None or self.high is None:
            return f"{self.value:.3f}"
        return f"{self.value:.3f} [{self.low:.3f}, {self.high:.3f}]"


def _classification(config: dict, metrics: dict) -> list[Metric]:
    level = float((config.get("bootstrap") or {}).get("confidence", 0.95))
    found = []
    for name, section in (("CV macro-F1", "cv"), ("challenge macro-F1", "challenge")):
        part = metrics.get(section) or {}
        if "macro_f1" in part:
            low, high = part.get("macro_f1_interval") or (None, None)
            found.append(Metric(name, float(part["macro_f1"]), low, high, level))
    return found


def _summarization(run_dir: Path, config: dict, metrics: dict) -> list[Metric]:
    if (config.get("data") or {}).get("source", "seeds") != "seeds":
        return []  # no references for another corpus

    references = {a["id"]: list(a["summaries"]) for a in load_articles().to_list()}
    predictions = [json.loads(line) for line in (run_dir / "predictions.jsonl").read_text("utf-8").splitlines()
                   if line.strip()]
    if sorted(p["id"] for p in predictions) != sorted(references):
        return []
    scores = [rouge(p["summary"], references[p["id"]]) for p in predictions]
    found = []
    for name, kind in (("ROUGE-2 F1", "rouge2"), ("ROUGE-L F1", "rougeL")):
        interval = bootstrap_ci([s.flat()[f"{kind}_f"] for s in scores], int(config.get("seed", 0)))
        found.append(Metric(name, interval.mean, interval.low, interval.high, 0.95))
    if "mean_words" in metrics:
        found.append(Metric("mean words", float(metrics["mean_words"])))
    return found


def read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}


def read_config(run_dir: Path) -> dict:
    try:
        return yaml.safe_load((run_dir / "config.yaml").read_text("utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return {}


def main_metrics(run_dir: Path) -> list[Metric]:
    """The run's main metrics, the first being the one to sort by; ``[]`` when it has none (or no metrics yet)."""
    run_dir = Path(run_dir)
    config, metrics = read_config(run_dir), read_json(run_dir / "metrics.json")
    if not metrics:
        return []
    if config.get("experiment") == "classification":
        return _classification(config, metrics)
    if config.get("experiment") == "summarization":
        return _summarization(run_dir, config, metrics)
    return []
