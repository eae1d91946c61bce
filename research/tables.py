"""Results tables with fixed formatting, so two runs give byte-identical files."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field


def format_value(value: object, digits: int = 3) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


@dataclass
class Table:
    """A titled table: column names, rows of values, and notes printed under it."""

    title: str
    columns: list[str]
    rows: list[list[object]]
    notes: list[str] = field(default_factory=list)
    digits: int = 3

    def cells(self) -> list[list[str]]:
        return [[format_value(v, self.digits) for v in row] for row in self.rows]

    def to_markdown(self) -> str:
        def line(values: list[str]) -> str:
            return "| " + " | ".join(v.replace("|", "\\|") for v in values) + " |"

        out = [f"# {self.title}", "", line(self.columns), line(["---"] * len(self.columns))]
        out += [line(row) for row in self.cells()]
        if self.notes:
            out += [""] + [f"- {note}" for note in self.notes]
        return "\n".join(out) + "\n"

    def to_csv(self) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(self.columns)
        writer.writerows(self.cells())
        return buffer.getvalue()
