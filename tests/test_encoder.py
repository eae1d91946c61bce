import ast

import numpy as np

from research import encoder
from research.paths import PROJECT_ROOT

TEXTS = ["The junta closed the border.",
         "ECOWAS gave the junta a week to restore the elected president or face force.",
         "Volunteers queued in Niamey.",
         "Wagner's fighters were mentioned by the coup leaders as a possible source of help against attacks."]


def test_a_text_gets_the_same_vector_alone_and_inside_any_batch():
    encoder.clear_cache()
    alone = [encoder.encode([text])[0] for text in TEXTS]
    encoder.clear_cache()
    together = encoder.encode(TEXTS + TEXTS[:1])  # mixed lengths (padded batches differ by ~1e-7)
    assert all(np.array_equal(a, b) for a, b in zip(alone, together))
    encoder.clear_cache()
    assert np.array_equal(encoder.encode(TEXTS[::-1], batch_size=1)[::-1], together[:4])


def test_vectors_are_unit_length_float32_rows_in_input_order():
    vectors = encoder.encode([TEXTS[1], TEXTS[0], TEXTS[1]])
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-6)
    assert np.array_equal(vectors[0], vectors[2]) and not np.array_equal(vectors[0], vectors[1])
    assert encoder.encode([]).shape == (0, 384)


def test_batches_hold_texts_of_one_token_count():
    model = encoder.load()
    batches = encoder._equal_length_batches(model, ["a b", "c d", "e f", "a much longer text here"], 2)
    assert batches == [["a b", "c d"], ["e f"], ["a much longer text here"]]


def test_the_model_is_loaded_once_per_process():
    assert encoder.load() is encoder.load(encoder.model_folder())


def test_sentence_transformers_models_are_built_only_in_the_encoder_module():
    builders = {"SentenceTransformer", "SetFitModel.from_pretrained"}
    found = []
    for path in sorted((PROJECT_ROOT / "research").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and ast.unparse(node.func) in builders:
                found.append(path.name)
    assert found and set(found) == {"encoder.py"}  # (mutmut copies a function per mutant into that module)


def test_empty_input_is_a_float32_array_of_the_model_s_width():
    empty = encoder.encode([])
    assert empty.shape == (0, 384) and empty.dtype == np.float32


def test_encoding_prints_nothing(capsys):
    encoder.clear_cache()
    encoder.encode(TEXTS)
    assert capsys.readouterr() == ("", "")  # no progress bar from sentence-transformers


def test_texts_past_the_model_s_length_share_a_batch():
    # both are cut to max_seq_length (256) tokens, so they pad nothing together
    model = encoder.load()
    long, longer = " ".join(["word"] * 300), " ".join(["word"] * 400)
    assert encoder._equal_length_batches(model, [long, "a b", longer], 8) == [["a b"], [long, longer]]


def test_another_model_folder_is_used_and_its_vectors_normalised(tmp_path):
    """A copy of MiniLM without its Normalize module and cut to 8 tokens: other vectors, unit length all the same."""
    import json

    bundled = encoder.model_folder()
    for item in bundled.iterdir():
        if item.name not in ("modules.json", "sentence_bert_config.json"):
            (tmp_path / item.name).symlink_to(item)
    modules = json.loads((bundled / "modules.json").read_text())
    (tmp_path / "modules.json").write_text(json.dumps([m for m in modules if not m["type"].endswith("Normalize")]))
    (tmp_path / "sentence_bert_config.json").write_text(json.dumps({"max_seq_length": 8, "do_lower_case": False}))
    text = TEXTS[3]
    raw = encoder.fresh(tmp_path).encode([text], convert_to_numpy=True)[0]
    assert abs(np.linalg.norm(raw) - 1.0) > 0.1  # the copy does not normalise by itself
    vector = encoder.encode([text], folder=tmp_path)[0]
    assert np.allclose(vector, raw / np.linalg.norm(raw), atol=1e-6)
    assert not np.allclose(vector, encoder.encode([text])[0], atol=1e-3)  # not the bundled model's vector
    assert encoder.load(tmp_path) is not encoder.load()
