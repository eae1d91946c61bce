"""Checkers looked up by name; modules are imported on demand (some load models)."""

from __future__ import annotations

import importlib
from typing import Any

from research.config import suggest
from research.errors import UserError
from research.faithfulness.base import Checker

# name -> "module:Class"
CHECKERS: dict[str, str] = {
    "names": "research.faithfulness.proxies:InventedNames",
    "numbers": "research.faithfulness.proxies:InventedNumbers",
    "entities": "research.faithfulness.entities:EntityPrecision",
    "alignment": "research.faithfulness.alignment:Alignment",
    "relations": "research.faithfulness.relations:Relations",
    "units": "research.faithfulness.content:ContentUnits",
    "combined": "research.faithfulness.combined:Combined",
    "factcc": "research.faithfulness.factcc:FactCC",
    "lm_judge": "research.faithfulness.lm_judge:LMJudge",
}
# The checker `research verify` and the evaluation use when none is named; chosen by the meta-evaluation.
DEFAULT_CHECKER = "combined"


def checker_names() -> list[str]:
    return sorted(CHECKERS)


def known_checker(name: str) -> str:
    """``name`` if a checker has it, else a ValueError with a did-you-mean and the choices (config validators)."""
    if name not in CHECKERS:
        raise ValueError(f"unknown checker '{name}'{suggest(str(name), checker_names())} "
                         f"(choose from: {', '.join(checker_names())})")
    return name


def get_checker(name: str) -> type[Checker]:
    """The class registered as ``name``; a UserError lists the choices."""
    try:
        known_checker(name)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    module, _, attribute = CHECKERS[name].partition(":")
    return getattr(importlib.import_module(module), attribute)


def build_checker(name: str, **options: Any) -> Checker:
    """A checker by name with its options (each checker validates its own)."""
    cls = get_checker(name)
    try:
        return cls(**options)
    except (TypeError, ValueError) as exc:  # an unknown, missing or invalid option
        raise UserError(f"checker {name!r}: {exc}".replace(f"{cls.__name__}.__init__() ", "")) from None
