"""Our summarizers on FRANK's articles, beside the published systems' summaries of the same articles.

Each listed summarizer config runs on the articles of a FRANK-format file (all,
or the first ``articles`` of each dataset in id order, for the slow LM systems).
Budgets follow the benchmark: extractive systems take three sentences on
CNN/DM and one on XSum (Lead-3 and Lead-1 are the baselines), generated text
about the mean reference length of the dataset. Every row, ours and the
published systems', is scored by the same code: ROUGE F1 against the reference
with bootstrap intervals over articles, the paired ROUGE-2 difference from the
lead baseline on the same articles, the share of sentences the default checker
finds unsupported, and, for the published systems, people's factuality.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

import numpy as np
from pydantic import Field, field_validator
from sklearn.model_selection import GroupKFold

from research.cache import path_fingerprint
from research.config import StrictModel
from research.data.config import FrankDataConfig
from research.data.frank import FRANK_SYSTEMS, article_text, frank_articles, frank_rows
from research.errors import ConfigError
from research.evaluation.rouge import rouge
from research.faithfulness.registry import DEFAULT_CHECKER, known_checker
from research.faithfulness.share import sentence_verdicts, unsupported_share
from research.parallel import ParallelConfig, session
from research.stats import bootstrap_ci, paired_permutation_test
from research.summarization.budget import Budget, count_words
from research.summarization.registry import get_system
from research.tables import Table
from research.tasks import RunContext, Task, TaskOutput, load_config
from research.tasks.report_config import BootstrapConfig, ScoredExperimentConfig
from research.tasks.summarization import SummarizationConfig, summarize_texts

DATASETS = (("CNN/DM", "cnndm", 3), ("XSum", "xsum", 1))  # label, dataset, sentences of the lead baseline
LABELS = {dataset: label for label, dataset, _ in DATASETS}
SCORED = ("rouge1", "rouge2", "rougeLsum")


class FrankSystem(StrictModel):
    config: str  # a summarizer config (configs/summarize-*.yaml)
    articles: Annotated[int, Field(gt=0)] | None = None  # only the first N articles of each dataset (id order)

    @field_validator("config")
    @classmethod
    def _summarizer_config(cls, value: str) -> str:
        loaded = load_config(value)
        if not isinstance(loaded, SummarizationConfig):
            raise ValueError(f"'{value}' is not a summarizer config (experiment: summarization), "
                             f"got experiment '{loaded.experiment}'")
        return value


class FrankSummarizersConfig(ScoredExperimentConfig):
    experiment: Literal["frank_summarizers"]
    data: FrankDataConfig = FrankDataConfig()
    systems: Annotated[list[FrankSystem], Field(min_length=1)]
    baseline: str = "lead"  # a listed system run on every article; every other row is compared with it
    published: bool = True  # rows for the published systems' summaries in the file
    faithfulness_checker: str = DEFAULT_CHECKER
    bootstrap: BootstrapConfig = BootstrapConfig(samples=2000)  # also the permutation test's draws
    table: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")] = "frank-summarization"
    # a system trained on references (learned) runs out-of-fold: trained on the other folds' articles of the
    # same dataset, article-grouped, so no article is summarized by a model that saw it
    folds: Annotated[int, Field(ge=2)] = 5
    # where the checker's verdicts are computed (each summarizer config keeps its own `parallel`: two LM
    # actors would share the same two cores)
    parallel: ParallelConfig = ParallelConfig()

    @field_validator("faithfulness_checker")
    @classmethod
    def _known_checker(cls, value: str) -> str:
        return known_checker(value)


def benchmark_budget(system: str, references: list[str], lead_sentences: int) -> Budget:
    """The lead baseline's sentences for an extractive system, else the dataset's mean reference length."""
    cls = get_system(system)
    if cls.extractor or cls.extractive:
        return Budget(sentences=lead_sentences)
    return Budget(words=round(float(np.mean([count_words(r) for r in references]))))


def _system_config(config: SummarizationConfig, budget: Budget, data_path: str) -> SummarizationConfig:
    system = config.system
    if "references" in type(system).model_fields:  # a system that reads references reads the benchmark's
        system = system.model_copy(update={"references": data_path})
    return config.model_copy(update={"system": system, "budget": budget})


def trains(config: SummarizationConfig) -> bool:
    """Whether the config's system is trained on articles with references (and so must run out-of-fold)."""
    return "train" in type(config.system).model_fields


def out_of_fold(config: SummarizationConfig, articles: list[dict], data_path: str, dataset: str, folds: int,
                progress: bool) -> list[str]:
    """Each article's summary by the system trained on the benchmark's articles of ``dataset`` minus the
    article's fold (``folds`` folds grouped by article id)."""
    ids = [a["id"] for a in articles]
    summaries = [""] * len(articles)
    for _, test in GroupKFold(n_splits=folds).split(np.zeros(len(ids)), groups=ids):
        system = config.system.model_copy(update={"train": data_path, "dataset": dataset,
                                                  "hold_out": [ids[i] for i in test]})
        fold = summarize_texts(config.model_copy(update={"system": system}), [articles[i]["text"] for i in test],
                               progress)
        for i, summary in zip(test, fold):
            summaries[i] = summary
    return summaries


@dataclass(frozen=True)
class Entry:
    """One row's summaries: ours (computed) or a published system's (from the file)."""

    dataset: str
    name: str
    kind: str  # ours | published
    budget: str
    ids: list[str]  # article ids
    summaries: list[str]
    sources: list[str]
    references: list[str]
    people: float | None = None  # FRANK's mean human factuality (published systems)
    baseline: bool = False  # the dataset's lead row, which the rows after it are compared with
    out_of_fold: bool = False  # a system trained on references, run fold by fold


def _entries(config: FrankSummarizersConfig, rows: list[dict], progress: bool) -> list[Entry]:
    """Every row's summaries, dataset by dataset: the lead baseline first, the other listed systems, then the
    published systems."""
    articles = frank_articles(rows)
    loaded = [(load_config(s.config), s.articles) for s in config.systems]
    systems = sorted((c for c, _ in loaded), key=lambda c: c.system.name != config.baseline)
    limits = {c.system.name: articles for c, articles in loaded}
    if config.baseline not in limits:
        raise ConfigError(f"{config.data.path}: baseline '{config.baseline}' is not a listed system "
                          f"({', '.join(limits)})")
    entries = []
    for label, dataset, lead_sentences in DATASETS:
        mine = [a for a in articles if a["dataset"] == dataset]
        if not mine:
            continue
        for system_config in systems:
            name = system_config.system.name
            chosen = mine if name == config.baseline else mine[:limits[name]]
            budget = benchmark_budget(name, [a["reference"] for a in mine], lead_sentences)
            run_config = _system_config(system_config, budget, config.data.path)
            trained = trains(run_config)
            if trained:
                summaries = out_of_fold(run_config, chosen, config.data.path, dataset, config.folds, progress)
            else:
                summaries = summarize_texts(run_config, [a["text"] for a in chosen], progress)
            shown = f"{name} (Lead-{lead_sentences})" if name == config.baseline else name
            shown += f" ({config.folds} folds, out-of-fold)" if trained else ""
            entries.append(Entry(dataset, shown, "ours", budget.describe(), [a["id"] for a in chosen], summaries,
                                 [a["text"] for a in chosen], [a["reference"] for a in chosen],
                                 baseline=name == config.baseline, out_of_fold=trained))
        for system in FRANK_SYSTEMS[dataset] if config.published else ():
            theirs = [r for r in rows if r["dataset"] == dataset and r["system"] == system]
            if theirs:
                entries.append(Entry(dataset, system, "published", "", [r["article_id"] for r in theirs],
                                     [r["summary"] for r in theirs], [article_text(r["article"]) for r in theirs],
                                     [r["reference"] for r in theirs],
                                     float(np.mean([r["factuality"] for r in theirs]))))
    return entries


def _verdicts(config: FrankSummarizersConfig, entries: list[Entry], progress: bool) -> list[list[list[bool]]]:
    """Supported? per sentence of every entry's summaries, judged in one call ordered by article, so that all
    the summaries of an article (every row's) meet its parse and encoding together."""
    items = sorted(((entry.ids[j], e, j) for e, entry in enumerate(entries) for j in range(len(entry.ids))))
    judged = sentence_verdicts(config.faithfulness_checker,
                               [(entries[e].sources[j], entries[e].summaries[j]) for _, e, j in items],
                               progress, config.parallel)
    out: list[list[list[bool]]] = [[[] for _ in entry.ids] for entry in entries]
    for (_, e, j), verdicts in zip(items, judged):
        out[e][j] = [supported for _, supported in verdicts]
    return out


def _row(entry: Entry, verdicts: list[list[bool]], baseline: dict[str, float],
         config: FrankSummarizersConfig) -> tuple[list, dict[str, float]]:
    scores = [rouge(s, [r]).best for s, r in zip(entry.summaries, entry.references)]
    r2 = {i: 100 * s["rouge2"].f1 for i, s in zip(entry.ids, scores)}
    boot = config.bootstrap
    cells = [bootstrap_ci([100 * s[k].f1 for s in scores], config.seed, boot.samples, boot.confidence) for k in SCORED]
    delta, p = "", ""
    if baseline and len(r2) > 1 and r2 != {i: baseline[i] for i in r2}:  # no baseline: this row is it
        d = bootstrap_ci([r2[i] - baseline[i] for i in r2], config.seed, boot.samples, boot.confidence)
        delta = f"{d.mean:+.1f} [{d.low:+.1f}, {d.high:+.1f}]"
        p = paired_permutation_test(list(r2.values()), [baseline[i] for i in r2], config.seed, boot.samples)
    share = unsupported_share(verdicts, config.seed, confidence=boot.confidence)
    words = float(np.mean([count_words(s) for s in entry.summaries]))
    row = [LABELS[entry.dataset], entry.name, entry.kind, entry.budget, len(entry.ids), f"{words:.1f}"]
    row += [f"{c.mean:.1f} [{c.low:.1f}, {c.high:.1f}]" for c in cells]
    row += [delta, p, share.cell(), entry.people]
    return row, r2


def run(config: FrankSummarizersConfig, context: RunContext) -> TaskOutput:
    rows = frank_rows(config.data.path, config.data.split)
    entries = _entries(config, rows, context.progress)
    with session(config.parallel):  # the checker's verdicts on every row at once
        verdicts = _verdicts(config, entries, context.progress)
    table_rows, metrics, baseline = [], {}, {}
    for entry, judged in zip(entries, verdicts):
        row, r2 = _row(entry, judged, {} if entry.baseline else baseline, config)
        baseline = r2 if entry.baseline else baseline
        table_rows.append(row)
        metrics[f"{LABELS[entry.dataset]}: {entry.name}"] = {"rouge2": float(np.mean(list(r2.values()))),
                                                             "articles": len(r2)}
    predictions = [{"dataset": e.dataset, "system": e.name, "id": i, "summary": s}
                   for e in entries if e.kind == "ours" for i, s in zip(e.ids, e.summaries)]
    level = config.bootstrap.level
    table = Table(
        title="Summarizers on FRANK's articles: ours and the published systems, ROUGE F1 against the reference",
        columns=["dataset", "system", "kind", "budget", "articles", "words", f"ROUGE-1 [{level} CI]",
                 f"ROUGE-2 [{level} CI]", f"ROUGE-Lsum [{level} CI]", f"ROUGE-2 vs lead [{level} CI]", "p vs lead",
                 f"unsupported share [{level} CI]", "people: factuality"],
        rows=table_rows,
        notes=["ROUGE F1 x 100 (rouge-score, Porter stemming) against the dataset's reference (CNN/DM highlights, "
               f"XSum's gold sentence); {level} CI: percentile bootstrap over articles, "
               f"{config.bootstrap.samples} resamples, seed {config.seed}.",
               "Budgets follow the benchmark: extractive systems take Lead-3's three sentences on CNN/DM and "
               "Lead-1's one on XSum; generated text gets the dataset's mean reference length in words.",
               "ROUGE-2 vs lead: mean paired difference from the lead baseline on the same articles (bootstrap "
               "CI); p: two-sided paired permutation test. A row with fewer articles ran on the first N of "
               "each dataset in id order (slow LM systems) and is compared on those.",
               f"unsupported share: sentences the {config.faithfulness_checker} checker flags, pooled, bootstrap "
               "over summaries. people: FRANK's mean human factuality of the published system's summaries "
               "(share of sentences free of errors).",
               "published: the systems' summaries as FRANK distributes them (CNN/DM ones lower-cased and "
               "tokenised), scored by the same code."],
    )
    if any(entry.out_of_fold for entry in entries):
        table.notes.append(
            f"out-of-fold: a system trained on references (learned) summarizes each article after training on the "
            f"same dataset's articles outside its fold ({config.folds} folds grouped by article), and chose its "
            "features, model and selection rule by grouped folds of those training articles alone.")
    context.logger.info("FRANK summarization: %d rows over %d articles", len(table_rows),
                        len({r["article_id"] for r in rows}))
    return TaskOutput(tables={config.table: table}, metrics=metrics, predictions=predictions,
                      input_hash=path_fingerprint(Path(config.data.path)))


TASK = Task("frank_summarizers", FrankSummarizersConfig, run)
