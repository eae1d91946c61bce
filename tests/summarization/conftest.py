"""Fixtures: the session cache for every test here, tiny seq2seq models (the chat models: tests/conftest.py)."""

import pytest
import urllib3  # noqa: F401  sumy imports requests; urllib3's import probes IPv6 with a socket, so import it
#                 here, before pytest-socket blocks sockets (the probe is no network access, only a warning)


@pytest.fixture(scope="session", autouse=True)
def _cache(session_cache):
    """Every summarizer test caches in the session folder (tests/conftest.py), never in .cache/."""
    return session_cache


def _tiny_tokenizer(texts: list[str]):
    """A word-level tokenizer trained on the seed texts (offline, instant), as a transformers tokenizer."""
    from tokenizers import Tokenizer, models, pre_tokenizers, processors, trainers
    from transformers import PreTrainedTokenizerFast

    tokenizer = Tokenizer(models.WordLevel(unk_token="<unk>"))
    tokenizer.pre_tokenizer = pre_tokenizers.Whitespace()
    tokenizer.train_from_iterator(texts, trainers.WordLevelTrainer(special_tokens=["<pad>", "</s>", "<unk>", "<s>"]))
    tokenizer.post_processor = processors.TemplateProcessing(single="$A </s>", special_tokens=[("</s>", 1)])
    return PreTrainedTokenizerFast(tokenizer_object=tokenizer, pad_token="<pad>", eos_token="</s>",
                                   unk_token="<unk>", bos_token="<s>")


@pytest.fixture(scope="session")
def tiny_seq2seq(tmp_path_factory, texts) -> dict:
    """Randomly initialised tiny BART and T5 models (d_model 16, one layer) saved as ordinary model folders."""
    import torch
    from transformers import BartConfig, BartForConditionalGeneration, T5Config, T5ForConditionalGeneration

    tokenizer = _tiny_tokenizer(texts)
    vocab = len(tokenizer)
    torch.manual_seed(0)
    models = {
        "bart": BartForConditionalGeneration(BartConfig(
            vocab_size=vocab, d_model=16, encoder_layers=1, decoder_layers=1, encoder_attention_heads=2,
            decoder_attention_heads=2, encoder_ffn_dim=32, decoder_ffn_dim=32, max_position_embeddings=1024,
            pad_token_id=0, eos_token_id=1, bos_token_id=3, decoder_start_token_id=1, forced_bos_token_id=None)),
        "t5": T5ForConditionalGeneration(T5Config(
            vocab_size=vocab, d_model=16, d_kv=8, d_ff=32, num_layers=1, num_decoder_layers=1, num_heads=2,
            pad_token_id=0, eos_token_id=1, decoder_start_token_id=0)),
    }
    folders = {}
    for name, model in models.items():
        folder = tmp_path_factory.mktemp(f"tiny-{name}")
        model.save_pretrained(folder)
        tokenizer.save_pretrained(folder)
        folders[name] = folder
    return folders
