"""The settings of outputs.md, shared by the command line and the Dagster code location.

Each has a default that works from the project's root, can be set by environment variable,
and (on the command line) by option. Read when a command or the code location starts, never
at import time.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from orchestration.warehouse import MEMORY_LIMIT_ENV, default_memory_limit

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
SEEDS_DIR = PROJECT_ROOT / "seeds"

WAREHOUSE_ENV = "BASPAKET_WAREHOUSE"
LANDING_ENV = "BASPAKET_LANDING"
OUTPUT_ENV = "BASPAKET_OUTPUT"
SEEDS_ENV = "BASPAKET_SEEDS"
# Where dbt reads the checked, canonical copies of the seeds (dbt_project.yml's seed-paths).
REFERENCE_DIR_ENV = "BASPAKET_REFERENCE_DIR"

DEFAULT_WAREHOUSE = Path("warehouse/baspaket.duckdb")
DEFAULT_LANDING = Path("landing")
DEFAULT_OUTPUT = Path("output")


@dataclass(frozen=True)
class Settings:
    warehouse: Path
    landing: Path
    output: Path
    seeds: Path = SEEDS_DIR  # the region's reference files, as the region saved them

    @property
    def reference_dir(self) -> Path:
        """The checked, canonical copies of the seeds this warehouse is built with, beside it."""
        return self.warehouse.with_name(f"{self.warehouse.stem}_reference")

    @classmethod
    def resolve(
        cls,
        warehouse: str | Path | None = None,
        landing: str | Path | None = None,
        output: str | Path | None = None,
        seeds: str | Path | None = None,
    ) -> "Settings":
        """Option, else environment variable, else the default; always made absolute."""

        def pick(given, env, default) -> Path:
            value = given or os.environ.get(env) or default
            return Path(value).expanduser().resolve()

        return cls(
            warehouse=pick(warehouse, WAREHOUSE_ENV, DEFAULT_WAREHOUSE),
            landing=pick(landing, LANDING_ENV, DEFAULT_LANDING),
            output=pick(output, OUTPUT_ENV, DEFAULT_OUTPUT),
            seeds=pick(seeds, SEEDS_ENV, SEEDS_DIR),
        )

    def export_to_environment(self) -> None:
        """Make the settings visible to child processes (dbt reads BASPAKET_WAREHOUSE and
        BASPAKET_REFERENCE_DIR)."""
        os.environ[WAREHOUSE_ENV] = str(self.warehouse)
        os.environ[LANDING_ENV] = str(self.landing)
        os.environ[OUTPUT_ENV] = str(self.output)
        # Relative to the dbt project, never absolute: dbt writes each seed's SQL to
        # target/run/<project>/<seed path>, and an absolute seed path makes that the seed file
        # itself (dbt-core issue 7373): the next `dbt build` would read SQL as the seed.
        try:
            os.environ[REFERENCE_DIR_ENV] = os.path.relpath(self.reference_dir, DBT_PROJECT_DIR)
        except ValueError:  # another drive (Windows): no relative path exists
            os.environ[REFERENCE_DIR_ENV] = str(self.reference_dir)
        # dbt's DuckDB gets the same memory limit as the Python side's, default included.
        if not os.environ.get(MEMORY_LIMIT_ENV) and default_memory_limit():
            os.environ[MEMORY_LIMIT_ENV] = default_memory_limit()
