"""Checkers looked up by name; modules are imported on demand (some load models)."""

from __future__ import annotations

from typing import Any

from research.config import system_mapping
from research.errors import UserError
from research.faithfulness.base import Checker
from research.plugins import Registry

# The modules that define the built-in checkers (each class declares its own ``name``), imported on the first
# lookup (some load models on first use); plugins need no entry here.
CHECKERS: Registry[type[Checker]] = Registry("checker", (
    "research.faithfulness.proxies",
    "research.faithfulness.entities",
    "research.faithfulness.alignment",
    "research.faithfulness.relations",
    "research.faithfulness.units",
    "research.faithfulness.copying",
    "research.faithfulness.combined",
    "research.faithfulness.factcc",
    "research.faithfulness.lm_judge",
    "research.faithfulness.likelihood",
), lambda obj: isinstance(obj, type) and issubclass(obj, Checker))
# The checker `research verify` and the evaluation use when none is named; chosen by the meta-evaluation.
DEFAULT_CHECKER = "combined"


def checker_names() -> list[str]:
    return CHECKERS.names()


def known_checker(name: str) -> str:
    """``name`` if a checker has it, else a ValueError with a did-you-mean and the choices (config validators)."""
    CHECKERS.lookup(name)
    return name


def get_checker(name: str) -> type[Checker]:
    """The class registered as ``name``; an UnknownName lists the choices."""
    return CHECKERS.lookup(name)


def build_checker(name: str, **options: Any) -> Checker:
    """A checker by name with its options: each checker validates its own, and every checker takes
    ``detokenise`` (true: judge a tokenised sentence as the prose it stands for, the default)."""
    cls = get_checker(name)
    detokenise = options.pop("detokenise", True)
    if not isinstance(detokenise, bool):
        raise UserError(f"checker {name!r}: detokenise must be true or false, got {detokenise!r}")
    try:
        checker = cls(**options)
    except (TypeError, ValueError) as exc:  # an unknown, missing or invalid option
        raise UserError(f"checker {name!r}: {exc}".replace(f"{cls.__name__}.__init__() ", "")) from None
    checker.detokenise = detokenise
    return checker


def checker_section(value: Any, key: str = "system") -> dict[str, Any]:
    """A config's checker, ``{name: CHECKER, <options>}``: a known name and options that checker accepts (its
    constructor only stores and checks them: cheap). A ValueError says what is wrong, for a pydantic validator."""
    mapping = {**system_mapping(value, checker_names(), key=key), "name": known_checker(value["name"])}
    try:
        build_checker(**mapping)
    except UserError as exc:
        raise ValueError(str(exc)) from None
    return mapping
