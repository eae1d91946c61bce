"""``research evaluate``: score prediction files against reference files, print a table, optionally save it.

Summarization: ROUGE-1/2/L/Lsum precision, recall and F1 (multi-reference: the
best reference per ROUGE type) with a seeded bootstrap 95% interval of F1, and
F1 averaged over references. Classification: macro-F1, accuracy, per-label F1.
``--output`` takes ``.json`` (aggregates and per-item scores, as fractions) or
``.csv`` (the printed table).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from research.errors import DataError, UserError
from research.evaluation.classification import classification_scores
from research.evaluation.io import LabelItem, SummaryItem, read_classification, read_summarization
from research.evaluation.rouge import ROUGE_TYPES, SHORT_NAMES, rouge
from research.faithfulness import DEFAULT_CHECKER
from research.faithfulness.share import judged, unsupported_share
from research.io import atomic_write_text, check_output_path, dumps_json
from research.jsonl import read_objects, text_field
from research.stats import bootstrap_ci
from research.tables import Table

TASKS = ("summarization", "classification")
OUTPUT_SUFFIXES = (".json", ".csv")


@dataclass(frozen=True)
class Evaluation:
    table: Table
    payload: dict  # what --output .json holds


def evaluate_summaries(items: list[SummaryItem], seed: int = 0) -> Evaluation:
    per_item = [{"id": item.id, **rouge(item.summary, item.references).flat()} for item in items]
    metrics: dict[str, dict[str, float]] = {}
    rows: list[list[object]] = []
    for kind in ROUGE_TYPES:
        f1 = bootstrap_ci([row[f"{kind}_f"] for row in per_item], seed)
        mean = {key: sum(row[f"{kind}_{key}"] for row in per_item) / len(per_item) for key in ("p", "r", "f_mean")}
        metrics[kind] = {"precision": mean["p"], "recall": mean["r"], "f1": f1.mean, "f1_ci_low": f1.low,
                         "f1_ci_high": f1.high, "f1_mean_over_references": mean["f_mean"]}
        rows.append([SHORT_NAMES[kind], 100 * mean["p"], 100 * mean["r"], 100 * f1.mean,
                     f"[{100 * f1.low:.2f}, {100 * f1.high:.2f}]", 100 * mean["f_mean"]])
    table = Table(
        title=f"ROUGE over {len(items)} summaries (mean x 100)",
        columns=["metric", "P", "R", "F1", "F1 95% CI", "F1 mean over refs"],
        rows=rows,
        digits=2,
        notes=["P, R, F1: against the best-matching reference per metric (rouge-score score_multi), Porter stemming.",
               f"95% CI: percentile bootstrap over summaries, seed {seed}."],
    )
    return Evaluation(table, {"task": "summarization", "n": len(items), "seed": seed, "metrics": metrics,
                              "items": per_item})


def add_unsupported_share(evaluation: Evaluation, items: list[SummaryItem], sources: Path | str, seed: int) -> None:
    """With ``--sources``: the default checker's share of unsupported summary sentences, with a bootstrap CI."""
    source_lines = read_objects(sources)
    texts = {line.row["id"]: text_field(line, "text") for line in source_lines}
    by_id = {item.id: item for item in items}
    missing = [i for i in by_id if i not in texts]
    if missing:
        raise DataError(f"{sources}: no source for id '{missing[0]}' of the predictions")
    extra = [line for line in source_lines if line.row["id"] not in by_id]
    if extra:
        raise DataError(f"{extra[0].where}: key 'id': '{extra[0].row['id']}' has no prediction")
    verdicts = [judged(DEFAULT_CHECKER, texts[item.id], item.summary) for item in items]
    share = unsupported_share(verdicts, seed)
    evaluation.table.rows.append([f"unsupported sentences ({DEFAULT_CHECKER})", 100 * (share.rate or 0.0), "", "",
                                  "" if share.rate is None else f"[{100 * share.low:.2f}, {100 * share.high:.2f}]", ""])
    evaluation.table.notes.append(
        f"unsupported sentences: share of the {share.sentences} summary sentences that the '{DEFAULT_CHECKER}' "
        f"faithfulness checker does not find supported by the source (x 100, in the P column; CI: bootstrap over "
        f"summaries, seed {seed}).")
    evaluation.payload["unsupported"] = {"checker": DEFAULT_CHECKER, "unsupported": share.unsupported,
                                         "sentences": share.sentences, "rate": share.rate, "ci_low": share.low,
                                         "ci_high": share.high}
    for row in evaluation.payload["items"]:
        row["unsupported_sentences"] = sum(not v for v in verdicts[[i.id for i in items].index(row["id"])])


def evaluate_labels(items: list[LabelItem]) -> Evaluation:
    scores = classification_scores([i.gold for i in items], [i.predicted for i in items])
    rows: list[list[object]] = [["macro-F1", scores.macro_f1], ["accuracy", scores.accuracy]]
    rows += [[f"F1 {label}", value] for label, value in scores.per_label_f1.items()]
    table = Table(title=f"Classification over {scores.n} items", columns=["metric", "value"], rows=rows,
                  notes=["macro-F1 over the labels found in the references or the predictions (scikit-learn)."])
    payload = {"task": "classification", "n": scores.n, "macro_f1": scores.macro_f1, "accuracy": scores.accuracy,
               "per_label_f1": scores.per_label_f1,
               "items": [{"id": i.id, "gold": i.gold, "predicted": i.predicted} for i in items]}
    return Evaluation(table, payload)


def evaluate_files(references: Path | str, predictions: Path | str, task: str = "summarization",
                   output: Path | str | None = None, seed: int = 0, sources: Path | str | None = None) -> Evaluation:
    """Read, score and (with ``output``) save atomically; nothing is written when anything fails."""
    if task not in TASKS:
        raise UserError(f"unknown task '{task}' (choose from: {', '.join(TASKS)})")
    if sources is not None and task != "summarization":
        raise UserError("--sources is for summarization only")
    if output is not None:
        output = Path(output)
        if output.suffix.lower() not in OUTPUT_SUFFIXES:
            raise UserError(f"{output}: output must end in .json or .csv")
        check_output_path(output, Path(references), Path(predictions), *([Path(sources)] if sources else []))
    if task == "summarization":
        items = read_summarization(references, predictions)
        evaluation = evaluate_summaries(items, seed)
        if sources is not None:
            add_unsupported_share(evaluation, items, sources, seed)
    else:
        evaluation = evaluate_labels(read_classification(references, predictions))
    if output is not None:
        text = dumps_json(evaluation.payload) if output.suffix.lower() == ".json" else evaluation.table.to_csv()
        atomic_write_text(output, text)
    return evaluation
