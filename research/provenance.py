"""What a run records about where it came from: code, environment, inputs."""

from __future__ import annotations

import importlib.metadata
import platform
import subprocess  # nosec B404 # runs only `git` with fixed arguments (_git)
import sys
from functools import lru_cache
from pathlib import Path

from research.paths import PROJECT_ROOT

PACKAGES = (
    "research", "datasets", "numpy", "pydantic", "pysbd", "pyyaml", "scikit-learn",
    "torch", "transformers", "sentence-transformers", "rouge-score",
)


def _git(*args: str) -> str | None:
    try:
        result = subprocess.run(  # nosec B603 B607 # git from PATH, fixed arguments from this module, no shell
            ["git", *args], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=10, check=True
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip()


def package_versions(names: tuple[str, ...] = PACKAGES) -> dict[str, str | None]:
    """The installed version of each distribution (None when it is not installed), in ``names`` order."""
    return {name: _version(name) for name in names}


@lru_cache(maxsize=None)
def _version(name: str) -> str | None:
    # once per process: a warm run keys hundreds of cached results on the same few dozen versions (issue 38),
    # and what is installed does not change while it runs
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def describe_device(requested: str = "cpu") -> str:
    """The device a run used; only asks torch when it is already loaded."""
    torch = sys.modules.get("torch")
    if requested != "cpu" and torch is not None and torch.cuda.is_available():
        return f"cuda:{torch.cuda.get_device_name(0)}"
    return f"cpu:{platform.machine()}"


def collect(seed: int, config_hash: str, input_hash: str, device: str) -> dict:
    status = _git("status", "--porcelain", "--untracked-files=no")
    return {
        "git_commit": _git("rev-parse", "HEAD"),
        "git_dirty": None if status is None else bool(status),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "packages": package_versions(),
        "seed": seed,
        "config_hash": config_hash,
        "input_data_hash": input_hash,
        "device": device,
        "command": [Path(sys.argv[0]).name, *sys.argv[1:]],
    }
