"""The one interface every summarizer implements: parameters, runtime, the base class and its cache identity.

A summarizer is built from validated parameters (a pydantic model per system,
the one place where parameters are checked), a length ``Budget`` and a
``Runtime`` (device, dtype, batch size, seed, threads); the budget and the
text helpers that fit sentences into it are in ``research.summarization.budget``. ``summarize(texts)`` returns one
summary per text, in order, and never looks at a cache: caching wraps it
(``research.summarization.registry.summarize_cached``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from pydantic import ValidationError

from research.cache import cache_key
from research.config import StrictModel, describe_error, suggest
from research.summarization.budget import Budget


@dataclass(frozen=True)
class Runtime:
    """Where and how model-based systems run; the seed drives every random choice."""

    device: str = "auto"  # auto | cpu | cuda
    dtype: str = "auto"  # auto | float32 | float16 | bfloat16
    batch_size: int = 8
    seed: int = 0
    threads: int | None = None  # CPU threads for llama.cpp; None: the physical cores


class SystemParams(StrictModel):
    """Parameters of one system (the base has only its ``name``, which the system class declares)."""

    name: str


def check_known_keys(params_model: type[SystemParams], name: str, data: dict) -> None:
    """An unknown key names the system's parameters and suggests the closest one."""
    fields = [f for f in params_model.model_fields if f != "name"]
    for key in data:
        moved = str(key).removesuffix("_options")
        if key not in params_model.model_fields and moved != key and moved in fields:  # an older shape
            raise ValueError(f"write {moved}: {{name: NAME, <options>}} for system '{name}' (its options go inside "
                             f"it; '{key}' is not read)")
        if key not in params_model.model_fields:
            raise ValueError(f"unknown parameter '{key}' for system '{name}'{suggest(str(key), fields)} "
                             f"(parameters: {', '.join(fields) or 'none'})")


def validate_params(cls: type["Summarizer"], params: dict) -> SystemParams:
    """The one place a system's parameters are checked: a ValueError names the parameter and the value."""
    data = {"name": cls.name, **params}
    check_known_keys(cls.Params, cls.name, data)
    try:
        return cls.Params.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise ValueError(f"{cls.__name__}: {describe_error(errors[0], cls.Params, 'parameter')}{more}") from None


class Summarizer:
    """Base class: subclasses set ``name``, ``Params`` and implement ``_summarize`` (or ``summarize_one``).

    Constructors follow scikit-learn: they store what they are given and load
    nothing; models load on first use, so a fully cached run never loads one.
    """

    name: ClassVar[str]
    label: ClassVar[str] = ""  # how tables and logs show the system; defaults to ``name``
    Params: ClassVar[type[SystemParams]] = SystemParams  # a system with parameters subclasses it
    # the seed is in the cache key unless a system declares that its output never depends on it: forgetting
    # to declare costs a recomputation, never a stale summary
    uses_seed: ClassVar[bool] = True
    extractor: ClassVar[bool] = False  # offered as the sentence extractor of extract_then_rewrite and verified
    # copies whole sentences of the article (every extractor does too): a benchmark budgets it in sentences
    extractive: ClassVar[bool] = False

    def __init__(self, budget: Budget | dict | None = None, runtime: Runtime | None = None, **params: Any):
        self.params = validate_params(type(self), params)
        if isinstance(budget, Budget):
            self.budget = budget
        else:
            try:
                self.budget = Budget.model_validate(budget or {})
            except ValidationError as exc:
                raise ValueError(f"{type(self).__name__}: budget: "
                                 f"{describe_error(exc.errors()[0], Budget, 'parameter')}") from None
        self.runtime = runtime or Runtime()
        try:
            type(self).check_budget(self.budget)
        except ValueError as exc:
            raise ValueError(f"{type(self).__name__}: budget: {exc}") from None

    @classmethod
    def check_budget(cls, budget: Budget) -> None:
        """A ValueError if the system cannot work within ``budget`` (a config's validator asks before any run)."""

    @classmethod
    def display_name(cls) -> str:
        return cls.label or cls.name

    def summarize(self, texts: list[str]) -> list[str]:
        """One summary per text, in order."""
        texts = list(texts)
        for index, text in enumerate(texts):
            if not isinstance(text, str) or not text.strip():
                raise ValueError(f"text {index} is empty or not a string")
        summaries = self._summarize(texts)
        if len(summaries) != len(texts):
            raise RuntimeError(f"{self.name} returned {len(summaries)} summaries for {len(texts)} texts")
        return summaries

    def _summarize(self, texts: list[str]) -> list[str]:
        return [self.summarize_one(text) for text in texts]

    def summarize_one(self, text: str) -> str:
        raise NotImplementedError

    def fingerprint(self) -> dict:
        """Hashes of the model files (or reference data) the output depends on; cheap, loads no model."""
        return {}

    def runtime_identity(self) -> dict:
        """The parts of the runtime that can change the output (device and dtype for models)."""
        return {}

    def cache_identity(self) -> dict:
        """Everything but the input text that determines a summary: the cache key (``research.cache.cache_key``)
        minus the text hash. The code is the system module's import closure (every package module this system
        can run, hashed: no hand-bumped version to forget) and the versions of the libraries it imports and
        what they require (derived, never listed)."""
        config = {"system": self.name, "params": self.params.model_dump(mode="json"),
                  "budget": self.budget.model_dump(mode="json"), "seed": self.runtime.seed if self.uses_seed else None,
                  "runtime": self.runtime_identity()}
        return cache_key(config, {"fingerprint": self.fingerprint()}, [type(self).__module__])

    def __repr__(self) -> str:
        params = ", ".join(f"{k}={v!r}" for k, v in self.params.model_dump().items() if k != "name")
        return f"{type(self).__name__}({params}{', ' if params else ''}budget={self.budget.describe()!r})"

