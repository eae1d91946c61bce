"""seq2seq through tiny randomly initialised BART and T5 folders: the whole path, no pretrained weights."""

import pytest

from research.errors import UserError
from research.summarization import Runtime, get_system, summarize_cached


def _system(folder, **params):
    return get_system("seq2seq")(model=str(folder), budget={"words": 12}, runtime=Runtime(device="cpu", batch_size=2),
                                 **{"max_new_tokens": 16, "num_beams": 2, "max_input_tokens": 256, **params})


@pytest.mark.parametrize("kind, params", [("bart", {}), ("t5", {"prefix": "summarize: "})])
def test_tiny_models_summarize_the_five_articles(kind, params, tiny_seq2seq, texts):
    system = _system(tiny_seq2seq[kind], **params)
    summaries = system.summarize(texts)
    assert len(summaries) == 5
    assert all(0 < len(s.split()) <= 12 for s in summaries)  # random weights: words from the vocabulary, cut
    assert system.summarize(texts) == summaries  # beam search is deterministic
    assert system.summarize(texts[3:4]) == summaries[3:4]  # one text alone gives the same summary as in a batch


def test_generation_parameters_reach_generate(tiny_seq2seq, texts):
    short = _system(tiny_seq2seq["bart"], max_new_tokens=3, num_beams=1).summarize(texts[:2])
    assert all(len(s.split()) <= 3 for s in short)
    assert _system(tiny_seq2seq["bart"], max_new_tokens=3, num_beams=1, min_new_tokens=3).params.min_new_tokens == 3


def test_cache_key_includes_the_model_hash(tiny_seq2seq, texts, session_cache):
    bart = _system(tiny_seq2seq["bart"])
    t5 = _system(tiny_seq2seq["t5"])
    assert bart.cache_identity()["inputs"] != t5.cache_identity()["inputs"]
    assert {"transformers", "torch", "tokenizers"} <= bart.cache_identity()["versions"].keys()
    stats: dict = {}
    summarize_cached(bart, texts[:2], stats=stats)
    summarize_cached(_system(tiny_seq2seq["bart"]), texts[:2], stats=stats)
    assert stats == {"cached": 2, "computed": 0}


@pytest.mark.parametrize("dtype, resolved", [("auto", "float32"), ("bfloat16", "bfloat16")])
def test_identity_is_the_model_hash_and_the_resolved_device_and_dtype(tiny_seq2seq, dtype, resolved):
    from research.cache import path_fingerprint

    system = get_system("seq2seq")(model=str(tiny_seq2seq["bart"]), runtime=Runtime(device="cpu", dtype=dtype))
    assert system.fingerprint() == {"model_sha256": path_fingerprint(tiny_seq2seq["bart"])}
    assert system.runtime_identity() == {"device": "cpu", "dtype": resolved}


def test_min_new_tokens_cannot_exceed_max():
    with pytest.raises(ValueError) as error:
        get_system("seq2seq")(model="x", max_new_tokens=5, min_new_tokens=6)
    assert str(error.value) == "Seq2Seq: parameter 'min_new_tokens': must not exceed max_new_tokens (5), got 6"


def test_model_is_required():
    with pytest.raises(ValueError) as error:
        get_system("seq2seq")()
    assert str(error.value) == "Seq2Seq: missing parameter 'model'"


@pytest.mark.parametrize("model, message", [
    ("./no/such/folder", "seq2seq model folder './no/such/folder' does not exist"),
    ("facebook/bart-large-cnn",
     "seq2seq model 'facebook/bart-large-cnn' is neither a local folder nor in the Hugging Face cache, and downloads "
     "are off (HF_HUB_OFFLINE=1): fetch it once with --online, or set system.model to a local folder"),
])
def test_missing_models_fail_fast_with_one_line(model, message, texts, tmp_path, monkeypatch):
    import huggingface_hub.constants

    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_CACHE", str(tmp_path / "hub"))  # an empty HF cache
    with pytest.raises(UserError) as error:
        get_system("seq2seq")(model=model).summarize(texts[:1])
    assert str(error.value) == message


def test_folder_without_config_is_rejected(tmp_path, texts):
    with pytest.raises(UserError) as error:
        get_system("seq2seq")(model=str(tmp_path)).summarize(texts[:1])
    assert str(error.value) == f"seq2seq model folder '{tmp_path}' has no config.json"


@pytest.mark.parametrize("model, path", [
    ("facebook/bart-large-cnn", False), ("t5-small", False),  # hub ids: at most one '/'
    ("/models/bart", True), ("/bart", True), ("./bart", True), ("../bart", True), ("~/bart", True),
    ("C:\\models\\bart", True), ("models/bart/large", True), ("bart/", True),
])
def test_what_counts_as_a_path_rather_than_a_hub_id(model, path):
    from research.summarization.seq2seq import _looks_like_path

    assert _looks_like_path(model) is path


@pytest.mark.parametrize("library, environment, offline", [
    (True, None, True), (False, None, False), (False, "0", False), (False, "", False),
    (False, "1", True), (False, "true", True), (False, "TRUE", True), (False, "yes", True), (False, "on", True),
])
def test_offline_follows_huggingface_hub_or_the_environment(library, environment, offline, monkeypatch):
    import huggingface_hub.constants

    from research.summarization.seq2seq import _offline

    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", library)
    if environment is None:
        monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    else:
        monkeypatch.setenv("HF_HUB_OFFLINE", environment)
    assert _offline() is offline


def test_generation_settings_come_from_the_config_with_sampling_off_and_the_models_tokens_kept():
    from types import SimpleNamespace

    from transformers import GenerationConfig

    own = GenerationConfig(decoder_start_token_id=2, forced_bos_token_id=0, min_length=56, max_length=142,
                           do_sample=True, temperature=0.7, top_k=5, top_p=0.9)
    model = SimpleNamespace(generation_config=own)
    config = _system("unused", max_new_tokens=40, min_new_tokens=7, num_beams=3, length_penalty=2.0,
                     no_repeat_ngram_size=4, repetition_penalty=1.5, early_stopping=False)._generation_config(model)
    assert {k: getattr(config, k) for k in (
        "do_sample", "num_beams", "max_new_tokens", "min_new_tokens", "min_length", "max_length", "length_penalty",
        "no_repeat_ngram_size", "repetition_penalty", "early_stopping", "temperature", "top_k", "top_p",
        "decoder_start_token_id", "forced_bos_token_id")} == {
        "do_sample": False, "num_beams": 3, "max_new_tokens": 40, "min_new_tokens": 7, "min_length": None,
        "max_length": None, "length_penalty": 2.0, "no_repeat_ngram_size": 4, "repetition_penalty": 1.5,
        "early_stopping": False, "temperature": None, "top_k": None, "top_p": None,
        "decoder_start_token_id": 2, "forced_bos_token_id": 0}
    assert (own.do_sample, own.max_length, own.temperature) == (True, 142, 0.7)  # the model's own: untouched


class _Batch(dict):
    """What the stand-in tokenizer returns: the encoded batch, moved to a device with ``to`` (recorded)."""

    def __init__(self, calls: list, **tensors):
        super().__init__(**tensors)
        self.calls = calls

    def to(self, device):
        self.calls.append(("to", device))
        return self


class _StandIn:
    """A stand-in tokenizer and model that record what ``_summarize`` asks of them and decode to set texts."""

    def __init__(self, decoded: list[list[str]]):
        from transformers import GenerationConfig

        self.decoded, self.calls = iter(decoded), []
        self.generation_config = GenerationConfig(max_length=142, min_length=56)

    def __call__(self, batch, **kwargs):
        self.calls.append(("tokenize", batch, kwargs))
        return _Batch(self.calls, input_ids=f"ids{len(self.calls)}", attention_mask=f"mask{len(self.calls)}")

    def generate(self, **kwargs):
        self.calls.append(("generate", kwargs))
        return f"output{len(self.calls)}"

    def batch_decode(self, output, **kwargs):
        self.calls.append(("decode", output, kwargs))
        return next(self.decoded)


def test_summarize_batches_joins_encodes_generates_and_cuts_as_configured(monkeypatch):
    from research.summarization import seq2seq

    stand_in = _StandIn([["One two three. Four five six seven eight nine ten eleven twelve. Thirteen fourteen.",
                          "  A  whole\nsentence. And an unfinished"], [""]])
    loads = []
    monkeypatch.setattr(seq2seq, "load_model", lambda *args: loads.append(args) or (stand_in, stand_in))
    monkeypatch.setattr(seq2seq.Seq2Seq, "_source", lambda self: "/models/bart")
    system = get_system("seq2seq")(model="/models/bart", prefix="summarize: ", budget={"words": 13},
                                   max_input_tokens=64, runtime=Runtime(device="cpu", batch_size=2))
    summaries = system._summarize(["First  text\nwith breaks.", "Second text.", "Third text."])
    assert loads == [("/models/bart", "cpu", "float32")]
    assert summaries == ["One two three. Four five six seven eight nine ten eleven twelve.", "A whole sentence.", ""]
    config = stand_in.generation_config
    assert (config.num_beams, config.max_length, config.min_length) == (4, None, None)  # the model now holds ours
    encode = {"truncation": True, "max_length": 64, "padding": True, "return_tensors": "pt"}
    decode = {"skip_special_tokens": True, "clean_up_tokenization_spaces": True}
    assert stand_in.calls == [
        ("tokenize", ["summarize: First text with breaks.", "summarize: Second text."], encode), ("to", "cpu"),
        ("generate", {"input_ids": "ids1", "attention_mask": "mask1", "generation_config": config}),
        ("decode", "output3", decode),
        ("tokenize", ["summarize: Third text."], encode), ("to", "cpu"),
        ("generate", {"input_ids": "ids5", "attention_mask": "mask5", "generation_config": config}),
        ("decode", "output7", decode),
    ]


def test_a_model_id_not_yet_cached_is_fetched_through_the_loader_then_found_in_the_cache(monkeypatch, tmp_path):
    from research.summarization import seq2seq

    found, calls = iter([None, tmp_path]), []
    monkeypatch.setattr(seq2seq, "resolve_model", lambda model: calls.append(("resolve", model)) or next(found))
    monkeypatch.setattr(seq2seq, "load_model", lambda *args: calls.append(("load", *args)))
    system = get_system("seq2seq")(model="org/model", runtime=Runtime(device="cpu", dtype="auto"))
    assert system._source() == str(tmp_path)
    assert calls == [("resolve", "org/model"), ("load", "org/model", "cpu", "float32"), ("resolve", "org/model")]


def test_a_folder_under_home_and_a_model_in_the_hugging_face_cache_resolve_to_their_folders(monkeypatch, tmp_path):
    import huggingface_hub.constants

    from research.summarization.seq2seq import resolve_model

    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "bart").mkdir()
    (tmp_path / "bart" / "config.json").write_text("{}", encoding="utf-8")
    assert resolve_model("~/bart") == tmp_path / "bart"
    repo = tmp_path / "hub" / "models--org--tiny"
    (repo / "snapshots" / "abc123").mkdir(parents=True)
    (repo / "snapshots" / "abc123" / "config.json").write_text("{}", encoding="utf-8")
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text("abc123", encoding="utf-8")
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_CACHE", str(tmp_path / "hub"))
    assert resolve_model("org/tiny") == repo / "snapshots" / "abc123"
