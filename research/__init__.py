"""Text classification and summarisation research over a small news corpus."""

__version__ = "0.1.0"
