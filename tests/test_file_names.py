"""One spelling and one separator in the package's file names (issue 17, item 2)."""

from __future__ import annotations

import subprocess

from research.paths import PROJECT_ROOT


def tracked(folder: str) -> list[str]:
    out = subprocess.run(["git", "ls-files", folder], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True)
    return out.stdout.split()


def test_one_spelling_of_summarization():
    names = [p for folder in ("research", "configs", "results", "tests") for p in tracked(folder)]
    assert names, "git ls-files found nothing"
    assert [p for p in names if "summaris" in p.lower()] == []


def test_results_and_configs_separate_words_with_hyphens():
    names = [p.rsplit("/", 1)[-1] for folder in ("configs", "results") for p in tracked(folder)]
    assert len(names) > 30
    assert [n for n in names if "_" in n] == []


def test_python_files_separate_words_with_underscores():
    names = [p.rsplit("/", 1)[-1] for folder in ("research", "tests") for p in tracked(folder) if p.endswith(".py")]
    assert [n for n in names if "-" in n] == []
