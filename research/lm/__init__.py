"""The chat language model behind every LM-based part of the package (summarizers, faithfulness judge).

One interface (``ChatModel``: encode a chat, generate one or many answers greedily, score candidate next
tokens, score plain-text continuations after a shared prefix), one module per backend: ``transformers_backend``
(Hugging Face transformers, any torch device) and ``llama_cpp_backend`` (llama-cpp-python, the GGUF run natively
on the CPU). ``load_chat_model`` picks one by name::

    from research.lm import GenerationSettings, load_chat_model

    lm = load_chat_model("SmolLM2-135M-Instruct", backend="llama_cpp")
    lm.generate([{"role": "user", "content": "Name the capital of Niger."}], GenerationSettings(16))
    lm.next_token_logprobs(messages, ["Yes", "No"])  # {"Yes": -0.4, "No": -1.2}
    lm.continuation_logprobs(lm.tokenize("Article: ..."), [lm.tokenize(" A sentence.")])  # [[-2.1, -0.3, -1.0]]
"""

from research.lm.base import ChatModel, GenerationSettings, Messages
from research.lm.loading import build_identity, build_key, load_chat_model, resolve_runtime
from research.lm.source import BACKENDS, BUNDLED_LM, model_fingerprint, physical_cores, resolve_model

__all__ = ["BACKENDS", "BUNDLED_LM", "ChatModel", "GenerationSettings", "Messages", "build_identity",
           "build_key", "load_chat_model", "model_fingerprint", "physical_cores", "resolve_model", "resolve_runtime"]
