import filecmp
import shutil

import datasets

from research.data import load_articles, load_challenge, load_paragraphs
from research.data.build import build
from research.paths import SEEDS


def test_committed_data_files_match_a_fresh_build(tmp_path):
    shutil.copy(SEEDS / "README.md", tmp_path / "README.md")
    written = build(tmp_path)
    for path in written:
        committed = SEEDS / path.relative_to(tmp_path)
        hint = f"{committed} drifted from seeds/raw: run `research data build`"
        if path.suffix == ".parquet":  # compare content: parquet bytes also carry the pyarrow version
            fresh, kept = datasets.Dataset.from_parquet(str(path)), datasets.Dataset.from_parquet(str(committed))
            assert fresh.features == kept.features and fresh.to_list() == kept.to_list(), hint
        else:
            assert filecmp.cmp(path, committed, shallow=False), hint


def test_card_loads_with_plain_datasets(tmp_path, monkeypatch):
    monkeypatch.chdir(SEEDS.parent)
    articles = datasets.load_dataset("seeds", split="train", cache_dir=str(tmp_path))
    paragraphs = datasets.load_dataset("seeds", "paragraphs", split="train", cache_dir=str(tmp_path))
    challenge = datasets.load_dataset("seeds", "challenge", split="train", cache_dir=str(tmp_path))
    assert challenge.features == load_challenge().features
    assert challenge.to_list() == load_challenge().to_list()
    expected_articles, expected_paragraphs = load_articles(), load_paragraphs()
    assert articles.features == expected_articles.features
    assert articles.to_list() == expected_articles.to_list()
    assert paragraphs.features == expected_paragraphs.features
    assert paragraphs.to_list() == expected_paragraphs.to_list()


def test_build_keeps_the_card_prose(tmp_path):
    (tmp_path / "README.md").write_text("---\nold: 1\n---\n\n# My corpus\n", encoding="utf-8")
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "a.txt").write_text("One paragraph.\n", encoding="utf-8")
    build(tmp_path, source=tmp_path / "raw")
    card = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert card.startswith("---\npretty_name:")
    assert card.endswith("---\n\n# My corpus\n")
    assert "old: 1" not in card
    assert datasets.Dataset.from_parquet(str(tmp_path / "data" / "paragraphs.parquet")).to_list() == [
        {"article_id": "a", "index": 0, "text": "One paragraph.", "group": 0}
    ]
