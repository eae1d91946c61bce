"""The one interface every summarizer implements, and the pieces they share.

A summarizer is built from validated parameters (a pydantic model per system,
the one place where parameters are checked), a length ``Budget`` and a
``Runtime`` (device, dtype, batch size, seed, threads). ``summarize(texts)`` returns one
summary per text, in order, and never looks at a cache: caching wraps it
(``research.summarization.registry.summarize_cached``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar

from pydantic import Field, ValidationError, model_validator

from research.config import StrictModel, describe_error, suggest
from research.data.sentences import split_sentences
from research.errors import UserError
from research.code_keys import closure_distributions, source_closure_sha256
from research.provenance import package_versions

PositiveInt = Annotated[int, Field(gt=0)]


class Budget(StrictModel):
    """Summary length: at most ``words`` whitespace words (default 60) or exactly-at-most ``sentences``."""

    words: PositiveInt | None = None
    sentences: PositiveInt | None = None

    @model_validator(mode="before")
    @classmethod
    def _one_unit(cls, data: Any) -> Any:
        if isinstance(data, dict):
            if data.get("words") is not None and data.get("sentences") is not None:
                raise ValueError("give either 'words' or 'sentences', not both")
            if data.get("words") is None and data.get("sentences") is None:
                return {**data, "words": 60}
        return data

    def describe(self) -> str:
        """'60 words' or '3 sentences' (used inside prompts)."""
        if self.words is not None:
            return f"{self.words} words"
        return f"{self.sentences} sentence" + ("s" if self.sentences != 1 else "")


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


def split_text(text: str) -> list[str]:
    """Sentences of a text whose paragraphs are separated by blank lines (the loader's ``text``)."""
    sentences = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        paragraph = " ".join(paragraph.split())  # a single line break inside a paragraph is a space
        if paragraph:
            sentences.extend(split_sentences(paragraph))
    return sentences


def count_words(text: str) -> int:
    return len(text.split())


def truncate_words(text: str, n: int) -> str:
    return " ".join(text.split()[:n])


def select_sentences(sentences: list[str], ranking: list[int], budget: Budget, skip: bool = True) -> str:
    """Sentences taken in ``ranking`` order while they fit the budget, printed in document order.

    With a words budget, a sentence that would overflow is skipped and the
    next ones are tried (``skip``), or ends the selection (``skip=False``);
    when not even the first sentence fits, it is cut to the budget.
    """
    if not sentences:
        return ""
    if budget.sentences is not None:
        chosen = list(ranking[: budget.sentences])
    else:
        chosen, used = [], 0
        for index in ranking:
            n = count_words(sentences[index])
            if used + n <= budget.words:
                chosen.append(index)
                used += n
            elif not skip:
                break
        if not chosen:
            return truncate_words(sentences[ranking[0]], budget.words)
    return " ".join(sentences[i] for i in sorted(chosen))


def fit_budget(text: str, budget: Budget) -> str:
    """Generated text cut to the budget at a sentence boundary (or at a word, when one sentence is too long)."""
    sentences = split_text(text)
    if budget.sentences is not None:
        return " ".join(sentences[: budget.sentences])
    kept, used = [], 0
    for sentence in sentences:
        n = count_words(sentence)
        if used + n > budget.words:
            break
        kept.append(sentence)
        used += n
    return " ".join(kept) if kept else truncate_words(text, budget.words)


def drop_unfinished(text: str) -> str:
    """Drop a last sentence cut off by a token limit (keep it when it is the only one)."""
    sentences = split_text(text)
    if len(sentences) > 1 and not re.search(r"[.!?…][\"”’')\]]*$", sentences[-1]):
        sentences = sentences[:-1]
    return " ".join(sentences)


def resolve_device(requested: str) -> str:
    """'auto' picks CUDA when torch sees a GPU; asking for 'cuda' without one is a user error."""
    import torch

    if requested == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if requested == "cuda" and not torch.cuda.is_available():
        raise UserError("device 'cuda' was requested but torch sees no CUDA GPU; use device: auto or cpu")
    return requested


def resolve_dtype(requested: str, device: str) -> str:
    """'auto' is float32 on CPU (half precision is slow there) and bfloat16 on a GPU that has it."""
    if requested != "auto":
        return requested
    if device == "cpu":
        return "float32"
    import torch

    return "bfloat16" if torch.cuda.is_bf16_supported() else "float16"


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

    def package_names(self) -> tuple[str, ...]:
        """The installed packages whose versions can change the output: those the system's source closure
        imports and what they require (derived, ``research.code_keys.closure_distributions``)."""
        return tuple(closure_distributions([type(self).__module__]))

    def cache_identity(self) -> dict:
        """Everything but the input text that determines a summary (the cache key minus the text hash)."""
        return {
            "system": self.name,
            # the source of every package module this system can run, hashed: no hand-bumped version to forget
            "code": source_closure_sha256([type(self).__module__]),
            "params": self.params.model_dump(mode="json"),
            "budget": self.budget.model_dump(mode="json"),
            "seed": self.runtime.seed if self.uses_seed else None,
            "runtime": self.runtime_identity(),
            "fingerprint": self.fingerprint(),
            "packages": package_versions(self.package_names()),
        }

    def __repr__(self) -> str:
        params = ", ".join(f"{k}={v!r}" for k, v in self.params.model_dump().items() if k != "name")
        return f"{type(self).__name__}({params}{', ' if params else ''}budget={self.budget.describe()!r})"

