"""The ``research`` command line: a thin layer that parses arguments and wires modules.

A ``UserError`` becomes one line on stderr and exit code 2; any other
exception is a bug and keeps its traceback (exit 1).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from research.errors import UserError


def _cmd_data_build(args: argparse.Namespace) -> int:
    from research.data.build import build
    from research.paths import SEEDS

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

    annotations = read_annotations(article_rows("seeds"), Path(args.annotations))
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


def _cmd_reproduce(args: argparse.Namespace) -> int:
    from research.reproduce import reproduce

    differences = reproduce(check=args.check, progress=not args.quiet)
    if differences:
        print("results/ differs from what the code produces:")
        print("\n".join(differences))
        return 1
    print("results/ matches the code" if args.check else "results/ regenerated")
    return 0


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from research.evaluation.evaluate import evaluate_files

    evaluation = evaluate_files(args.references, args.predictions, args.task, args.output, args.seed)
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
    from research.classification.predict import classify_file

    count = classify_file(args.config, args.input, args.output, args.model, args.set)
    print(f"{count} predictions written to {args.output}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    from research.data.annotations import ANNOTATIONS
    from research.data.loader import DEFAULT_NEAR_DUPLICATE_THRESHOLD

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--quiet", action="store_true", help="no progress bars")
    common.add_argument("--online", action="store_true", help="allow Hugging Face Hub downloads (off by default)")

    parser = argparse.ArgumentParser(prog="research", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    data = commands.add_parser("data", help="build or show the corpus")
    data_commands = data.add_subparsers(dest="data_command", required=True, metavar="ACTION")
    for name, handler, help_text in (
        ("build", _cmd_data_build, "write the data files and dataset card"),
        ("show", _cmd_data_show, "print one line per cleaned article"),
    ):
        sub = data_commands.add_parser(name, help=help_text, parents=[common])
        sub.add_argument("--source", default="seeds", help="'seeds', a folder of .txt files or a .jsonl file")
        sub.add_argument("--near-duplicate-threshold", type=float, default=DEFAULT_NEAR_DUPLICATE_THRESHOLD)
        if name == "build":
            sub.add_argument("--out", help="folder for data/ and README.md (default: seeds/)")
        sub.set_defaults(handler=handler)

    validate = data_commands.add_parser(
        "validate", help="check seeds/annotations/ against the cleaned seeds", parents=[common])
    validate.add_argument("--annotations", default=str(ANNOTATIONS), help="annotation folder (default: seeds/annotations)")
    validate.set_defaults(handler=_cmd_data_validate)

    run = commands.add_parser("run", help="run one experiment config", parents=[common])
    run.add_argument("config", help="a YAML file in configs/")
    run.add_argument("--set", action="append", default=[], metavar="KEY.PATH=VALUE",
                     help="override a config value (validated like the file)")
    run.set_defaults(handler=_cmd_run)

    reproduce = commands.add_parser("reproduce", help="regenerate results/ from the manifest", parents=[common])
    reproduce.add_argument("--check", action="store_true",
                           help="regenerate into a temporary folder and exit 1 if results/ differs")
    reproduce.set_defaults(handler=_cmd_reproduce)

    evaluate = commands.add_parser("evaluate", help="score predictions against references (JSONL)", parents=[common])
    evaluate.add_argument("--references", required=True, metavar="REFS.jsonl",
                          help='lines {"id", "summaries": [...]} or, for classification, {"id", "label"}')
    evaluate.add_argument("--predictions", required=True, metavar="PREDS.jsonl",
                          help='lines {"id", "summary"} or, for classification, {"id", "label"}')
    evaluate.add_argument("--task", choices=["summarisation", "classification"], default="summarisation")
    evaluate.add_argument("--output", metavar="FILE", help="also save the scores: .json (all scores) or .csv (the table)")
    evaluate.add_argument("--seed", type=int, default=0, help="bootstrap seed for the confidence intervals")
    evaluate.set_defaults(handler=_cmd_evaluate)

    summarize = commands.add_parser("summarize", help="summarise each line of a JSONL file", parents=[common])
    summarize.add_argument("--config", required=True, help="a summarisation config (configs/summarize-*.yaml)")
    summarize.add_argument("--input", required=True, metavar="IN.jsonl", help='lines {"text": ..., "id": optional}')
    summarize.add_argument("--output", required=True, metavar="OUT.jsonl", help='lines {"id", "summary"}, same order')
    summarize.add_argument("--set", action="append", default=[], metavar="KEY.PATH=VALUE",
                           help="override a config value (validated like the file)")
    summarize.set_defaults(handler=_cmd_summarize)

    classify = commands.add_parser("classify", help="label each line of a JSONL file with a topic", parents=[common])
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


def main(argv: list[str] | None = None) -> int:
    if "--quiet" in (sys.argv[1:] if argv is None else argv):
        os.environ["TQDM_DISABLE"] = "1"  # tqdm reads this when first imported, before the parser is built
    args = build_parser().parse_args(argv)
    if not args.online:
        os.environ["HF_HUB_OFFLINE"] = "1"  # a mistyped model name fails fast instead of hanging
    if getattr(args, "quiet", False):
        os.environ["TQDM_DISABLE"] = "1"
        import datasets
        import huggingface_hub.utils

        datasets.disable_progress_bars()
        huggingface_hub.utils.disable_progress_bars()  # transformers follows the hub's setting when it is imported
    try:
        return args.handler(args)
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
