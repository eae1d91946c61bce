"""The ``research`` command line: a thin layer that parses arguments and wires modules.

A ``UserError`` becomes one line on stderr and exit code 2; any other
exception is a bug and keeps its traceback (exit 1).
Over 250 lines: the parser of every command lives here (one place to read the whole
command line); each handler is a few lines that call the module doing the work.
Each handler imports its module when it runs, never to dodge a cycle (this is the
top layer): those modules pull in datasets, torch, scikit-learn or Ray, and
``research --help`` or ``research data validate`` should not wait for them.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from research.errors import UserError
from research.grid import parse_grids
from research.logs import library_logs_to_terminal, library_warnings_to_run_log
from research.paths import SEEDS


def _cmd_data_build(args: argparse.Namespace) -> int:
    from research.data.build import build

    out = Path(args.out) if args.out else SEEDS
    for path in build(out, args.source, args.near_duplicate_threshold, progress=not args.quiet):
        print(path)
    return 0


def _cmd_data_show(args: argparse.Namespace) -> int:
    from research.data.loader import article_rows

    for a in article_rows(args.source, args.near_duplicate_threshold, progress=not args.quiet):
        title = a["title"] or "(no title)"
        print(f"{a['id']}  group {a['group']}  {len(a['paragraphs'])} paragraphs  "
              f"{len(a['sentences'])} sentences  {a['n_words']} words  {len(a['removed'])} removed  {title}")
    return 0


def _cmd_data_validate(args: argparse.Namespace) -> int:
    from research.data.annotations import read_annotations
    from research.data.loader import article_rows
    from research.summarization.registry import system_names

    annotations = read_annotations(article_rows("seeds"), Path(args.annotations), system_names())
    if annotations.problems:
        print("\n".join(annotations.problems), file=sys.stderr)
        return 2
    print(f"ok: {len(annotations.paragraph_labels)} paragraph labels, {len(annotations.article_labels)} article "
          f"labels, {2 * len(annotations.summaries)} reference summaries, {len(annotations.challenge)} challenge items, "
          f"{len(annotations.faithfulness)} faithfulness judgments")
    return 0


def _cmd_run(args: argparse.Namespace) -> int:
    from research.runs import run_experiment

    record = run_experiment(args.config, args.set, progress=not args.quiet)
    for name, table in sorted(record.output.tables.items()):
        print(table.to_markdown())
    print(f"run recorded in {record.run_dir}")
    return 0


def _cmd_sweep(args: argparse.Namespace) -> int:
    from research.sweep import run_sweep

    grids = parse_grids(args.grid)
    log = None if args.quiet else (lambda line: print(line, file=sys.stderr, flush=True))
    sweep = run_sweep(args.config, grids, args.set, args.jobs, args.backend, log=log)
    print(sweep.table.to_markdown())
    for outcome in sweep.outcomes:
        print(f"#{outcome.combination.index}: {outcome.run_dir or 'failed: ' + str(outcome.error)}")
    print(f"sweep recorded in {sweep.folder}")
    if sweep.failures:
        print(f"{len(sweep.failures)} of {len(sweep.outcomes)} combinations failed: "
              + ", ".join(f"#{o.combination.index}" for o in sweep.failures), file=sys.stderr)
        return 1
    return 0


def _cmd_runs(args: argparse.Namespace) -> int:
    from research import run_index

    if args.diff:
        print(run_index.diff_table(*(run_index.resolve_run(name) for name in args.diff)).to_markdown(), end="")
        return 0
    sweep = run_index.sweep_runs(args.sweep) if args.sweep else None
    runs = run_index.select_runs(run_index.find_runs(), args.last, args.config, sweep)
    if args.export:
        from research.mlflow_export import export_runs

        summary = export_runs(runs, args.tracking_uri)
        print(f"mlflow: {summary.created} runs created, {summary.updated} updated, {summary.skipped} .partial "
              f"skipped in {summary.tracking_uri}")
        return 0
    print(run_index.runs_table(runs).to_markdown(), end="")
    return 0


def _cmd_reproduce(args: argparse.Namespace) -> int:
    from research.reproduce import reproduce

    if args.recompute and not args.check:
        raise UserError("--recompute: only with --check (writing results/ always runs every config)")
    differences = reproduce(check=args.check, progress=not args.quiet, reuse=not args.recompute)
    if differences:
        print("results/ differs from what the code produces:")
        print("\n".join(differences))
        return 1
    print("results/ matches the code" if args.check else "results/ regenerated")
    return 0


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from research.evaluation.evaluate import evaluate_files

    evaluation = evaluate_files(args.references, args.predictions, args.task, args.output, args.seed, args.sources)
    print(evaluation.table.to_markdown(), end="")
    if args.output:
        print(f"written to {args.output}")
    return 0


def _cmd_summarize(args: argparse.Namespace) -> int:
    from research.tasks.summarization import summarize_file

    count = summarize_file(args.config, args.input, args.output, args.set, progress=not args.quiet)
    print(f"{count} summaries written to {args.output}")
    return 0


def _cmd_classify(args: argparse.Namespace) -> int:
    from research.classify import classify_file

    count = classify_file(args.config, args.input, args.output, args.model, args.set)
    print(f"{count} predictions written to {args.output}")
    return 0


def _cmd_verify(args: argparse.Namespace) -> int:
    from research.faithfulness.verify import verify_files

    rows = verify_files(args.sources, args.summaries, args.output, args.checker, args.config)
    unsupported = sum(row["unsupported"] for row in rows)
    total = sum(len(row["sentences"]) for row in rows)
    print(f"{len(rows)} summaries, {unsupported} of {total} sentences unsupported, written to {args.output}")
    return 0


SUMMARY = "Topic classification, summarization and faithfulness checks of news text, run from YAML configs."


def _described(summary: str, example: str) -> dict:
    """A command's help: one line saying what it does (also its line in the parent's list) and one example."""
    return {"help": summary, "description": f"{summary}\n\nexample: {example}",
            "formatter_class": argparse.RawDescriptionHelpFormatter}


def build_parser() -> argparse.ArgumentParser:
    from research.data.annotations import ANNOTATIONS
    from research.data.loader import DEFAULT_NEAR_DUPLICATE_THRESHOLD

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--quiet", action="store_true", help="no progress bars")
    common.add_argument("--verbose", action="store_true",
                        help="libraries' warnings and log lines (Ray, transformers) on the terminal (by default they "
                             "go to the run's run.log)")
    common.add_argument("--online", action="store_true", help="allow Hugging Face Hub downloads (off by default)")

    top = _described(SUMMARY, "research run configs/summarize-lead.yaml")
    parser = argparse.ArgumentParser(prog="research", description=top["description"],
                                     formatter_class=top["formatter_class"],
                                     epilog="every command has --help: research COMMAND --help")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    data = commands.add_parser("data", **_described("Build, show or validate the corpus and its annotations.",
                                                    "research data show"))
    data_commands = data.add_subparsers(dest="data_command", required=True, metavar="ACTION")
    for name, handler, summary, example in (
        ("build", _cmd_data_build, "Write the corpus as parquet files and its dataset card (default: seeds/).",
         "research data build --source my_corpus/ --out my_dataset/"),
        ("show", _cmd_data_show, "Print one line per cleaned article: group, paragraphs, sentences, words, title.",
         "research data show --source corpus.jsonl"),
    ):
        sub = data_commands.add_parser(name, parents=[common], **_described(summary, example))
        sub.add_argument("--source", default="seeds", help="'seeds', a folder of .txt files or a .jsonl file")
        sub.add_argument("--near-duplicate-threshold", type=float, default=DEFAULT_NEAR_DUPLICATE_THRESHOLD)
        if name == "build":
            sub.add_argument("--out", help="folder for data/ and README.md (default: seeds/)")
        sub.set_defaults(handler=handler)

    validate = data_commands.add_parser(
        "validate", parents=[common], **_described("Check the hand-written references in seeds/annotations/ against "
                                                   "the cleaned seeds.", "research data validate"))
    validate.add_argument("--annotations", default=str(ANNOTATIONS), help="annotation folder (default: seeds/annotations)")
    validate.set_defaults(handler=_cmd_data_validate)

    run = commands.add_parser("run", parents=[common], **_described(
        "Run one experiment config, record it under experiments/ and print its tables.",
        "research run configs/summarize-lead.yaml --set budget.sentences=2"))
    run.add_argument("config", help="a YAML file in configs/")
    run.add_argument("--set", action="append", default=[], metavar="KEY.PATH=VALUE",
                     help="override a config value (validated like the file)")
    run.set_defaults(handler=_cmd_run)

    sweep = commands.add_parser("sweep", parents=[common], **_described(
        "Run a config once per combination of grid values and compare the runs in one table.",
        "research sweep configs/classify-tfidf-svm.yaml --grid system.C=0.1,1.0,10.0 --grid system.min_df=1,2"))
    sweep.add_argument("config", help="a YAML file in configs/")
    sweep.add_argument("--grid", action="append", default=[], metavar="KEY.PATH=V1,V2",
                       help="values to try (Hydra multirun syntax: numbers, strings, 'quoted, text', [lists]); "
                            "repeat for a Cartesian product")
    sweep.add_argument("--set", action="append", default=[], metavar="KEY.PATH=VALUE",
                       help="override a config value in every combination")
    sweep.add_argument("--jobs", type=int, default=1, help="combinations run at a time (default 1)")
    sweep.add_argument("--backend", choices=["local", "ray"], default="local",
                       help="local processes or Ray tasks (a private local Ray instance)")
    sweep.set_defaults(handler=_cmd_sweep)

    runs = commands.add_parser("runs", parents=[common], **_described(
        "List recorded runs with their main metric, diff two runs, or export runs to MLflow.",
        "research runs --last 5 --config summarize-lead"))
    runs.add_argument("--last", type=int, metavar="N", help="only the N most recent runs")
    runs.add_argument("--config", metavar="NAME", help="only runs of this config (e.g. classify-tfidf-cnb)")
    runs.add_argument("--sweep", metavar="ID", help="only the runs of this sweep (experiments/sweeps/ID)")
    runs.add_argument("--diff", nargs=2, metavar=("RUN_A", "RUN_B"), help="the config keys and metrics that differ")
    runs.add_argument("--export", choices=["mlflow"], help="write the selected runs into an MLflow tracking store")
    runs.add_argument("--tracking-uri", metavar="DIR",
                      help="MLflow store: a folder (default experiments/mlruns) or a tracking URI")
    runs.set_defaults(handler=_cmd_runs)

    reproduce = commands.add_parser("reproduce", parents=[common], **_described(
        "Regenerate results/ from the manifest of configs, or check (--check) that it is reproduced exactly.",
        "research reproduce --check"))
    reproduce.add_argument("--check", action="store_true",
                           help="regenerate into a temporary folder and exit 1 if results/ differs")
    reproduce.add_argument("--recompute", action="store_true",
                           help="with --check: run every config even when a stored run has exactly these inputs")
    reproduce.set_defaults(handler=_cmd_reproduce)

    evaluate = commands.add_parser("evaluate", parents=[common], **_described(
        "Score predictions against references (JSONL): ROUGE with bootstrap CIs, or macro-F1 and accuracy.",
        "research evaluate --references refs.jsonl --predictions summaries.jsonl --sources articles.jsonl"))
    evaluate.add_argument("--references", required=True, metavar="REFS.jsonl",
                          help='lines {"id", "summaries": [...]} or, for classification, {"id", "label"}')
    evaluate.add_argument("--predictions", required=True, metavar="PREDS.jsonl",
                          help='lines {"id", "summary"} or, for classification, {"id", "label"}')
    evaluate.add_argument("--task", choices=["summarization", "classification"], default="summarization")
    evaluate.add_argument("--output", metavar="FILE", help="also save the scores: .json (all scores) or .csv (the table)")
    evaluate.add_argument("--seed", type=int, default=0, help="bootstrap seed for the confidence intervals")
    evaluate.add_argument("--sources", metavar="S.jsonl", help='lines {"id", "text"}: also report the share of '
                          "summary sentences the default faithfulness checker finds unsupported")
    evaluate.set_defaults(handler=_cmd_evaluate)

    verify = commands.add_parser("verify", parents=[common], **_described(
        "Judge each sentence of each summary against its source with a faithfulness checker (JSONL).",
        "research verify --sources articles.jsonl --summaries summaries.jsonl --output verdicts.jsonl"))
    verify.add_argument("--sources", required=True, metavar="S.jsonl", help='lines {"id", "text"}')
    verify.add_argument("--summaries", required=True, metavar="P.jsonl", help='lines {"id", "summary"}, same ids')
    verify.add_argument("--output", required=True, metavar="O.jsonl",
                        help='lines {"id", "sentences": [{"text", "supported", "score", "evidence"}], "unsupported"}')
    verify.add_argument("--checker", help="a checker name (default: the config's, else the default checker)")
    verify.add_argument("--config", metavar="C.yaml", help="YAML mapping: system: {name: CHECKER, <options>}")
    verify.set_defaults(handler=_cmd_verify)

    summarize = commands.add_parser("summarize", parents=[common], **_described(
        "Summarize each text of a JSONL file with a config's summarizer.",
        "research summarize --config configs/summarize-textrank.yaml --input articles.jsonl "
        "--output summaries.jsonl"))
    summarize.add_argument("--config", required=True, help="a summarization config (configs/summarize-*.yaml)")
    summarize.add_argument("--input", required=True, metavar="IN.jsonl", help='lines {"text": ..., "id": optional}')
    summarize.add_argument("--output", required=True, metavar="OUT.jsonl", help='lines {"id", "summary"}, same order')
    summarize.add_argument("--set", action="append", default=[], metavar="KEY.PATH=VALUE",
                           help="override a config value (validated like the file)")
    summarize.set_defaults(handler=_cmd_summarize)

    classify = commands.add_parser("classify", parents=[common], **_described(
        "Label each text of a JSONL file with a topic, with a config's classifier.",
        "research classify --config configs/classify-tfidf-cnb.yaml --input paragraphs.jsonl --output labels.jsonl"))
    classify.add_argument("--config", required=True, help="a classification config (configs/classify-*.yaml)")
    classify.add_argument("--input", required=True, metavar="IN.jsonl", help='lines {"text": ..., "id": optional}')
    classify.add_argument("--output", required=True, metavar="OUT.jsonl",
                          help='lines {"id", "label", "scores"} (one score per topic, in topic order), same order')
    classify.add_argument("--model", metavar="PATH", help="a model.skops saved by `research run` (default: train "
                          "the configured system on all seed paragraphs)")
    classify.add_argument("--set", action="append", default=[], metavar="KEY.PATH=VALUE",
                          help="override a config value (validated like the file)")
    classify.set_defaults(handler=_cmd_classify)
    return parser


def _offline() -> None:
    """Hub downloads off: a mistyped model name fails fast instead of hanging."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    constants = sys.modules.get("huggingface_hub.constants")
    if constants is not None:  # it reads the variable once, at import (building the parser imports datasets)
        constants.HF_HUB_OFFLINE = True


def main(argv: list[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else argv
    if "--quiet" in words:
        os.environ["TQDM_DISABLE"] = "1"  # tqdm reads this when first imported, before the parser is built
    if "--online" not in words:
        _offline()  # before the parser is built, which imports huggingface_hub
    args = build_parser().parse_args(argv)
    if not args.online:
        _offline()
    if getattr(args, "quiet", False):
        os.environ["TQDM_DISABLE"] = "1"
        import datasets
        import huggingface_hub.utils

        datasets.disable_progress_bars()
        huggingface_hub.utils.disable_progress_bars()  # transformers follows the hub's setting when it is imported
    try:
        verbose = getattr(args, "verbose", False)
        with library_logs_to_terminal() if verbose else library_warnings_to_run_log():
            return args.handler(args)
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
