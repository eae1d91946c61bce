"""The measured numbers of the README and of the pages in docs/ are the ones in results/ (never typed from
memory), each checked in the file that quotes it, and no page makes a vague claim ("about N", "twice") that no
table backs."""

import csv
import re

import pytest

from research.faithfulness import DEFAULT_CHECKER
from research.paths import CONFIGS, PROJECT_ROOT, RESULTS
from research.tasks import load_config

PAGES = ["README.md", *sorted(p.relative_to(PROJECT_ROOT).as_posix() for p in (PROJECT_ROOT / "docs").rglob("*.md"))]


def _text(page: str) -> str:
    """A page's text with line breaks as spaces, so a quoted sentence may wrap anywhere."""
    return " ".join((PROJECT_ROOT / page).read_text(encoding="utf-8").split())


README = _text("README.md")
SUMMARIZATION = _text("docs/summarization.md")
CLASSIFICATION = _text("docs/classification.md")
FAITHFULNESS = _text("docs/faithfulness.md")
WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine"}


def _rows(name: str) -> list[dict]:
    with (RESULTS / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _cores(name: str) -> str:
    return re.search(r"(\d+) cores", (RESULTS / f"{name}.md").read_text(encoding="utf-8")).group(1)


def test_batched_chat_lm_speed_up_is_the_benchmark_s():
    rows = {row["what"]: row for row in _rows("benchmarks-lm")}
    single = rows["float32 (default)"]
    (batched,) = [row for what, row in rows.items() if what.startswith("batched")]
    end_to_end = float(single["seconds"]) / float(batched["seconds"])
    decode = float(batched["decode tok/s"]) / float(single["decode tok/s"])
    articles = int(batched["identical summaries"].split("/")[1])
    batch = re.search(r"a batch of (\d+)", batched["what"]).group(1)
    assert (f"on the {WORDS[articles]} seed articles {end_to_end:.2f}x faster end to end and {decode:.2f}x the "
            f"decode tokens per second of one article at a time (`results/benchmarks-lm.md`, batch of {batch}, "
            f"CPU)") in SUMMARIZATION


def test_warm_and_cold_reproduce_times_are_the_benchmark_s():
    rows = _rows("benchmarks-reproduce")
    cold = next(float(r["seconds"]) for r in rows if r["run"].startswith("cold"))
    warm = next(float(r["seconds"]) for r in rows if r["run"].startswith("warm"))
    recomputed = next(float(r["seconds"]) for r in rows if r["run"].startswith("warm, reuse off ("))
    assert (f"refits nothing (a warm `--check`: {warm:.1f} s, or {recomputed:.1f} s with every config run on the "
            f"caches, `--recompute`; against {cold:.1f} s from an empty cache, which also converts the GGUF "
            f"and computes every summary: `results/benchmarks-reproduce.md`, {_cores('benchmarks-reproduce')} "
            f"cores)") in CLASSIFICATION


@pytest.mark.parametrize("page", PAGES)
def test_no_unbacked_approximate_numbers(page):
    vague = re.findall(r"\b(?:about|around|roughly|approximately|~) ?\d[\d.]*\s*\w*|\btwice the\b|\bhalf the\b",
                       _text(page))
    assert vague == []


def test_the_verified_and_length_matched_lead_numbers_are_the_report_s():
    rows = {row["system"]: row for row in _rows("summarization")}
    lead, matched = rows["lead (Lead-3 baseline)"], rows["lead: first sentences within 75 words"]
    verified, textrank = rows["verified (draft, verify, repair, select)"], rows["textrank"]
    words = {name: f"{float(row['words']):.1f}" for name, row in
             (("lead", lead), ("matched", matched), ("verified", verified))}
    assert (f"Its ROUGE-2 is {verified['R2']} {verified['R2 95% CI']} against Lead-3's {lead['R2']} and TextRank's "
            f"{textrank['R2']} (Lead-3 also uses {words['lead']} words to its {words['verified']}).") in SUMMARIZATION
    assert (f"the lead (the row \"lead: first sentences within 75 words\", {words['matched']} words) scores "
            f"{matched['R2']}: at matched length") in SUMMARIZATION


def test_the_headline_classifier_is_the_best_of_the_report():
    column = "CV macro-F1 [95% CI]"
    rows = {row["system"]: row for row in _rows("classification")}
    best = max(rows.values(), key=lambda row: float(row[column].split()[0]))
    assert (f"| Topic of a paragraph: grouped CV macro-F1 [95% CI] | best classifier `{best['system']}` {best[column]} "
            f"| `majority` {rows['majority'][column]} | [classification.md](results/classification.md) |") in README


def test_the_headline_summarizer_is_the_best_against_lead_3():
    rows = {row["system"]: row for row in _rows("summarization")}
    lead = rows["lead (Lead-3 baseline)"]
    # our summarizers: not the human rows, the oracle (it reads the references), the lead or an ablation row
    ours = [row for name, row in rows.items()
            if ":" not in name and not name.startswith(("human", "oracle", "lead"))]
    best = max(ours, key=lambda row: float(row["R2"]))
    assert (f"| Summaries: ROUGE-2 F1 [95% CI] on the seeds | best other summarizer `{best['system'].split()[0]}` "
            f"{best['R2']} {best['R2 95% CI']} | Lead-3 {lead['R2']} {lead['R2 95% CI']} "
            f"| [summarization.md](results/summarization.md) |") in README


def test_the_headline_frank_summarizer_is_the_best_of_ours_on_every_cnn_dm_article():
    rows = [row for row in _rows("frank-summarization") if row["dataset"] == "CNN/DM" and row["kind"] == "ours"]
    lead = next(row for row in rows if row["system"].startswith("lead"))
    # on every article (not the LM systems' first few), and not the oracle (it reads the references)
    ours = [row for row in rows if row["articles"] == lead["articles"] and row["system"].split()[0] not in
            ("lead", "oracle")]
    best = max(ours, key=lambda row: float(row["ROUGE-2 [95% CI]"].split()[0]))
    assert ("| Summaries on FRANK's CNN/DM articles (validation split, out-of-fold): ROUGE-2 F1 x 100 [95% CI] | "
            f"best summarizer `{best['system'].split()[0]}` {best['ROUGE-2 [95% CI]']}, "
            f"{best['ROUGE-2 vs lead [95% CI]']} over Lead-3 | Lead-3 {lead['ROUGE-2 [95% CI]']} "
            "| [frank-summarization.md](results/frank-summarization.md) |") in README


def test_the_headline_checker_is_the_default_against_the_best_frank_anchor():
    rows = {row["metric"]: row for row in _rows("frank-checkers") if row["dataset"] == "all"}
    ours = rows[DEFAULT_CHECKER]
    anchor = rows[ours["best published"]]
    assert ("| Faithfulness on FRANK (validation split, all summaries): partial Pearson with people [95% CI] | "
            f"default checker `{DEFAULT_CHECKER}` "
            f"{ours['partial Pearson']} {ours['95% CI']} | best FRANK anchor `{anchor['metric']}` "
            f"{anchor['partial Pearson']} {anchor['95% CI']} "
            f"| [frank-checkers.md](results/frank-checkers.md) |") in README


def test_the_default_checker_s_numbers_are_the_faithfulness_report_s():
    rows = {row["checker"]: row for row in _rows("faithfulness")}
    default = rows[DEFAULT_CHECKER]
    combinations = load_config(CONFIGS / "faithfulness-report.yaml").combinations  # ablation rows, not checkers
    first, second = sorted((row for name, row in rows.items() if name != DEFAULT_CHECKER and name not in combinations),
                           key=lambda row: float(row["balanced acc."]), reverse=True)[:2]
    assert (f"it has balanced accuracy {default['balanced acc.']} {default['BA 95% CI']} on the 181 judgments and "
            f"{default['BA claims']} {default['BA claims 95% CI']} on the 110 written claims alone (`BA claims`), "
            f"ROC AUC {default['ROC AUC']}; the best single checkers are `{first['checker']}` "
            f"({first['balanced acc.']}) and `{second['checker']}` ({second['balanced acc.']}; "
            f"{second['BA claims']} on the claims alone)") in FAITHFULNESS


def test_the_share_of_flagged_human_reference_sentences_is_the_report_s():
    human = [row["unsupported (combined)"].split()[0] for row in _rows("summarization")
             if row["system"].startswith("human")]
    (share,) = {f"{float(value):.2f}" for value in human}
    assert f"in the summarization report it flags {share} of the human reference sentences" in FAITHFULNESS


def test_the_stack_s_numbers_are_the_report_s():
    rows = {row["system"]: row for row in _rows("classification")}
    stack = rows["stacking"]
    base = [float(rows[name]["CV macro-F1 [95% CI]"].split()[0])
            for name in ("tfidf_cnb", "embedding_logreg", "zero_shot")]  # the stack's default base systems
    value = {column: stack[column].split()[0] for column in stack}
    assert (f"the stack's grouped-CV macro-F1 is {value['CV macro-F1 [95% CI]']} (0.423 with stratified inner folds), "
            f"its challenge macro-F1 {value['challenge macro-F1, seeds only [95% CI]']} seeds-only and "
            f"{value['challenge macro-F1, cross-fitted [95% CI]']} cross-fitted (0.687 and 0.952 before), still "
            f"below its base systems ({min(base):.3f}-{max(base):.3f} CV)") in CLASSIFICATION


def test_the_readme_s_links_reach_files_and_headings():
    for target in re.findall(r"\]\(([^)]+)\)", (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")):
        if target.startswith(("http://", "https://")):
            continue
        path, _, anchor = target.partition("#")
        assert (PROJECT_ROOT / path).is_file(), target
        if anchor:
            headings = re.findall(r"^#+ (.+)$", (PROJECT_ROOT / path).read_text(encoding="utf-8"), re.MULTILINE)
            slugs = {re.sub(r"[\s]+", "-", re.sub(r"[^\w\s-]", "", h).strip().lower()) for h in headings}
            assert anchor in slugs, target


def test_the_likelihood_checker_s_frank_numbers_are_the_benchmark_s():
    rows = {(row["dataset"], row["metric"]): row for row in _rows("frank-checkers")}
    cnndm, xsum, both = (rows[(d, "likelihood")] for d in ("CNN/DM", "XSum", "all"))
    assert (f"has partial Pearson {cnndm['partial Pearson']} {cnndm['95% CI']} with people's factuality on CNN/DM "
            f"(`combined`: {rows[('CNN/DM', 'combined')]['partial Pearson']}; FactCC: "
            f"{rows[('CNN/DM', 'FactCC')]['partial Pearson']}), {xsum['partial Pearson']} on XSum") in FAITHFULNESS
    assert (f"and {both['partial Pearson']} {both['95% CI']} over all summaries (`combined`: "
            f"{rows[('all', 'combined')]['partial Pearson']}). On XSum its partial Spearman is "
            f"{xsum['partial Spearman']}") in FAITHFULNESS


def test_the_copying_checker_s_numbers_are_the_benchmarks_and_the_report_s():
    frank = {(row["dataset"], row["metric"]): row for row in _rows("frank-checkers")}
    seeds = {row["checker"]: row for row in _rows("faithfulness")}
    cnndm, xsum, both = (frank[(d, "copying")] for d in ("CNN/DM", "XSum", "all"))
    default, without, plus = ({d: frank[(d, row)]["partial Pearson"] for d in ("CNN/DM", "all")}
                              for row in ("combined", "combined: copied sentences not passed", "combined: + copying"))
    assert (f"its summary score has partial Pearson {cnndm['partial Pearson']} {cnndm['95% CI']} with people's "
            f"factuality on CNN/DM (FactCC: {frank[('CNN/DM', 'FactCC')]['partial Pearson']}; `likelihood`: "
            f"{frank[('CNN/DM', 'likelihood')]['partial Pearson']}) and {both['partial Pearson']} {both['95% CI']} "
            f"over all summaries (`combined`: {default['all']}), but {xsum['partial Pearson']} on XSum (partial "
            f"Spearman {xsum['partial Spearman']})") in FAITHFULNESS
    assert f"its balanced accuracy is {seeds['copying']['BA claims']} (`results/faithfulness.md`)" in FAITHFULNESS
    assert (f"the rule leaves our judgments as they were (BA claims {seeds['combined']['BA claims']})"
            ) in FAITHFULNESS
    assert (f"it moves the default from {without['CNN/DM']} to {default['CNN/DM']} and, over all summaries, from "
            f"{without['all']} to {default['all']}") in FAITHFULNESS
    assert (f"CNN/DM moves on to {plus['CNN/DM']} and all summaries stay at {plus['all']}, while the claims' "
            f"balanced accuracy falls to {seeds['combined: + copying']['BA claims']}") in FAITHFULNESS
