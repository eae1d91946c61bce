"""The topic definitions of the annotation guidelines, as training text and zero-shot prompts.

They are parsed from ``seeds/annotations/guidelines.md`` (lines like
``1. `regional_intervention`: ECOWAS and ...``) so the guidelines stay the
single place where a label is defined.
"""

from __future__ import annotations

import re
from pathlib import Path

from research.data.annotations import ANNOTATIONS, TOPICS
from research.errors import DataError

GUIDELINES = ANNOTATIONS / "guidelines.md"
_LINE = re.compile(r"^\d+\.\s+`(?P<topic>[a-z_]+)`:\s+(?P<text>\S.*)$")


def label_definitions(path: Path = GUIDELINES) -> dict[str, str]:
    """``{topic: definition}`` in ``TOPICS`` order; a DataError naming the file when one is missing."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        raise DataError(f"{path}: cannot read the annotation guidelines") from None
    found: dict[str, str] = {}
    for number, line in enumerate(lines, start=1):
        match = _LINE.match(line.strip())
        if not match or match["topic"] not in TOPICS:
            continue
        if match["topic"] in found:
            raise DataError(f"{path}:{number}: second definition of '{match['topic']}'")
        found[match["topic"]] = match["text"].strip()
    missing = [topic for topic in TOPICS if topic not in found]
    if missing:
        raise DataError(f"{path}: no definition line for {', '.join(missing)} (expected '1. `{missing[0]}`: ...')")
    return {topic: found[topic] for topic in TOPICS}
