"""The Dagster code location: one Definitions for the whole warehouse.

Settings (BASPAKET_WAREHOUSE, BASPAKET_LANDING, BASPAKET_OUTPUT) are read when the code
location loads, not at import; `uv run dagster dev` and `baspaket load` build the same
definitions and so write the same warehouse.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import dagster as dg

from baspaket.orchestration.assets.ingest import raw_exports
from baspaket.orchestration.assets.outputs import baspaket_files, board_access_files, region_overview_files
from baspaket.orchestration.assets.quality import registration_quality
from baspaket.orchestration.assets.transform import build_dbt_assets, dbt_project
from baspaket.orchestration.jobs import monthly_load
from baspaket.orchestration.resources import (
    LandingResource,
    OutputResource,
    ReferenceResource,
    WarehouseDbtResource,
    WarehouseResource,
)
from baspaket.orchestration.schedules import monthly_load_schedule
from baspaket.orchestration.sensors import landing_sensor
from baspaket.settings import DBT_PROJECT_DIR, Settings

os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "False")


def dbt_executable() -> str:
    """dbt from this environment (the venv), whatever the PATH says."""
    beside_python = Path(sys.executable).with_name("dbt")
    return str(beside_python) if beside_python.exists() else (shutil.which("dbt") or "dbt")


def ensure_manifest(seeds_dir: Path) -> Path:
    """The dbt manifest, parsed again when any model, macro, seed or the project file is newer."""
    manifest = dbt_project.manifest_path
    sources = (
        [p for folder in ("models", "macros", "tests") for p in (DBT_PROJECT_DIR / folder).rglob("*") if p.is_file()]
        + list(seeds_dir.glob("*.csv"))
        + [DBT_PROJECT_DIR / "dbt_project.yml"]
    )
    newest = max(p.stat().st_mtime for p in sources)
    if not manifest.exists() or manifest.stat().st_mtime < newest:
        # dagster-dbt's preparer runs the `dbt` it finds on PATH; a load started by its full
        # path (cron, a service) has no venv on PATH, so the venv's dbt is put first for it.
        with _on_path(Path(dbt_executable()).parent):
            dbt_project.preparer.prepare(dbt_project)
    return manifest


@contextlib.contextmanager
def _on_path(folder: Path) -> Iterator[None]:
    saved = os.environ.get("PATH", "")
    os.environ["PATH"] = os.pathsep.join([str(folder), saved]) if saved else str(folder)
    try:
        yield
    finally:
        os.environ["PATH"] = saved


def build_definitions(settings: Settings | None = None) -> dg.Definitions:
    settings = settings or Settings.resolve()
    reference = ReferenceResource(seeds=str(settings.seeds), folder=str(settings.reference_dir))
    # dbt parses its seeds from the reference folder: fill it now, leniently (a broken file is
    # copied as it is, so the code location still loads); every load checks strictly first.
    reference.prepare(strict=False)
    warehouse_models = build_dbt_assets(ensure_manifest(settings.seeds))
    return dg.Definitions(
        assets=[
            raw_exports,
            warehouse_models,
            registration_quality,
            baspaket_files,
            board_access_files,
            region_overview_files,
        ],
        jobs=[monthly_load],
        schedules=[monthly_load_schedule],
        sensors=[landing_sensor],
        resources={
            "warehouse": WarehouseResource(path=str(settings.warehouse)),
            "landing": LandingResource(path=str(settings.landing)),
            "output": OutputResource(path=str(settings.output)),
            "reference": reference,
            # DbtCliResource's own __init__ takes the DbtProject; mypy sees the subclass through
            # its pydantic fields only (project_dir: str)
            "dbt": WarehouseDbtResource(
                project_dir=dbt_project,  # type: ignore[arg-type]
                profiles_dir=str(DBT_PROJECT_DIR),
                dbt_executable=dbt_executable(),
            ),
        },
        # One writer at a time on the DuckDB file: steps of a run go one after the other.
        executor=dg.in_process_executor,
    )


@dg.definitions
def defs() -> dg.Definitions:
    return build_definitions()
