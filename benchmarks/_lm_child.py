"""Time ``load_chat_model`` (transformers) in a fresh process (``python _lm_child.py``); RESEARCH_CACHE_DIR picks the cache."""

import json
import time

start = time.perf_counter()
import torch  # noqa: E402,F401
import transformers  # noqa: E402,F401

imported = time.perf_counter()
from research.lm import load_chat_model  # noqa: E402

generator = load_chat_model("SmolLM2-135M-Instruct", "transformers", "cpu", "float32")
done = time.perf_counter()
print(json.dumps({"import_s": imported - start, "load_s": done - imported, "total_s": done - start}))
