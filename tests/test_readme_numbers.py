"""The README's measured numbers are the ones in results/ (never typed from memory), and it makes no vague claim
("about N", "twice") that no table backs."""

import csv
import re

from research.paths import PROJECT_ROOT, RESULTS

README = " ".join((PROJECT_ROOT / "README.md").read_text(encoding="utf-8").split())  # line breaks as spaces
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
            f"CPU)") in README


def test_warm_and_cold_reproduce_times_are_the_benchmark_s():
    rows = _rows("benchmarks-reproduce")
    cold = next(float(r["seconds"]) for r in rows if r["run"].startswith("cold"))
    warm = next(float(r["seconds"]) for r in rows if r["run"].startswith("warm"))
    recomputed = next(float(r["seconds"]) for r in rows if r["run"].startswith("warm, reuse off ("))
    assert (f"refits nothing (a warm `--check`: {warm:.1f} s, or {recomputed:.1f} s with every config run on the "
            f"caches, `--recompute`; against {cold:.1f} s from an empty cache, which also converts the GGUF "
            f"and computes every summary: `results/benchmarks-reproduce.md`, {_cores('benchmarks-reproduce')} "
            f"cores)") in README


def test_no_unbacked_approximate_numbers():
    vague = re.findall(r"\b(?:about|around|roughly|approximately|~) ?\d[\d.]*\s*\w*|\btwice the\b|\bhalf the\b", README)
    assert vague == []


def test_the_verified_and_length_matched_lead_numbers_are_the_report_s():
    rows = {row["system"]: row for row in _rows("summarization")}
    lead, matched = rows["lead (Lead-3 baseline)"], rows["lead: first sentences within 75 words"]
    verified, textrank = rows["verified (draft, verify, repair, select)"], rows["textrank"]
    words = {name: f"{float(row['words']):.1f}" for name, row in
             (("lead", lead), ("matched", matched), ("verified", verified))}
    assert (f"Its ROUGE-2 is {verified['R2']} {verified['R2 95% CI']} against Lead-3's {lead['R2']} and TextRank's "
            f"{textrank['R2']} (Lead-3 also uses {words['lead']} words to its {words['verified']}).") in README
    assert (f"the lead (the row \"lead: first sentences within 75 words\", {words['matched']} words) scores "
            f"{matched['R2']}: at matched length") in README
