import hashlib

from research.paths import SEEDS, SEEDS_RAW


def test_raw_articles_match_their_manifest():
    manifest = {}
    for line in (SEEDS / "raw.sha256").read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ")
        manifest[name] = digest
    on_disk = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(SEEDS_RAW.iterdir())}
    assert on_disk == manifest
    assert len(manifest) == 5
