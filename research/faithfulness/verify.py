"""``research verify``: judge every sentence of each summary against its source with a faithfulness checker.

Sources ``{"id", "text"}`` and summaries ``{"id", "summary"}`` are paired by id
one to one (the readers of ``research.jsonl``); the output has one line
per id, in source order: ``{"id", "score", "sentences": [{"text", "supported", "score",
"evidence"}], "unsupported": N}``, where the summary's ``score`` is the mean of its sentences' (the checker's
estimate of the share of supported sentences; null for a summary without sentences). Nothing is written unless every line is read
and judged.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError, field_validator, model_validator

from research.config import StrictModel, describe_error, load_config_plugins, read_yaml_mapping, system_mapping
from research.errors import ConfigError
from research.faithfulness.base import Checker
from research.faithfulness.registry import DEFAULT_CHECKER, build_checker, checker_names, checker_section
from research.faithfulness.share import summary_score
from research.io import atomic_write_text, check_output_path, dumps_jsonl
from research.jsonl import pair_by_id, read_objects, text_field
from research.parallel import ParallelConfig, map_chunks
from research.plugins import load_plugins
from research.text.sentences import line_sentences


class VerifyConfig(StrictModel):
    """``--config``: which checker, ``system: {name: NAME, <options>}`` (each checker validates its own options),
    and where it runs."""

    system: dict[str, Any] = {"name": DEFAULT_CHECKER}
    plugins: list[str] = []  # checkers from outside the package (research.plugins), relative to the config
    parallel: ParallelConfig = ParallelConfig()  # local, or ray: chunks of summaries as Ray tasks

    @model_validator(mode="before")
    @classmethod
    def _one_shape(cls, data: Any) -> Any:
        if isinstance(data, dict) and ("checker" in data or "options" in data):  # the old shape
            system_mapping(data.get("checker", DEFAULT_CHECKER), checker_names(), data.get("options", {}))
        return data

    @field_validator("system", mode="before")
    @classmethod
    def _known_checker(cls, value: Any) -> dict[str, Any]:
        return checker_section(value)

    @property
    def name(self) -> str:
        return self.system["name"]

    @property
    def options(self) -> dict[str, Any]:
        return {k: v for k, v in self.system.items() if k != "name"}


def read_verify_config(path: Path | str) -> VerifyConfig:
    path = Path(path)
    data = read_yaml_mapping(path)
    load_config_plugins(data, path)
    try:
        return VerifyConfig.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"{path}: {describe_error(exc.errors()[0], VerifyConfig)}") from None


def verify_pairs(checker: Checker, pairs: list[tuple[str, str, str]]) -> list[dict]:
    """One output row per (id, source text, summary)."""
    rows = []
    for row_id, source, summary in pairs:
        sentences = line_sentences(summary)
        verdicts = checker.check(source, sentences)
        judged = [{"text": text, "supported": v.supported, "score": round(v.score, 6), "evidence": list(v.evidence)}
                  for text, v in zip(sentences, verdicts)]
        # the summary's score: the checker's estimate of the share of its sentences that are supported
        score = round(summary_score([(v.score, v.supported) for v in verdicts], "mean"), 6) if verdicts else None
        rows.append({"id": row_id, "score": score, "sentences": judged,
                     "unsupported": sum(not v.supported for v in verdicts)})
    return rows


def verify_chunk(name: str, options: dict, plugins: list[str], base: str,
                 pairs: list[tuple[str, str, str]]) -> list[dict]:
    """``verify_pairs`` with a checker built here (a Ray task builds its own; its plugins are imported first)."""
    load_plugins(plugins, Path(base))
    return verify_pairs(build_checker(name, **options), pairs)


def verify_files(sources: Path | str, summaries: Path | str, output: Path | str, checker: str | None = None,
                 config: Path | str | None = None) -> list[dict]:
    """Read, pair, judge and write ``output`` atomically; any problem is a UserError and writes nothing."""
    sources, summaries, output = Path(sources), Path(summaries), Path(output)
    check_output_path(output, sources, summaries)
    settings = read_verify_config(config) if config is not None else VerifyConfig()
    name = checker if checker is not None else settings.name
    options = settings.options if name == settings.name else {}
    build_checker(name, **options)  # a bad name or option fails here, before any input is read
    source_lines, summary_lines = read_objects(sources), read_objects(summaries)
    texts = {line.row["id"]: text_field(line, "text") for line in source_lines}
    written = {line.row["id"]: text_field(line, "summary") for line in summary_lines}
    pairs = [(s.row["id"], texts[s.row["id"]], written[p.row["id"]])
             for s, p in pair_by_id(source_lines, summary_lines, "source", "summary")]
    base = str(Path(config).resolve().parent) if config is not None else "."
    rows = map_chunks(verify_chunk, pairs, settings.parallel, name, options, settings.plugins, base)
    atomic_write_text(output, dumps_jsonl(rows))
    return rows
