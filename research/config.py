"""Load and validate experiment configs (YAML) as a whole, before any work.

Every message is one line that names the file and the key path, so the CLI
can print it as is. Unknown keys suggest the closest valid key.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, get_args, get_origin

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from research.errors import ConfigError
from research.plugins import load_plugins, suggest, unknown_name


class StrictModel(BaseModel):
    """Base for every config section: unknown keys are errors, no silent coercion."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class ExperimentConfig(StrictModel):
    """Keys every config has. Subclasses narrow ``experiment`` to one name."""

    experiment: str
    seed: int
    description: str = ""
    # systems from outside the package: .py files (relative to the config's folder) or module names,
    # imported before the rest is checked (research.plugins)
    plugins: list[str] = []


def system_mapping(value: Any, choices: list[str], options: Any = None, key: str = "system") -> dict:
    """A ``system`` section in the one shape every family uses, ``{name: NAME, <parameters>}``; a ValueError
    that shows that shape otherwise. ``options``: the parameters of an old config's separate ``options:`` key
    (``system: NAME`` plus ``options: {...}``), shown inside the new shape."""
    if isinstance(value, str) or options is not None:
        name = value.get("name", "NAME") if isinstance(value, dict) else value
        moved = options if isinstance(options, dict) else {}
        shape = yaml.safe_dump({"name": name, **moved}, default_flow_style=True, sort_keys=False, width=10**6)
        why = "the options go inside it, a separate 'options' key is not read" if options is not None else \
            "one mapping: the name and its parameters"
        raise ValueError(f"write {key + ': ' if key else ''}{shape.strip()} ({why})")
    if not isinstance(value, dict):
        raise ValueError(f"expected a mapping with 'name' (choose from: {', '.join(choices)})")
    if "name" not in value:
        raise ValueError(f"missing 'name' (choose from: {', '.join(choices)})")
    return value


def load_config_plugins(data: dict, path: Path) -> None:
    """Import the modules a config's ``plugins`` key names (before its systems are looked up)."""
    plugins = data.get("plugins", [])
    if not isinstance(plugins, list) or not all(isinstance(p, str) for p in plugins):
        raise ConfigError(f"{path}: key 'plugins': expected a list of .py files or module names, "
                          f"got {json.dumps(plugins, default=str)}")
    try:
        load_plugins(plugins, path.parent)
    except ConfigError as exc:
        raise ConfigError(f"{path}: key 'plugins': {exc}") from None


def _submodel(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation) if get_origin(annotation) else ():
        found = _submodel(arg)
        if found:
            return found
    return None


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """Field names of the section at ``loc`` (used to suggest a key)."""
    for part in loc:
        field = model.model_fields.get(part) if isinstance(part, str) else None
        sub = _submodel(field.annotation) if field else None
        if sub is None:
            return []
        model = sub
    return list(model.model_fields)


def _type_name(value: Any) -> str:
    return {dict: "mapping", list: "list", str: "string", int: "integer", float: "number",
            bool: "boolean", type(None): "null"}.get(type(value), type(value).__name__)


def describe_error(error: dict, model: type[BaseModel] | None = None, noun: str = "key",
                   list_fields: bool = False) -> str:
    """One pydantic error as one line naming the key path (``noun``: key, parameter, option), what is wrong and
    the value given. The one formatter of validation errors: configs, summarizer parameters, classifier options.

    An unknown name gets a did-you-mean from ``model``'s fields (``list_fields``: and the list of them).
    """
    loc = tuple(error["loc"])
    dotted = ".".join(str(p) for p in loc)
    kind = error["type"]
    value = f"{_type_name(error.get('input'))} {json.dumps(error.get('input'), default=str)}"
    if kind == "extra_forbidden":
        fields = _fields_at(model, loc[:-1]) if model is not None else []
        listed = f" ({noun}s: {', '.join(fields) or 'none'})" if list_fields else ""
        return f"unknown {noun} '{dotted}'{suggest(str(loc[-1]), fields)}{listed}"
    if kind == "missing":
        return f"missing {noun} '{dotted}'"
    if kind == "model_type":
        return f"{noun} '{dotted}': expected a mapping of keys, got {value}" if loc else \
            f"expected a mapping of {noun}s, got {value}"
    message = error["msg"].removeprefix("Value error, ")
    message = message[0].lower() + message[1:]
    if kind == "value_error":  # our own validators already name the value
        return f"{noun} '{dotted}': {message}" if loc else message
    return f"{noun} '{dotted}': {message}, got {value}"


def read_yaml_mapping(path: Path) -> dict:
    """The top-level mapping of a YAML file, or a ConfigError naming the file."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such config file") from None
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a folder, not a config file") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror})") from None
    try:
        text = data.decode("utf-8-sig")  # a byte-order mark (Windows editors) is dropped
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (byte offset {exc.start})") from None
    try:
        loaded = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError(f"{path}: malformed YAML ({where}{problem})") from None
    if loaded is None:
        raise ConfigError(f"{path}: empty config (expected a mapping of keys)")
    if not isinstance(loaded, dict):
        kind = _type_name(loaded)
        article = "an" if kind[0] in "aeiou" else "a"
        raise ConfigError(f"{path}: expected a mapping of keys at the top level, got {article} {kind}")
    return loaded


def apply_override(data: dict, override: str, origin: str) -> None:
    """Apply one ``key.path=value`` (value parsed as YAML) in place."""
    key, sep, raw_value = override.partition("=")
    if not sep or not key.strip():
        raise ConfigError(f"{origin}: --set '{override}': expected key.path=value")
    try:
        value = yaml.safe_load(raw_value) if raw_value.strip() else raw_value
    except yaml.YAMLError:
        raise ConfigError(f"{origin}: --set '{override}': value is not valid YAML") from None
    parts = key.strip().split(".")
    node = data
    for depth, part in enumerate(parts[:-1]):
        child = node.setdefault(part, {})
        if not isinstance(child, dict):
            prefix = ".".join(parts[: depth + 1])
            raise ConfigError(f"{origin}: --set '{override}': '{prefix}' is not a section")
        node = child
    node[parts[-1]] = value


def config_hash(config: BaseModel) -> str:
    canonical = json.dumps(config.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def read_config(path: Path | str, overrides: list[str] | tuple[str, ...],
                schemas: Mapping[str, type[ExperimentConfig]]) -> ExperimentConfig:
    """Read, override and validate a config as a whole against ``schemas[experiment]``; ConfigError on any problem.

    The task registry passes the schemas in (``research.tasks.load_config``), so this module never imports the
    task package, whose modules import their config models from here.
    """
    path = Path(path)
    data = read_yaml_mapping(path)
    data = copy.deepcopy(data)
    for override in overrides:
        apply_override(data, override, str(path))
    if "experiment" not in data:
        raise ConfigError(f"{path}: missing key 'experiment' (choose from: {', '.join(sorted(schemas))})")
    name = data["experiment"]
    if not isinstance(name, str) or name not in schemas:
        raise ConfigError(f"{path}: key 'experiment': {unknown_name('experiment', name, sorted(schemas))}")
    load_config_plugins(data, path)
    model = schemas[name]
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise ConfigError(f"{path}: {describe_error(errors[0], model)}{more}") from None
