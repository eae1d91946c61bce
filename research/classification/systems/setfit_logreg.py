"""SetFit-style: MiniLM fine-tuned contrastively on the training fold's texts, then logistic regression."""

from typing import Annotated

from pydantic import Field
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from research.classification.finetune import FineTunedEmbedder
from research.classification.systems import KnowledgeOptions, System, grid_of, trained
from research.classification.systems._tfidf import Balanced, Copies, PositiveFloat


class Options(Balanced, KnowledgeOptions):
    C: grid_of(PositiveFloat, [10.0])  # keep to one value: each grid point would fine-tune again
    label_copies: grid_of(Copies, [1])
    pairs: Annotated[int, Field(ge=16)] = 256  # contrastive pairs sampled by setfit (pairs / batch_size steps)
    epochs: Annotated[int, Field(ge=1)] = 1
    batch_size: Annotated[int, Field(ge=2)] = 16
    max_seq_length: Annotated[int, Field(ge=16, le=256)] = 128
    learning_rate: Annotated[float, Field(gt=0)] = 2e-5
    train_layers: Annotated[int, Field(ge=0, le=6)] = 2  # top transformer layers trained, the rest frozen


def build(options: Options, seed: int, definitions: dict[str, str]):
    embedder = FineTunedEmbedder(options.pairs, options.epochs, options.batch_size, options.max_seq_length,
                                 options.learning_rate, options.train_layers, seed)
    pipeline = Pipeline([
        ("embed", embedder),
        ("clf", LogisticRegression(C=options.C[0], class_weight=options.class_weight, max_iter=5000, random_state=seed)),
    ])
    return trained(pipeline, {"clf__C": options.C}, options, definitions)


SYSTEM = System("setfit_logreg", "finetuned", "MiniLM fine-tuned SetFit-style (setfit) + LogisticRegression",
                Options, build)
