"""The faithfulness report's further combinations (configs/faithfulness-report.yaml, ``combinations``)."""

import pytest

from research.errors import ConfigError
from research.paths import CONFIGS
from research.runs import run_experiment
from research.tasks import load_config

CONFIG = CONFIGS / "faithfulness-report.yaml"


def test_a_combination_row_is_refitted_on_its_own_members(tmp_path):
    overrides = ["checkers=[names, numbers, combined]", "members=[names]",
                 "combinations={'names + numbers': [names, numbers]}", "bootstrap.samples=20"]
    record = run_experiment(CONFIG, overrides, experiments_dir=tmp_path / "experiments", progress=False)
    table = (record.run_dir / "tables" / "faithfulness.md").read_text(encoding="utf-8")
    rows = [line.split(" | ")[0].lstrip("| ") for line in table.splitlines()[4:] if line.startswith("| ")]
    assert rows == ["names", "numbers", "combined", "names + numbers"]
    assert "- combined: logistic regression over names." in table
    assert "- names + numbers: logistic regression over names, numbers." in table
    # a combination of one checker is that checker's score refitted: the same ranking, so the same ROC AUC
    cells = {line.split(" | ")[0].lstrip("| "): line.split(" | ") for line in table.splitlines() if line.startswith("| ")}
    assert cells["combined"][5] == cells["names"][5]
    assert cells["names + numbers"][5] != cells["names"][5]


@pytest.mark.parametrize("override, message", [
    ("combinations={x: [combined]}", "key 'combinations': combination 'x': unknown member checker 'combined'"),
    ("combinations={x: [unit]}", "key 'combinations': combination 'x': unknown member checker 'unit' (did you mean "
                                 "'units'?)"),
    ("combinations={units: [units, copying]}", "key 'combinations': combination 'units' has a listed checker's name"),
    ("combinations={x: []}", "key 'combinations.x'"),
])
def test_a_bad_combination_is_refused_naming_the_key(override, message):
    with pytest.raises(ConfigError) as error:
        load_config(CONFIG, [override])
    assert message in str(error.value) and str(error.value).startswith(str(CONFIG))
