"""The backend agreement report: its comparison of two summaries and its config checks (tiny inline inputs)."""

import pytest
import yaml

from research.tasks import load_config
from research.errors import ConfigError
from research.paths import CONFIGS
from research.tasks.lm_agreement import compare, on_backend, shared_prefix


def words(text: str) -> list[int]:
    return [hash(w) for w in text.split()]  # a stand-in tokenizer: one token per word


def test_shared_prefix_counts_tokens_before_the_first_difference():
    assert shared_prefix([1, 2, 3], [1, 2, 4, 5]) == 2
    assert shared_prefix([1, 2], [1, 2]) == 2
    assert shared_prefix([], [1]) == 0


def test_compare_identical_and_diverging_summaries():
    same = compare("Niger closed its airspace.", "Niger closed its airspace.", words)
    assert same == {"identical": True, "tokens": (4, 4), "prefix": 4, "agreement": 1.0, "rouge1_f": 1.0,
                    "rouge2_f": 1.0, "rougeL_f": 1.0}
    apart = compare("Niger closed its airspace on Sunday.", "Niger closed its borders.", words)
    assert (apart["identical"], apart["tokens"], apart["prefix"]) == (False, (6, 4), 3)
    assert apart["agreement"] == 0.5
    assert apart["rouge1_f"] == pytest.approx(2 * 0.75 * 0.5 / 1.25)  # 3 of 4 words against 3 of 6


def test_on_backend_switches_only_the_backend_and_revalidates():
    config = load_config(CONFIGS / "summarize-chat-lm.yaml")
    switched = on_backend(config, "transformers" if config.system.backend == "llama_cpp" else "llama_cpp")
    assert switched.system.backend != config.system.backend
    assert {k: v for k, v in switched.system.model_dump().items() if k != "backend"} == {
        k: v for k, v in config.system.model_dump().items() if k != "backend"}
    with pytest.raises(ValueError, match=r"must be 0 on backend 'llama_cpp' \(llama.cpp has no such option\), got 3"):
        on_backend(load_config(CONFIGS / "summarize-chat-lm.yaml", ["system.backend=transformers",
                                                                    "system.no_repeat_ngram_size=3"]), "llama_cpp")


@pytest.mark.parametrize("extra, message", [
    ({"backends": ["llama_cpp", "llama_cpp"]}, "give two different backends, got ['llama_cpp', 'llama_cpp']"),
    ({"systems": ["configs/summarize-nothing.yaml"]}, "no such summarizer config 'configs/summarize-nothing.yaml'"),
])
def test_config_errors_name_the_key(tmp_path, extra, message):
    path = tmp_path / "agreement.yaml"
    path.write_text(yaml.safe_dump({"experiment": "lm_agreement", "seed": 0,
                                    "systems": ["configs/summarize-chat-lm.yaml"], **extra}))
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert message in str(error.value)
