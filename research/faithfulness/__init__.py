"""Sentence-level faithfulness checkers: is a summary sentence supported by its source article?

Every checker maps (source text, summary sentences) to one ``Verdict`` per
sentence: a score in [0, 1] that the sentence is supported, the verdict at the
checker's threshold, and the source sentences it used as evidence. Checkers
are looked up by name (``build_checker``), one small module each.
"""

from research.faithfulness.base import Checker, Verdict
from research.faithfulness.registry import CHECKERS, DEFAULT_CHECKER, build_checker, checker_names

__all__ = ["CHECKERS", "DEFAULT_CHECKER", "Checker", "Verdict", "build_checker", "checker_names"]
