"""Summarizers behind one interface, looked up by name.

    from research.summarization import build_summarizer, summarize_cached
    textrank = build_summarizer({"name": "textrank"}, budget={"words": 60})
    textrank.summarize(["First sentence. Second one. ..."])      # -> ["..."]
    summarize_cached(textrank, texts)                              # the same, through the on-disk cache

Systems: lead, random, textrank, lexrank, embedding_centroid, oracle (extractive
ceiling: reads the references), chat_lm, seq2seq, extract_then_rewrite, verified
(draft, verify, repair, select). One
module each; ``registry.SYSTEMS`` maps names to classes.
"""

from research.summarization.base import Runtime, Summarizer, SystemParams
from research.summarization.budget import Budget
from research.summarization.registry import (
    SYSTEMS, build_summarizer, get_system, summarize_cached, system_names,
)

__all__ = [
    "SYSTEMS", "Budget", "Runtime", "Summarizer", "SystemParams", "build_summarizer", "get_system",
    "summarize_cached", "system_names",
]
