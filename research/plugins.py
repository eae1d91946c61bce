"""One way to find a system by name, for every family (summarizers, classifiers, faithfulness checkers).

A system declares its name once, in its own module, as the ``name`` of what
the module defines: a class (summarizers, checkers) or an object (a
classification ``System``). A family's ``Registry`` lists the package modules
that hold its built-ins and imports them on the first lookup; modules from
outside the package come from a config's ``plugins:`` list (``load_plugins``),
and every family takes what they define. An unknown name is an UnknownName (errors.py) with
a did-you-mean and the choices, worded the same in every family.

This module names no other module of the package (its cache-key closure stays
small); each family's registry module names its own built-ins.
"""

from __future__ import annotations

import difflib
import importlib
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from collections.abc import Iterator, Mapping
from typing import Any, Callable, TypeVar

from research.errors import ConfigError, UnknownName

T = TypeVar("T")
_PLUGIN_MODULES: dict[str, ModuleType] = {}  # resolved file path or module name -> module


def suggest(word: str, choices: list[str]) -> str:
    """' (did you mean 'x'?)' for the closest choice, or '' when nothing is close."""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def unknown_name(family: str, name: Any, choices: list[str]) -> str:
    """The one wording of an unknown name, for every family."""
    return (f"unknown {family} {json.dumps(name, default=str)}{suggest(str(name), choices)} "
            f"(choose from: {', '.join(choices)})")


class Registry(Mapping[str, T]):
    """Name -> system of one family: the built-ins of ``modules`` plus whatever plugin modules define.

    ``accepts(obj)`` says whether a module-level object is a system of this family; a class counts only in
    the module that defines it, so an imported class is never registered twice. As a mapping it lists
    the built-ins in module order, then the plugins; ``lookup`` is the checked way to find one by name.
    """

    def __init__(self, family: str, modules: tuple[str, ...], accepts: Callable[[Any], bool]):
        self.family = family
        self.modules = modules
        self.accepts = accepts
        self._builtins: dict[str, T] | None = None
        self._added: dict[str, T] = {}  # register(): tests' stand-ins

    def _defined_in(self, module: ModuleType) -> list[T]:
        found = []
        for obj in vars(module).values():
            if isinstance(obj, type) and (obj.__module__ != module.__name__ or "name" not in vars(obj)):
                continue  # imported, not defined here; or a subclass that keeps its parent's name
            if self.accepts(obj) and isinstance(getattr(obj, "name", None), str):
                found.append(obj)
        return found

    def _entries(self) -> dict[str, T]:
        if self._builtins is None:
            builtins: dict[str, T] = {}
            for name in self.modules:
                for obj in self._defined_in(importlib.import_module(name)):
                    self._claim(builtins, obj, name)
            self._builtins = builtins
        entries = dict(self._builtins)
        for where, module in _PLUGIN_MODULES.items():
            for obj in self._defined_in(module):
                self._claim(entries, obj, where)
        for obj in self._added.values():
            self._claim(entries, obj, getattr(obj, "__module__", "a test"))
        return entries

    def _claim(self, entries: dict[str, T], obj: T, where: str) -> None:
        name = obj.name  # type: ignore[attr-defined]
        if name in entries and entries[name] is not obj:
            raise ConfigError(f"{where}: {self.family} '{name}' is already defined "
                              f"(by {getattr(entries[name], '__module__', '?')}); choose another name")
        entries[name] = obj

    def names(self) -> list[str]:
        return sorted(self._entries())

    def __getitem__(self, name: str) -> T:
        return self._entries()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries())

    def __len__(self) -> int:
        return len(self._entries())

    def lookup(self, name: str) -> T:
        """The system called ``name``; an UnknownName with a did-you-mean and the choices otherwise."""
        entries = self._entries()
        if name not in entries:
            raise UnknownName(unknown_name(self.family, name, sorted(entries)))
        return entries[name]

    def register(self, obj: T) -> T:
        """Add ``obj`` under its ``name`` (tests' stand-ins; plugins need no call, see ``load_plugins``)."""
        self._claim(self._entries(), obj, getattr(obj, "__module__", "a test"))
        self._added[obj.name] = obj  # type: ignore[attr-defined]
        return obj

    def unregister(self, name: str) -> None:
        self._added.pop(name, None)


def load_plugins(entries: list[str], base: Path) -> list[ModuleType]:
    """Import each plugin: a ``.py`` file (relative to ``base``, the config's folder) or a module name.

    A file is imported under its own name (``research_plugin_<stem>``), once per process. What it
    defines joins every family's registry (``Registry`` looks through these modules).
    """
    modules = []
    for entry in entries:
        entry = str(entry)
        if entry.endswith(".py"):
            path = (base / entry).resolve()
            if not path.is_file():
                raise ConfigError(f"plugin file '{entry}' does not exist (looked for {path})")
            key = str(path)
            if key not in _PLUGIN_MODULES:
                name = f"research_plugin_{path.stem}"
                spec = importlib.util.spec_from_file_location(name, path)
                module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
                sys.modules[name] = module  # dataclasses and pickling look modules up by name
                spec.loader.exec_module(module)  # type: ignore[union-attr]
                _PLUGIN_MODULES[key] = module
        else:
            key = entry
            if key not in _PLUGIN_MODULES:
                try:
                    _PLUGIN_MODULES[key] = importlib.import_module(entry)
                except ModuleNotFoundError as exc:
                    raise ConfigError(f"plugin module '{entry}' cannot be imported: {exc}") from None
        modules.append(_PLUGIN_MODULES[key])
    return modules


def loaded_plugin_files() -> tuple[str, ...]:
    """Which plugin modules are loaded now (a code identity memoised before a load must not be reused after)."""
    return tuple(sorted(_PLUGIN_MODULES))


def plugin_file(module_name: str) -> Path | None:
    """The file of a plugin module loaded from outside the package (for its systems' cache keys), else None."""
    for module in _PLUGIN_MODULES.values():
        if module.__name__ == module_name and getattr(module, "__file__", None):
            return Path(module.__file__)  # type: ignore[arg-type]
    return None
