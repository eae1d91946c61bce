"""SetFit-style fine-tuning of all-MiniLM-L6-v2: contrastive pairs from the training texts, cached on disk.

``FineTunedEmbedder`` is a scikit-learn transformer: ``fit`` fine-tunes the
bundled MiniLM with ``setfit`` (pairs of same-label / different-label
training texts, cosine-similarity loss, seeded, CPU), ``transform`` embeds
with the result. The fine-tuned encoder is saved (safetensors) in
``.cache/research/finetuned-encoders/`` under a hash of the training texts
and labels, the settings, this module's code closure and its libraries' versions, so
the same fit is never done twice. The estimator itself holds only plain data
(its settings, the key and its training texts), so it saves with skops; a
loaded model whose encoder is no longer cached retrains it, identically.
"""

from __future__ import annotations

import logging
import tempfile
import time
from pathlib import Path

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

from research import encoder
from research.cache import cache_dir, cache_key, cached_folder, key_digest
from research.logs import drop_terminal_handlers

NAMESPACE = "finetuned-encoders"
LOG = logging.getLogger(__name__)
LOG.setLevel(logging.INFO)  # the fine-tuning time reaches run.log (the root logger's handler); without one, nothing


def _train(folder: Path, texts: list[str], labels: list[str], params: dict) -> None:
    import datasets
    import torch
    import transformers
    from setfit import SetFitModel, Trainer, TrainingArguments
    from sklearn.linear_model import LogisticRegression
    from transformers.trainer_callback import PrinterCallback

    names = sorted(set(labels))
    codes = [names.index(label) for label in labels]
    model = SetFitModel(model_body=encoder.fresh(), model_head=LogisticRegression())  # only the body is trained
    body = model.model_body
    body.max_seq_length = params["max_seq_length"]
    bert = body[0].auto_model
    frozen = [bert.embeddings] + list(bert.encoder.layer[:len(bert.encoder.layer) - params["train_layers"]])
    for module in frozen:  # training only the top layers: far less backward work on 2 shared cores
        for weight in module.parameters():
            weight.requires_grad_(False)
    with tempfile.TemporaryDirectory() as scratch:
        args = TrainingArguments(output_dir=scratch, batch_size=params["batch_size"], num_epochs=params["epochs"],
                                 max_steps=max(1, params["pairs"] // params["batch_size"]),
                                 body_learning_rate=params["learning_rate"], seed=params["seed"],
                                 max_length=params["max_seq_length"], show_progress_bar=False, report_to="none",
                                 save_strategy="no")
        torch.manual_seed(params["seed"])
        datasets.disable_progress_bars()  # no bars or per-step logs in the user's terminal
        transformers.logging.set_verbosity_error()
        transformers.utils.logging.disable_progress_bar()
        drop_terminal_handlers("setfit")  # its INFO lines ("Running training") go to run.log, as other libraries'
        trainer = Trainer(model=model, args=args)
        trainer.pop_callback(PrinterCallback)  # it print()s every log dict to stdout, past logging
        started = time.perf_counter()
        trainer.train_embeddings(texts, codes)
        LOG.info("fine-tuned %s on %d texts in %.1f s", encoder.BUNDLED, len(texts), time.perf_counter() - started)
    body.save(str(folder / "encoder"), safe_serialization=True)


class FineTunedEmbedder(TransformerMixin, BaseEstimator):
    """Texts -> unit-length embeddings from MiniLM fine-tuned on the training texts (SetFit body)."""

    def __init__(self, pairs: int = 256, epochs: int = 1, batch_size: int = 16, max_seq_length: int = 128,
                 learning_rate: float = 2e-5, train_layers: int = 2, seed: int = 0):
        # scikit-learn's convention (as its estimators): each argument stored as given under its own name
        self.pairs = pairs
        self.epochs = epochs
        self.batch_size = batch_size
        self.max_seq_length = max_seq_length
        self.learning_rate = learning_rate
        self.train_layers = train_layers
        self.seed = seed

    def _key(self) -> dict:
        # the code: this module and the package code it imports, with the libraries those import
        return cache_key(self.get_params(), {"texts": list(self.train_texts_), "labels": list(self.train_labels_)},
                         [__name__])

    def fit(self, X, y):
        for name in ("pairs", "epochs", "batch_size", "max_seq_length", "train_layers"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < (0 if name == "train_layers" else 1):
                raise ValueError(f"FineTunedEmbedder: {name} must be a positive integer, got {value!r}")
        self.train_texts_ = tuple(str(x) for x in X)
        self.train_labels_ = tuple(str(label) for label in y)
        self.key_ = key_digest(self._key())
        self._folder()
        return self

    def _folder(self) -> Path:
        """The fine-tuned encoder's folder, trained now if the cache does not hold it."""
        folder = cache_dir() / NAMESPACE / self.key_
        if not (folder / "encoder").is_dir():
            folder = cached_folder(NAMESPACE, self._key(), lambda tmp: _train(
                tmp, list(self.train_texts_), list(self.train_labels_), self.get_params()))
        return folder / "encoder"

    def transform(self, X) -> np.ndarray:
        return encoder.encode(X, self._folder())
