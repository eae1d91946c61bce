"""Parse ``--grid key.path=v1,v2,...`` in Hydra's multirun value syntax.

Values are separated by top-level commas. A value is a number (``1``,
``0.5``, ``1e-3``), ``true``/``false``, ``null``, a quoted string (``'a,b'``
or ``"a,b"``, backslash escapes the quote and itself), a list in brackets
(``[1,2]``, nested and quoted elements allowed) or any other text, taken as a
string with surrounding spaces removed. Every error is one line naming the
argument and, where it helps, the column (1-based, in the whole argument).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Any

from research.errors import UserError

_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_\-]*(\.[A-Za-z_][A-Za-z0-9_\-]*)*$")
_INT = re.compile(r"^[+-]?[0-9]+$")
_FLOAT = re.compile(r"^[+-]?(([0-9]+\.[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?|[0-9]+[eE][+-]?[0-9]+|inf|nan)$", re.I)
_QUOTES = "'\""


class GridError(UserError):
    """A ``--grid`` argument that cannot be parsed."""


@dataclass(frozen=True)
class Grid:
    """One ``--grid`` argument: a dotted key and the values it takes, in the order given."""

    key: str
    values: tuple[Any, ...]


def _scalar(text: str) -> Any:
    lowered = text.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    if lowered == "null":
        return None
    if _INT.match(text):
        return int(text)
    if _FLOAT.match(text):
        return float(text)
    return text


class _Parser:
    def __init__(self, argument: str, text: str, offset: int):
        self.argument, self.text, self.pos, self.offset = argument, text, 0, offset

    def fail(self, message: str, pos: int | None = None) -> GridError:
        column = self.offset + (self.pos if pos is None else pos) + 1
        return GridError(f"--grid '{self.argument}': {message} at column {column}")

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def skip_spaces(self) -> None:
        while self.peek() in (" ", "\t") and self.peek():
            self.pos += 1

    def values(self) -> list[Any]:
        """Top level: comma-separated values up to the end of the text."""
        found = []
        while True:
            found.append(self.value(top=True))
            if self.pos >= len(self.text):
                return found
            if self.peek() == ",":
                self.pos += 1
                continue
            raise self.fail(f"unexpected '{self.peek()}'")

    def value(self, top: bool) -> Any:
        self.skip_spaces()
        start, char = self.pos, self.peek()
        if char in _QUOTES and char:
            result: Any = self.quoted()
        elif char == "[":
            result = self.bracketed()
        elif char == "]":
            raise self.fail("unexpected ']'")
        else:
            stops = "," if top else ",]"
            while self.peek() and self.peek() not in stops:
                if self.peek() in "[" + _QUOTES:
                    raise self.fail(f"unexpected '{self.peek()}' inside an unquoted value")
                if top and self.peek() == "]":
                    raise self.fail("unexpected ']'")
                self.pos += 1
            raw = self.text[start:self.pos].strip()
            if not raw:
                raise self.fail("empty value", start)
            return _scalar(raw)
        self.skip_spaces()
        return result

    def quoted(self) -> str:
        quote, start = self.peek(), self.pos
        self.pos += 1
        out = []
        while True:
            char = self.peek()
            if not char:
                raise self.fail(f"unterminated {quote} quote", start)
            self.pos += 1
            if char == "\\" and self.peek() in (quote, "\\") and self.peek():
                out.append(self.peek())
                self.pos += 1
            elif char == quote:
                return "".join(out)
            else:
                out.append(char)

    def bracketed(self) -> list[Any]:
        start = self.pos
        self.pos += 1
        items: list[Any] = []
        self.skip_spaces()
        if self.peek() == "]":
            self.pos += 1
            return items
        while True:
            if not self.peek():
                raise self.fail("unclosed '['", start)
            items.append(self.value(top=False))
            char = self.peek()
            if char == ",":
                self.pos += 1
            elif char == "]":
                self.pos += 1
                return items
            elif not char:
                raise self.fail("unclosed '['", start)
            else:
                raise self.fail(f"unexpected '{char}'")


def parse_grid(argument: str) -> Grid:
    """``'system.alpha=0.1,1.0'`` -> ``Grid('system.alpha', (0.1, 1.0))``; a GridError on bad syntax."""
    raw_key, sep, text = argument.partition("=")
    key = raw_key.strip()
    if not sep:
        raise GridError(f"--grid '{argument}': expected key.path=v1,v2,...")
    if not _KEY.match(key):
        raise GridError(f"--grid '{argument}': '{key}' is not a dotted key path")
    if not text.strip():
        raise GridError(f"--grid '{argument}': no values after '='")
    return Grid(key, tuple(_Parser(argument, text, len(raw_key) + 1).values()))


def parse_grids(arguments: list[str]) -> list[Grid]:
    """Every ``--grid`` argument, each key at most once (and no key inside another's section)."""
    grids = [parse_grid(argument) for argument in arguments]
    seen: dict[str, str] = {}
    for grid, argument in zip(grids, arguments):
        for other, other_argument in seen.items():
            if grid.key == other or grid.key.startswith(other + ".") or other.startswith(grid.key + "."):
                raise GridError(f"--grid '{argument}': key '{grid.key}' overlaps --grid '{other_argument}'")
        seen[grid.key] = argument
    return grids


def combinations(grids: list[Grid]) -> list[dict[str, Any]]:
    """The Cartesian product, the last grid varying fastest (as Hydra's multirun orders jobs)."""
    keys = [grid.key for grid in grids]
    return [dict(zip(keys, values)) for values in itertools.product(*(grid.values for grid in grids))]
