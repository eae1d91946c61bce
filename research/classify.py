"""``research classify``: label JSON lines with a configured system (trained here, or loaded)."""

from __future__ import annotations

from pathlib import Path

from sklearn.model_selection import ParameterGrid
from threadpoolctl import threadpool_limits

from research.classification.data import challenge_items, seed_paragraphs
from research.classification.definitions import label_definitions
from research.classification.cross_validation import build, fit, fit_fixed, joined
from research.classification.outputs import class_scores
from research.classification.persistence import load_model
from research.errors import ConfigError
from research.io import atomic_write_text, check_output_path, dumps_jsonl
from research.jsonl import read_text_inputs
from research.runs import seed_everything
from research.tasks import load_config

SCORE_DIGITS = 6


def classify_file(config_path: Path | str, input_path: Path | str, output_path: Path | str,
                  model_path: Path | str | None = None, overrides: list[str] | tuple[str, ...] = ()) -> int:
    """Write ``{"id", "label", "scores"}`` per input line, in input order; return the number of lines.

    Everything is checked (config, every input line, output path, model file)
    before any work; the output is written to a temporary file and renamed.
    """
    config = load_config(config_path, overrides)
    if config.experiment != "classification":
        raise ConfigError(f"{config_path}: key 'experiment': research classify needs a 'classification' config, "
                          f"got '{config.experiment}'")
    rows = read_text_inputs(Path(input_path), config.input.max_line_bytes)
    sources = [Path(input_path), Path(config_path)] + ([Path(model_path)] if model_path else [])
    check_output_path(Path(output_path), *sources)
    seed_everything(config.seed)
    if model_path:
        model = load_model(Path(model_path), config.system.name)
    else:
        # as the shipped model of `research run`: grid values chosen on the seeds, trained on seeds + challenge
        estimator, grid = build(config.system.name, config.system.options, config.seed, label_definitions())
        points = list(ParameterGrid(grid))
        params = points[0] if len(points) == 1 else fit(estimator, grid, seed_paragraphs())[1]  # no needless fit
        model = fit_fixed(estimator, params, joined(seed_paragraphs(), challenge_items()))
    texts = [row["text"] for row in rows]
    with threadpool_limits(limits=1):
        labels = model.predict(texts)
        scores = class_scores(model, texts)
    lines = [{"id": row["id"], "label": str(label), "scores": [round(float(s), SCORE_DIGITS) for s in row_scores]}
             for row, label, row_scores in zip(rows, labels, scores)]
    atomic_write_text(Path(output_path), dumps_jsonl(lines))
    return len(lines)
