"""Backend agreement: the same chat-LM summarizer run on two backends (transformers and llama_cpp) of one GGUF.

The backends compute the same network in different arithmetic (transformers: the GGUF de-quantised to float32;
llama.cpp: quantised weights times 8-bit-quantised activations), so greedy decoding can take a different token
once two candidates are close, and everything after that differs. Per article and system: whether the summaries
are identical, the tokens they share before the first difference (token agreement = shared prefix / the longer
summary, in the GGUF's tokens), ROUGE F1 of one against the other, and each backend's ROUGE-L against the
references and faithfulness proxies (invented numbers and names), so a quality difference shows.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator

from research.config import ExperimentConfig
from research.data import load_articles
from research.data.sources import corpus_fingerprint
from research.errors import ConfigError
from research.evaluation.faithfulness import faithfulness
from research.evaluation.rouge import rouge
from research.faithfulness import DEFAULT_CHECKER
from research.faithfulness.share import judged
from research.lm import BACKENDS
from research.summarization.prompting import LMParams, load_lm
from research.tables import Table
from research.tasks import RunContext, Task, TaskOutput
from research.tasks.summarization import _articles, _runtime, summarize_articles
from research.tasks.summarizer_configs import load_systems, resolve


class LMAgreementConfig(ExperimentConfig):
    experiment: Literal["lm_agreement"]
    systems: Annotated[list[str], Field(min_length=1)]  # chat-LM summarizer configs (chat_lm, extract_then_rewrite)
    # the first is the reference the second is scored against
    backends: Annotated[list[Literal["transformers", "llama_cpp"]], Field(min_length=2, max_length=2)] = list(BACKENDS)
    table: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")] = "lm-agreement"

    @field_validator("systems")
    @classmethod
    def _exist(cls, value: list[str]) -> list[str]:
        for path in value:
            if not resolve(path).is_file():
                raise ValueError(f"no such summarizer config '{path}'")
        return value

    @field_validator("backends")
    @classmethod
    def _two_different(cls, value: list[str]) -> list[str]:
        if value[0] == value[1]:
            raise ValueError(f"give two different backends, got {list(value)}")
        return value


def on_backend(config, backend: str):
    """A summarizer config with its chat LM switched to ``backend`` (revalidated: some settings are per backend)."""
    system = type(config.system).model_validate({**config.system.model_dump(), "backend": backend})
    return config.model_copy(update={"system": system})


def shared_prefix(a: list[int], b: list[int]) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def compare(first: str, second: str, tokenize) -> dict:
    """Agreement of two summaries of one article: identity, shared token prefix, ROUGE of one against the other."""
    a, b = tokenize(first), tokenize(second)
    prefix = shared_prefix(a, b)
    scores = rouge(second, [first]).best
    return {"identical": first == second, "tokens": (len(a), len(b)), "prefix": prefix,
            "agreement": prefix / max(len(a), len(b), 1),
            **{f"{kind}_f": scores[kind].f1 for kind in ("rouge1", "rouge2", "rougeL")}}


def _quality(summary: str, article: dict) -> dict:
    proxies = faithfulness(summary, article["text"])
    scores = rouge(summary, article["summaries"]).best
    verdicts = judged(DEFAULT_CHECKER, article["text"], summary)
    return {"rouge2_ref": scores["rouge2"].f1, "rougeL_ref": scores["rougeL"].f1,
            "unsupported": sum(not v for v in verdicts), "sentences": len(verdicts),
            "invented_numbers": proxies.invented_numbers, "invented_names": proxies.invented_names}


def _pair(q: list[dict], key: str) -> str:
    return f"{q[0][key]} / {q[1][key]}"


def run(config: LMAgreementConfig, context: RunContext) -> TaskOutput:
    loaded = load_systems(config.systems)
    for path, system_config in zip(config.systems, loaded):
        if not isinstance(system_config.system, LMParams):
            raise ConfigError(f"{path}: system '{system_config.system.name}' runs no chat LM")
    first, second = config.backends
    seeds = {a["id"]: a for a in load_articles().to_list()}  # the references are the seeds'
    rows, metrics = [], {}
    for path, system_config in zip(config.systems, loaded):
        name = system_config.system.name
        configs = [on_backend(system_config, b) for b in config.backends]
        articles = _articles(configs[0])
        if not {a["id"] for a in articles} <= set(seeds):
            raise ConfigError(f"{path}: its data is not the seed corpus, whose references the agreement scores use")
        summaries = [{r["id"]: r["summary"] for r in summarize_articles(c, progress=context.progress)}
                     for c in configs]
        tokenizer = load_lm(configs[1].system if second == "llama_cpp" else configs[0].system, _runtime(configs[0]))
        per_article = []
        for article in sorted(articles, key=lambda a: a["id"]):
            pair = [s[article["id"]] for s in summaries]
            c = compare(pair[0], pair[1], tokenizer.tokenize)
            q = [_quality(s, seeds[article["id"]]) for s in pair]
            per_article.append((c, q))
            rows.append([name, article["id"], "yes" if c["identical"] else "no", f"{c['prefix']} / {max(c['tokens'])}",
                         c["agreement"], c["rouge1_f"], c["rouge2_f"], c["rougeL_f"], q[0]["rouge2_ref"],
                         q[1]["rouge2_ref"], f"{q[0]['unsupported']}/{q[0]['sentences']} / "
                         f"{q[1]['unsupported']}/{q[1]['sentences']}", _pair(q, "invented_numbers"),
                         _pair(q, "invented_names")])
        n = len(per_article)

        def mean(values):
            return sum(values) / n

        summary = {
            "identical": sum(c["identical"] for c, _ in per_article), "articles": n,
            "token_agreement": mean([c["agreement"] for c, _ in per_article]),
            **{f"{k}_f": mean([c[f"{k}_f"] for c, _ in per_article]) for k in ("rouge1", "rouge2", "rougeL")},
            **{f"{k}_ref_{b}": mean([q[i][f"{k}_ref"] for _, q in per_article])
               for k in ("rouge2", "rougeL") for i, b in enumerate(config.backends)},
            **{f"{kind}_{b}": sum(q[i][kind] for _, q in per_article)
               for kind in ("unsupported", "sentences", "invented_numbers", "invented_names")
               for i, b in enumerate(config.backends)},
        }
        metrics[name] = summary
        rows.append([name, "mean", f"{summary['identical']}/{n} identical", "", summary["token_agreement"],
                     summary["rouge1_f"], summary["rouge2_f"], summary["rougeL_f"], summary[f"rouge2_ref_{first}"],
                     summary[f"rouge2_ref_{second}"],
                     f"{summary[f'unsupported_{first}']}/{summary[f'sentences_{first}']} / "
                     f"{summary[f'unsupported_{second}']}/{summary[f'sentences_{second}']}",
                     *(f"{summary[f'{kind}_{first}']} / {summary[f'{kind}_{second}']}"
                       for kind in ("invented_numbers", "invented_names"))])
        context.logger.info("%s: %d/%d identical, token agreement %.3f, ROUGE-L %.3f between backends", name,
                            summary["identical"], n, summary["token_agreement"], summary["rougeL_f"])
    table = Table(
        title=f"Chat LM backend agreement: {first} against {second} on the same GGUF",
        columns=["system", "article", "identical", "shared prefix tokens", "token agreement",
                 f"R1 F1 ({second} vs {first})", "R2 F1", "RL F1", f"R2 vs refs ({first})", f"R2 vs refs ({second})",
                 f"unsupported sentences ({first} / {second})", f"invented numbers ({first} / {second})",
                 f"invented names ({first} / {second})"],
        rows=rows,
        notes=["each system's shipped config with only system.backend changed; greedy decoding on both.",
               "shared prefix tokens: GGUF tokens of the final summaries before the first difference / the longer "
               "summary's tokens; token agreement: that ratio (1 = identical).",
               f"R1/R2/RL F1: the {second} summary scored against the {first} one; R2 vs refs: each backend's "
               "ROUGE-2 F1 against the two references (the better one); unsupported sentences: summary sentences the "
               "default faithfulness checker does not find in the article / all sentences; invented numbers / "
               "names: counts over the articles (research.evaluation.faithfulness).",
               "transformers runs the GGUF de-quantised to float32; llama.cpp multiplies the Q4_1 weights with "
               "8-bit-quantised activations, so close greedy choices can flip and the texts diverge from there."],
        digits=3,
    )

    return TaskOutput(tables={config.table: table}, metrics=metrics, input_hash=corpus_fingerprint(articles))


TASK = Task("lm_agreement", LMAgreementConfig, run)
