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
