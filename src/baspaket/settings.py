"""The settings of outputs.md, shared by the command line and the Dagster code location.

Each has a default that works from the project's root, can be set by environment variable,
and (on the command line) by option. Read when a command or the code location starts, never
at import time.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from baspaket.warehouse import duckdb_config

PROJECT_ROOT = Path(__file__).resolve().parents[2]  # src/baspaket/settings.py
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
SEEDS_DIR = PROJECT_ROOT / "seeds"

WAREHOUSE_ENV = "BASPAKET_WAREHOUSE"
LANDING_ENV = "BASPAKET_LANDING"
OUTPUT_ENV = "BASPAKET_OUTPUT"
SEEDS_ENV = "BASPAKET_SEEDS"
DBT_THREADS_ENV = "BASPAKET_DBT_THREADS"

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

    def dbt_vars(self) -> dict[str, str]:
        return dbt_vars(self.warehouse, self.reference_dir)


def dbt_target_dir(warehouse: Path) -> Path:
    """dbt's target folder for the builds of this warehouse, beside it: the same folder run
    after run, so that dbt finds its parse of the project there (partial parsing)."""
    return warehouse.with_name(f"{warehouse.stem}_dbt_target")


# Models dbt builds side by side when nothing sets it: one per core, at most this many. They share
# one DuckDB (its threads and memory limit); on two cores, two beat one and four
# (docs/performance.md).
_DEFAULT_DBT_THREADS_CAP = 4


def count_per_core(env: str, cap: int | None = None) -> int:
    """How many threads or processes work side by side: the whole number in the environment
    variable `env`, else one per core (at most `cap`). The one reading of BASPAKET_DBT_THREADS
    and BASPAKET_REPORT_WORKERS, so that both refuse a wrong value alike, naming it."""
    value = os.environ.get(env, "").strip()
    if not value:
        cores = os.cpu_count() or 1
        return max(1, min(cores, cap) if cap else cores)
    if not value.isdigit() or int(value) < 1:
        raise ValueError(f"{env} is a whole number, at least 1, not {value!r}")
    return int(value)


def dbt_threads() -> int:
    """How many models and tests dbt builds at once: BASPAKET_DBT_THREADS, else one per core
    (at most 4). dbt's nodes are many small statements with Python between them; a second
    thread keeps DuckDB busy meanwhile."""
    return count_per_core(DBT_THREADS_ENV, cap=_DEFAULT_DBT_THREADS_CAP)


def dbt_vars(warehouse: Path, reference_dir: Path) -> dict[str, str]:
    """What dbt needs of the settings, passed as dbt vars (`--vars`), never through the
    environment: the warehouse file (profiles.yml), the checked seeds (dbt_project.yml's
    seed-paths) and DuckDB's limits, the same as the Python side's
    (macros/configure_duckdb.sql). A plain `dbt` run in dbt_project/ without them falls back
    to the BASPAKET_* environment variables, then to the project's own folders."""
    return {
        "warehouse": str(warehouse),
        "reference_dir": relative_to_dbt_project(reference_dir),
        **{f"duckdb_{name}": str(value) for name, value in duckdb_config().items()},
    }


def relative_to_dbt_project(folder: Path) -> str:
    """`folder` relative to the dbt project, never absolute where a relative path exists: dbt
    writes each seed's SQL to target/run/<project>/<seed path>, and an absolute seed path makes
    that the seed file itself (dbt-core issue 7373), so the next `dbt build` would read SQL as
    the seed."""
    try:
        return os.path.relpath(folder, DBT_PROJECT_DIR)
    except ValueError:  # another drive (Windows): no relative path exists
        return str(folder)
