"""Cache keys carry a computed hash of the source their result depends on (issue 17, item 4): a module
edited in a temporary copy of the package is a miss for every cache whose code can run it, and a hit for
the others. No hand-bumped version numbers."""

import functools

import pytest

from research import cache
from research.cache import JsonCache
from research.code_keys import closure_distributions, source_closure, source_closure_sha256
from research.classification import result_cache
from research.classification.data import challenge_items, seed_paragraphs
from research.classification.finetune import FineTunedEmbedder
from research.classification.systems import SYSTEMS
from research.faithfulness import combined
from research.summarization.lead import Lead
from research.summarization.registry import summarize_cached


def _edit(copy, module: str) -> None:
    path = copy / module
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")


def test_the_closure_follows_lazy_imports_relative_imports_and_registry_strings(tmp_path):
    package = tmp_path / "research"
    (package / "sub" / "deep").mkdir(parents=True)
    files = {
        "__init__.py": "",
        "a.py": "def f():\n    from research import b  # lazy\n    return b\n",
        "b.py": "from .sub import c\nREGISTRY = {'d': 'research.sub.d:Thing', 'e': 'research.e'}\n",
        "e.py": "",  # named by a registry string only
        "f.py": "g = 1\n",  # reached only by sub/c.py's two-level relative import
        "sub/__init__.py": "from . import h\n",  # a relative import in a package's __init__
        "sub/c.py": "from ..f import g\nfrom .deep import m\n",  # one level up; this module's own package
        "sub/d.py": "class Thing: ...\n",
        "sub/h.py": "",
        "sub/i.py": "thing = 1\n",  # reached only from sub/deep/m.py: two levels from a package two deep
        "sub/deep/__init__.py": "",
        "sub/deep/m.py": "from ..i import thing\n",
        "unrelated.py": "import research.a\n",  # imports a, but a does not import it
    }
    for name, text in files.items():
        (package / name).write_text(text, encoding="utf-8")
    closure = [p.relative_to(package).as_posix() for p in source_closure(["research.a"], package)]
    assert closure == ["__init__.py", "a.py", "b.py", "e.py", "f.py", "sub/__init__.py", "sub/c.py", "sub/d.py",
                       "sub/deep/__init__.py", "sub/deep/m.py", "sub/h.py", "sub/i.py"]
    before = source_closure_sha256(["research.a"], package)
    (package / "unrelated.py").write_text("import research.a\n# edited\n", encoding="utf-8")
    assert source_closure_sha256(["research.a"], package) == before
    (package / "sub/d.py").write_text("class Thing: pass\n", encoding="utf-8")
    assert source_closure_sha256(["research.a"], package) != before


def test_an_edited_dependency_of_a_summarizer_misses_the_summary_cache(source_copy, tmp_path):
    texts = ["Niamey is calm. The junta spoke. ECOWAS waits. Troops gather."]
    summaries = JsonCache("summaries", root=tmp_path / "summaries")
    stats: dict = {}
    first = summarize_cached(Lead(budget={"sentences": 2}), texts, cache=summaries, stats=stats)
    assert stats == {"cached": 0, "computed": 1}
    _edit(source_copy, "tables.py")  # no summarizer runs it
    assert summarize_cached(Lead(budget={"sentences": 2}), texts, cache=summaries, stats=stats) == first
    assert stats == {"cached": 1, "computed": 0}
    _edit(source_copy, "summarization/base.py")  # sentence selection every extractive system uses
    assert summarize_cached(Lead(budget={"sentences": 2}), texts, cache=summaries, stats=stats) == first
    assert stats == {"cached": 0, "computed": 1}


def _fine_tuned_key() -> dict:
    encoder = FineTunedEmbedder()
    encoder.train_texts_, encoder.train_labels_ = ("a text", "another"), ("x", "y")  # as fit sets them, untrained
    return encoder._key()


class _Built(Exception):
    """Raised by the spy below with the key a step built: the step stops before it reads or computes anything."""


def built_key(monkeypatch, module, call) -> dict:
    """The key ``call()`` builds through ``module.cache_key`` (the helper as that module imported it)."""
    def spy(*args):
        raise _Built(cache.cache_key(*args))

    monkeypatch.setattr(module, "cache_key", spy)
    with pytest.raises(_Built) as built:
        call()
    monkeypatch.setattr(module, "cache_key", cache.cache_key)
    return built.value.args[0]


def _result_key() -> dict:
    options = SYSTEMS["majority"].options.model_validate({})
    return result_cache.result_key("majority", options, 13, {}, seed_paragraphs(), challenge_items())


@pytest.mark.parametrize("key, shared_module", [
    (lambda mp: _result_key()["code"], "encoder.py"),  # classification results: the embedding outside the package
    (lambda mp: built_key(mp, combined, lambda: combined.shipped_weights(("units",), 1.0, 13, None))["code"],
     "text/sentences.py"),  # the faithfulness checkers' fitted weights: sentence splitting
    (lambda mp: _fine_tuned_key()["code"], "classification/augment.py"),  # the fine-tuned encoder
])
def test_shared_code_outside_a_family_is_in_its_key(source_copy, monkeypatch, key, shared_module):
    key = functools.partial(key, monkeypatch)
    before = key()
    _edit(source_copy, "sweep_report.py")  # the sweep table only: no cached result depends on it
    assert key() == before
    _edit(source_copy, shared_module)
    assert key() != before


def test_the_libraries_in_a_key_are_what_the_closure_imports_and_what_those_require(tmp_path):
    package = tmp_path / "research"
    package.mkdir()
    files = {"__init__.py": "", "a.py": "import json\nimport pysbd\nfrom research import b\n",
             "b.py": "def f():\n    import yaml.constructor  # lazy, a submodule\n",
             "c.py": "import sklearn\n"}  # not reached from a
    for name, text in files.items():
        (package / name).write_text(text, encoding="utf-8")
    assert closure_distributions(["research.a"], package) == ["pysbd", "pyyaml"]  # json: standard library
    with_sklearn = closure_distributions(["research.a", "research.c"], package)
    assert {"scikit-learn", "numpy", "scipy", "joblib", "threadpoolctl"} <= set(with_sklearn)  # and its requirements


def test_requirements_leave_out_extras_other_platforms_and_unparsable_lines(monkeypatch):
    import importlib.metadata

    from research import code_keys

    lines = {"toy": ["not a requirement !!", "numpy>=1.0", "pytest; extra == 'dev'", "old-lib; python_version < '3'",
                     "scipy; python_version >= '3'"]}
    monkeypatch.setattr(importlib.metadata, "requires", lambda name: lines.get(name))
    assert code_keys._requirements("toy") == ["numpy", "scipy"]
    assert code_keys._requirements("bare") == []  # no Requires-Dist at all


def test_a_module_that_does_not_parse_is_named_in_the_error(tmp_path):
    package = tmp_path / "research"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "broken.py").write_text("def f(:\n", encoding="utf-8")
    with pytest.raises(SyntaxError) as error:
        source_closure(["research.broken"], package)
    assert error.value.filename == str(package / "broken.py")


def test_the_source_hash_is_each_files_relative_name_and_bytes_in_order_and_plugins_by_file_name(tmp_path):
    import hashlib

    from research.code_keys import _sources_sha256

    root = tmp_path / "research"
    (root / "sub").mkdir(parents=True)
    (root / "a.py").write_bytes(b"x = 1\n")
    (root / "sub" / "b.py").write_bytes(b"")
    plugin = tmp_path / "elsewhere" / "extra.py"  # a plugin module outside the package: keyed by its file name
    plugin.parent.mkdir()
    plugin.write_bytes(b"y = 2\n")
    layout = b"a.py\0x = 1\n\0" + b"sub/b.py\0\0" + b"plugin:extra.py\0y = 2\n\0"  # name NUL bytes NUL, per file
    assert _sources_sha256([root / "a.py", root / "sub" / "b.py", plugin], root) == hashlib.sha256(layout).hexdigest()


def test_third_party_names_come_from_absolute_imports_of_both_forms_and_follow_edits(tmp_path):
    import os

    from research import code_keys

    package = tmp_path / "research"
    package.mkdir()
    path = package / "a.py"
    path.write_text("import os.path\nimport pysbd.segmenter as seg\nfrom yaml.constructor import Loader\n"
                    "from . import b\nfrom .b import f\nfrom research.b import g\nimport research.c\n", encoding="utf-8")
    assert code_keys._third_party(path, package) == frozenset({"pysbd", "yaml"})  # os: the standard library
    stat = path.stat()
    path.write_text("from sklearn import svm\n", encoding="utf-8")  # another size, the same mtime
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert code_keys._third_party(path, package) == frozenset({"sklearn"})
    path.write_text("from numpy import array\n", encoding="utf-8")  # the same size, another mtime
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    assert code_keys._third_party(path, package) == frozenset({"numpy"})
    other = package / "b.py"  # another file of the same size and mtime
    other.write_text("from scipy import stats\n", encoding="utf-8")
    os.utime(other, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    assert code_keys._third_party(other, package) == frozenset({"scipy"})


def test_two_packages_whose_modules_have_the_same_size_and_mtime_keep_their_own_closures(tmp_path):
    import os

    closures = []
    for name, imported in (("one", "b"), ("two", "c")):
        package = tmp_path / name / "research"
        package.mkdir(parents=True)
        for module in ("__init__", "b", "c"):
            (package / f"{module}.py").write_text("", encoding="utf-8")
        (package / "a.py").write_text(f"from . import {imported}\n", encoding="utf-8")
        os.utime(package / "a.py", ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
        closures.append([p.name for p in source_closure(["research.a"], package)])
    assert closures == [["__init__.py", "a.py", "b.py"], ["__init__.py", "a.py", "c.py"]]


def test_a_plugin_module_outside_the_package_is_in_the_closure_with_what_it_imports(tmp_path, monkeypatch):
    from types import ModuleType

    from research import plugins

    package = tmp_path / "research"
    package.mkdir()
    for name, text in {"__init__.py": "", "b.py": "", "c.py": ""}.items():
        (package / name).write_text(text, encoding="utf-8")
    extra = tmp_path / "elsewhere" / "extra.py"
    extra.parent.mkdir()
    extra.write_text("from research import b\n", encoding="utf-8")
    module = ModuleType("research_plugin_extra")
    module.__file__ = str(extra)
    monkeypatch.setattr(plugins, "_PLUGIN_MODULES", {str(extra): module})
    assert source_closure(["research_plugin_extra"], package) == sorted([package / "__init__.py", package / "b.py",
                                                                         extra])
    assert source_closure(["research_plugin_other"], package) == []  # not a loaded plugin: nothing to hash


def test_a_closure_is_walked_once_per_process_and_again_after_an_edit_or_a_new_module(tmp_path, monkeypatch):
    from research import code_keys

    package = tmp_path / "research"
    (package / "sub").mkdir(parents=True)
    for name, text in {"__init__.py": "", "a.py": "from research import b\n", "b.py": "from research.sub import c\n",
                       "sub/__init__.py": ""}.items():
        (package / name).write_text(text, encoding="utf-8")
    walks = []
    walk = code_keys._walk_closure
    monkeypatch.setattr(code_keys, "_walk_closure", lambda *args: walks.append(1) or walk(*args))
    first = source_closure_sha256(["research.a"], package)
    assert source_closure_sha256(["research.a"], package) == first and len(walks) == 1  # the memo answered
    (package / "sub" / "c.py").write_text("x = 1\n", encoding="utf-8")  # a module b names comes into being
    assert [p.relative_to(package).as_posix() for p in source_closure(["research.a"], package)] == [
        "__init__.py", "a.py", "b.py", "sub/__init__.py", "sub/c.py"]
    second = source_closure_sha256(["research.a"], package)
    assert second != first and len(walks) == 2
    (package / "sub" / "c.py").write_text("x = 22\n", encoding="utf-8")
    assert source_closure_sha256(["research.a"], package) not in (first, second)
