"""Zero-shot: cosine between a paragraph's embedding and each label definition's embedding."""

from typing import Literal

from research.classification.estimators import ZeroShotClassifier
from research.classification.knowledge import label_texts
from research.config import StrictModel
from research.classification.systems import System
from research.data.annotations import TOPICS


class Options(StrictModel):
    # what each label is represented by: its definition, "label name: definition", or the mean of its
    # definition and hand-written descriptions (seeds/annotations/label_descriptions.jsonl)
    prompt: Literal["definition", "name_and_definition", "descriptions"] = "definition"


def build(options: Options, seed: int, definitions: dict[str, str]):
    if options.prompt == "descriptions":
        descriptions, labels = label_texts(definitions, "descriptions")
        return ZeroShotClassifier(labels, descriptions), {}
    if options.prompt == "definition":
        descriptions = tuple(definitions[t] for t in TOPICS)
    else:
        descriptions = tuple(f"{t.replace('_', ' ')}: {definitions[t]}" for t in TOPICS)
    return ZeroShotClassifier(TOPICS, descriptions), {}


SYSTEM = System("zero_shot", "zero_shot", "cosine to the label definitions (all-MiniLM-L6-v2), no training data",
                Options, build)
