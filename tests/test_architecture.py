"""Rules of the code base's shape, read from the code itself."""

from __future__ import annotations

import re
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
PACKAGES = ("orchestration", "reports", "data_quality", "synthetic")

# What the package may still write into os.environ, and why: none of them is a setting of
# outputs.md. The settings (warehouse, landing, output, seeds, DuckDB's limits) travel as values:
# resources, arguments, and dbt vars (Settings.dbt_vars).
ALLOWED_ENVIRONMENT_WRITES = {
    "DEMO_KEY_ENV_VAR": "the demo's throw-away key: a key travels by environment, never as a value Dagster shows",
    '"DAGSTER_HOME"': "where Dagster's instance lives, which DagsterInstance.get() reads",
    '"DBT_SEND_ANONYMOUS_USAGE_STATS"': "a switch of the dbt library, not a setting",
    '"GX_ANALYTICS_ENABLED"': "a switch of the Great Expectations library, not a setting",
}
_WRITE = re.compile(r"os\.environ\[([^\]]+)\]\s*=(?!=)|os\.environ\.(?:setdefault|update|pop)\(([^,)]+)|os\.putenv\(")


def environment_writes() -> list[tuple[str, str]]:
    found = []
    for package in PACKAGES:
        for path in (PROJECT / package).rglob("*.py"):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                for match in _WRITE.finditer(line):
                    key = (match.group(1) or match.group(2) or "?").strip()
                    found.append((f"{path.relative_to(PROJECT)}:{number}", key))
    return found


def test_settings_never_travel_through_environment_writes():
    writes = environment_writes()
    assert writes, "the pattern finds nothing: it would pass whatever the code did"
    unexpected = [(where, key) for where, key in writes if key not in ALLOWED_ENVIRONMENT_WRITES]
    assert unexpected == []


def test_the_pattern_sees_a_settings_write():
    line = 'os.environ["BASPAKET_WAREHOUSE"] = str(path)'
    assert [m.group(1) for m in _WRITE.finditer(line)] == ['"BASPAKET_WAREHOUSE"']
