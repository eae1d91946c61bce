"""Text, the layer above core: one sentence splitter (``sentences``), word, number and name tokens
(``tokens``), and tokenised text written back as prose (``detokenise``). Nothing here knows of articles,
systems or experiments."""
