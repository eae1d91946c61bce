"""Which model a setting names and which backend may load it: one-line errors naming the path and backend."""

import pytest

from research.errors import UserError
from research.lm import physical_cores, resolve_model
from research.models import smollm2_gguf


def test_the_bundled_gguf_and_any_gguf_path_work_on_both_backends(tmp_path):
    gguf = tmp_path / "model.gguf"
    gguf.write_bytes(b"GGUF")
    for backend in ("transformers", "llama_cpp"):
        assert resolve_model("SmolLM2-135M-Instruct", backend) == smollm2_gguf()
        assert resolve_model(str(gguf), backend) == gguf


def test_a_transformers_folder_works_on_transformers_only(tmp_path):
    (tmp_path / "config.json").write_text("{}")
    assert resolve_model(str(tmp_path), "transformers") == tmp_path
    with pytest.raises(UserError) as error:
        resolve_model(str(tmp_path), "llama_cpp")
    assert str(error.value) == (f"chat model '{tmp_path}' is a transformers folder, which backend 'llama_cpp' "
                                "cannot load; give a .gguf file or use backend: transformers")


@pytest.mark.parametrize("backend, message", [
    ("llama_cpp", "chat model 'nowhere.bin' (backend 'llama_cpp') is neither 'SmolLM2-135M-Instruct', "
                  "an existing .gguf file"),
    ("transformers", "chat model 'nowhere.bin' (backend 'transformers') is neither 'SmolLM2-135M-Instruct', "
                     "an existing .gguf file, nor a local folder with config.json"),
    ("vllm", "unknown chat model backend 'vllm' (choose from: transformers, llama_cpp)"),
])
def test_anything_else_is_a_user_error(backend, message):
    with pytest.raises(UserError) as error:
        resolve_model("nowhere.bin", backend)
    assert str(error.value) == message


def test_physical_cores_is_at_least_one_and_at_most_the_usable_cpus():
    import os

    assert 1 <= physical_cores() <= len(os.sched_getaffinity(0))
