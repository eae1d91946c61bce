"""Text classification and summarization research over a small news corpus."""

import os as _os
import platform as _platform

__version__ = "0.1.0"

# Numeric libraries pick their kernels per CPU at run time (AVX-512 on one machine, AVX2 on another), and each
# kernel rounds differently: a MiniLM vector, a greedy LM token or a table's last digit then changes from one
# machine to the next. Pinning torch, MKL, oneDNN and OpenBLAS to their AVX2 code paths (every x86-64 server of
# the last decade has AVX2) makes results/ the same on all of them; llama.cpp is pinned at build time (Makefile).
# Set before torch or numpy is imported; a value the user set wins.
if _platform.machine().lower() in ("x86_64", "amd64"):
    for _name, _value in {"ATEN_CPU_CAPABILITY": "avx2", "MKL_CBWR": "AVX2", "ONEDNN_MAX_CPU_ISA": "AVX2",
                          "OPENBLAS_CORETYPE": "Haswell"}.items():
        _os.environ.setdefault(_name, _value)
