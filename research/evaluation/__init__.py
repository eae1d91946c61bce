"""Evaluation: summary metrics (ROUGE, semantic similarity, faithfulness proxies), statistics, classification.

One module per concern:

- ``rouge``: ROUGE-1/2/L/Lsum P/R/F1, multi-reference (best) and mean over references;
- ``semantic``: all-MiniLM-L6-v2 cosine between a summary and its references;
- ``faithfulness``: invented numbers and names, novel n-grams, fragment coverage/density, compression, length;
- ``stats``: seeded bootstrap intervals and a paired permutation test;
- ``classification``: macro-F1 and accuracy;
- ``scoring``: all of the above per article, and per-system aggregates (the summarization report);
- ``plots``: the report's figures;
- ``io`` and ``evaluate``: the ``research evaluate`` command's input files and output.
"""
