"""The dbt docs as one static page that opens from a file: `dbt docs generate --static` puts
the manifest and catalogue inside the HTML, so no web server is needed (the plain
target/index.html stays on "(loading)" when opened from disk, as browsers refuse to read
manifest.json from a file URL). Written to <output>/dbt_docs.html."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from baspaket.settings import DBT_PROJECT_DIR, Settings

DBT_DOCS_NAME = "dbt_docs.html"


def write_dbt_docs(settings: Settings) -> Path | None:
    """Generate the docs against the warehouse (for its catalogue of columns and types) and
    copy the static page to the output folder; None, with dbt's output logged, if dbt fails."""
    # In its own process, as the load runs dbt: dbt-duckdb keeps its DuckDB connection open for
    # the life of the process, which would lock this process out of the warehouse afterwards.
    dbt = Path(sys.executable).with_name("dbt")
    with tempfile.TemporaryDirectory(prefix="dbt_docs_") as target:
        result = subprocess.run(
            [
                str(dbt),
                "docs",
                "generate",
                "--static",
                "--project-dir",
                str(DBT_PROJECT_DIR),
                "--profiles-dir",
                str(DBT_PROJECT_DIR),
                "--target-path",
                target,
                "--vars",
                json.dumps(settings.dbt_vars()),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        page = Path(target) / "static_index.html"
        if result.returncode != 0 or not page.is_file():
            print(result.stdout[-4000:], result.stderr[-4000:])
            return None
        settings.output.mkdir(parents=True, exist_ok=True)
        return Path(shutil.copyfile(page, settings.output / DBT_DOCS_NAME))
