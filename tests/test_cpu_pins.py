"""Importing research pins the numeric libraries to their AVX2 kernels (research/__init__.py), so that a table
does not change with the machine's CPU; a user's own setting wins."""

import os
import subprocess
import sys

PROBE = ("import research, torch; from threadpoolctl import threadpool_info; import numpy; "
         "print(torch.backends.cpu.get_cpu_capability(), "
         "sorted({i['architecture'] for i in threadpool_info() if i['internal_api'] == 'openblas'}))")


def _probe(**env: str) -> str:
    clean = {k: v for k, v in os.environ.items()
             if k not in ("ATEN_CPU_CAPABILITY", "MKL_CBWR", "ONEDNN_MAX_CPU_ISA", "OPENBLAS_CORETYPE")}
    return subprocess.run([sys.executable, "-c", PROBE], env={**clean, **env}, capture_output=True, text=True,
                          check=True).stdout.strip()


def test_torch_and_openblas_run_their_avx2_kernels():
    assert _probe() == "AVX2 ['Haswell']"


def test_a_users_own_setting_wins():
    assert _probe(ATEN_CPU_CAPABILITY="default").startswith("DEFAULT ")
