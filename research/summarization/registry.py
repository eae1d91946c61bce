"""Summarizers looked up by name, and the cached way to run one."""

from __future__ import annotations

import json
from typing import Annotated, Any, Callable, Iterable

from pydantic import AfterValidator

from tqdm import tqdm

from research.cache import CodeIdentity, JsonCache, cache_key, text_sha256
from research.plugins import Registry
from research.summarization.base import Runtime, Summarizer, SystemParams, check_known_keys
from research.summarization.budget import Budget

# The modules that define the built-in summarizers (each class declares its own ``name``); they are imported
# on the first lookup (the model-based ones import torch lazily anyway). Plugins need no entry here.
SYSTEMS: Registry[type[Summarizer]] = Registry("system", (
    "research.summarization.lead",
    "research.summarization.random_baseline",
    "research.summarization.textrank",
    "research.summarization.lexrank",
    "research.summarization.embedding_centroid",
    "research.summarization.oracle",
    "research.summarization.learned",
    "research.summarization.chat_lm",
    "research.summarization.seq2seq",
    "research.summarization.extract_then_rewrite",
    "research.summarization.verified",
), lambda obj: isinstance(obj, type) and issubclass(obj, Summarizer))


def system_names() -> list[str]:
    return SYSTEMS.names()


def get_system(name: str) -> type[Summarizer]:
    """The class registered as ``name``; a ValueError with a did-you-mean lists the choices."""
    return SYSTEMS.lookup(name)


def extractor_names() -> list[str]:
    return [name for name in system_names() if SYSTEMS[name].extractor]


def known_extractor(name: str) -> str:
    """``name`` if it is a summarizer offered as a sentence extractor (``Summarizer.extractor``), else a ValueError."""
    if name not in extractor_names():
        raise ValueError(f"expected an extractive system ({', '.join(extractor_names())}), got "
                         f"{json.dumps(name, default=str)}")
    return name


Extractor = Annotated[str, AfterValidator(known_extractor)]  # a parameter naming one


def validate_system(value: Any) -> SystemParams:
    """A config's ``system`` mapping as the named system's parameter model (used by the config validator)."""
    if isinstance(value, SystemParams):
        return value
    if not isinstance(value, dict):
        raise ValueError(f"expected a mapping with 'name' (choose from: {', '.join(system_names())})")
    if "name" not in value:
        raise ValueError(f"missing 'name' (choose from: {', '.join(system_names())})")
    cls = get_system(value["name"])
    check_known_keys(cls.Params, cls.name, value)
    return cls.Params.model_validate(value)  # nested errors keep their key path (system.<parameter>)


def build_summarizer(system: SystemParams | dict, budget: Budget | dict | None = None,
                     runtime: Runtime | None = None) -> Summarizer:
    """A summarizer from a config's ``system`` section (validated parameters or a plain mapping)."""
    params = system.model_dump() if isinstance(system, SystemParams) else dict(system)
    cls = get_system(params.pop("name"))
    return cls(budget=budget, runtime=runtime, **params)


def summarize_cached(
    summarizer: Summarizer,
    texts: list[str],
    cache: JsonCache | None = None,
    progress: bool = False,
    stats: dict | None = None,
    compute_batches: Callable[[list[str]], Iterable[tuple[list[int], list[str]]]] | None = None,
) -> list[str]:
    """``summarizer.summarize(texts)`` through the on-disk summary cache.

    The key is the system's identity (``Summarizer.cache_identity``: name,
    resolved parameters, budget, seed where used, model hashes, code closure
    and library versions) with the text's sha256 among its inputs.
    Misses are computed in batches of ``runtime.batch_size`` and stored as
    each batch finishes, so an interrupted run keeps what it had done.
    ``stats`` (if given) receives the numbers of cached and computed texts.
    ``compute_batches`` (if given) computes the misses elsewhere (a Ray cluster,
    ``research.parallel``): called with the missing texts, it yields
    ``(positions in that list, summaries)`` as each batch finishes.
    """
    cache = cache if cache is not None else JsonCache("summaries")
    identity = summarizer.cache_identity()
    code = CodeIdentity(identity["code"], identity["versions"])
    keys = [cache_key(identity["config"], {**identity["inputs"], "text_sha256": text_sha256(text)}, code)
            for text in texts]
    summaries: list[str | None] = [cache.get(key) for key in keys]
    missing = [i for i, s in enumerate(summaries) if not isinstance(s, str)]
    size = max(1, summarizer.runtime.batch_size)
    if compute_batches is None:
        def compute_batches(todo: list[str]) -> Iterable[tuple[list[int], list[str]]]:
            for start in range(0, len(todo), size):
                yield list(range(start, min(start + size, len(todo)))), summarizer.summarize(todo[start:start + size])
    with tqdm(total=len(missing), desc=summarizer.name, unit="text", disable=not progress or not missing) as bar:
        batches = compute_batches([texts[i] for i in missing]) if missing else ()
        for positions, batch_summaries in batches:
            for position, summary in zip(positions, batch_summaries):
                index = missing[position]
                cache.put(keys[index], summary)
                summaries[index] = summary
            bar.update(len(positions))
    if stats is not None:
        stats.update(cached=len(texts) - len(missing), computed=len(missing))
    return summaries  # type: ignore[return-value]
