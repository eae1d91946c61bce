"""The layer contracts in pyproject.toml ([tool.importlinter]) hold for the package, and break on an upward
import or a cycle between siblings (checked on a copy of the package)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint(root: Path) -> subprocess.CompletedProcess:
    # the package under `root` is the one analysed (first on the path), with the contracts of `root`
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=root, capture_output=True, text=True, timeout=300,
                          env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"})


@pytest.fixture(scope="module")
def copy(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("layers")
    shutil.copytree(ROOT / "research", root / "research", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    return root


def test_the_package_keeps_its_layer_contracts():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "Layers point down only KEPT" in result.stdout
    assert "No import cycles between sibling modules or packages KEPT" in result.stdout


@pytest.mark.parametrize("module, line, broken", [
    ("text/tokens.py", "from research.data import loader", "research.text is not allowed to import research.data"),
    ("data/frank.py", "from research.summarization import registry",
     "research.data is not allowed to import research.summarization"),
    ("stats.py", "def f():\n    from research.tasks import load_config  # a lazy import counts too",
     "research.stats is not allowed to import research.tasks"),
    ("tasks/summarization_variants.py", "from research.tasks import summarization_report",
     "No cycles are allowed in research.tasks"),
])
def test_an_upward_import_or_a_sibling_cycle_breaks_a_contract(copy, module, line, broken):
    path = copy / "research" / module
    original = path.read_text(encoding="utf-8")
    path.write_text(original + "\n" + line + "\n", encoding="utf-8")
    try:
        result = _lint(copy)
    finally:
        path.write_text(original, encoding="utf-8")
    assert result.returncode == 1
    assert broken in result.stdout


def test_a_module_left_out_of_the_layers_breaks_the_contract(copy):
    """The layers contract is exhaustive: removing a layer (or adding a module no layer names) fails."""
    pyproject = copy / "pyproject.toml"
    original = pyproject.read_text(encoding="utf-8")
    assert '\n    "text",\n' in original
    pyproject.write_text(original.replace('\n    "text",\n', "\n"), encoding="utf-8")
    try:
        result = _lint(copy)
    finally:
        pyproject.write_text(original, encoding="utf-8")
    assert result.returncode == 1
    assert "The following modules are not listed as layers:" in result.stdout and "- research.text" in result.stdout
