"""Ablation rows of the summarization report: a listed summarizer config run again with a few keys overridden.

A variant ``{name, system, set}`` names a system of the report's ``systems``
list and ``--set``-style overrides (``system.stage=draft``); its row follows
that system's row, scored like every other one (ROUGE with CIs, unsupported
share, abstractiveness, the paired test against the baseline). Variants are
validated with the report's config (each overridden config is loaded): a bad
override is a one-line config error naming the variant, and nothing runs. The
report runs them through ``research.tasks.report_runner``.
"""

from __future__ import annotations

from research.errors import ConfigError
from research.tasks.report_config import Variant, check_variant_names
from research.tasks.summarizer_configs import load_summarizer, system_name


def check_variants(variants: list[Variant], paths: list[str]) -> list[Variant]:
    """Each variant names a listed system (``paths``: the report's config paths), a new row name and overrides
    that give a valid config; a ValueError says which variant is wrong and why."""
    systems = {system_name(p): p for p in paths}
    check_variant_names(variants, list(systems))
    for index, variant in enumerate(variants):
        try:
            load_summarizer(systems[variant.system], variant.set)
        except ConfigError as exc:
            raise ValueError(f"variant {index} ('{variant.name}'): {exc}") from None
    return variants
