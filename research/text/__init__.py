"""Text, the layer above core: one sentence splitter (``sentences``), and word, number and name tokens
(``tokens``). Nothing here knows of articles, systems or experiments."""
