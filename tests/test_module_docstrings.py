"""Every module of the package starts with a docstring saying what it is for (issue 17, item 7)."""

import ast

from research.paths import PROJECT_ROOT


def test_every_module_has_a_docstring():
    package = PROJECT_ROOT / "research"
    missing = [path.relative_to(package).as_posix() for path in sorted(package.rglob("*.py"))
               if not ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))]
    assert missing == []
