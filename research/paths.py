"""Fixed locations inside the project checkout."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SEEDS = PROJECT_ROOT / "seeds"
SEEDS_RAW = SEEDS / "raw"
SEEDS_DATA = SEEDS / "data"
CONFIGS = PROJECT_ROOT / "configs"
RESULTS = PROJECT_ROOT / "results"
EXPERIMENTS = PROJECT_ROOT / "experiments"
