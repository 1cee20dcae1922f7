"""Dagster resources: the warehouse file, the landing area, the output folder, dbt."""

from __future__ import annotations

import contextlib
import importlib.metadata
import sys
from collections.abc import Iterator, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
from dagster_dbt import DbtCliResource
from packaging import version

from baspaket.ingest.delivery import Delivery
from baspaket.ingest.pseudonym import KEY_ENV_VAR, Pseudonymiser, key_for
from baspaket.ingest.reference import PreparedReference, prepare_reference
from baspaket.warehouse import connect, ensure_schemas, writer_lock


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB warehouse file. Writers take the one-writer lock first."""

    path: str

    @property
    def file(self) -> Path:
        return Path(self.path)

    @contextlib.contextmanager
    def writer(self, log=None):
        with writer_lock(self.file, on_wait=log):
            con = connect(self.file)
            try:
                ensure_schemas(con)
                yield con
            finally:
                con.close()

    @contextlib.contextmanager
    def writer_lock(self, log=None):
        """The lock alone, for steps whose writes happen in another process (dbt)."""
        with writer_lock(self.file, on_wait=log):
            yield

    @contextlib.contextmanager
    def reader(self) -> Iterator[duckdb.DuckDBPyConnection]:
        con = connect(self.file, read_only=True)
        try:
            yield con
        finally:
            con.close()


class LandingResource(dg.ConfigurableResource):
    """Where the monthly exports land, and the name of the variable holding the pseudonym key
    (the key itself is read at run time and never becomes part of any configuration)."""

    path: str
    pseudonym_key_env: str = KEY_ENV_VAR

    @property
    def folder(self) -> Path:
        return Path(self.path)

    def pseudonymiser(self, months: list[str]) -> Pseudonymiser:
        """The pseudonymiser for these months' deliveries (the demo's key serves only the demo's
        synthetic months; see ingest/pseudonym.py)."""
        synthetic = (Delivery(m, self.folder / m).is_synthetic for m in months)
        return Pseudonymiser(key_for(synthetic, self.pseudonym_key_env))


class ReferenceResource(dg.ConfigurableResource):
    """The region's reference files (`seeds`) and the folder where dbt reads their checked,
    canonical copies (`folder`)."""

    seeds: str
    folder: str

    def prepare(self, strict: bool = True) -> PreparedReference:
        """Check the reference files and write their canonical copies; strict: a broken file
        raises ReferenceRefused, naming file, row and column, before anything is written."""
        return prepare_reference(Path(self.seeds), Path(self.folder), strict=strict)


class OutputResource(dg.ConfigurableResource):
    """Where reports and the quality Data Docs are written."""

    path: str

    @property
    def folder(self) -> Path:
        return Path(self.path)

    def month_folder(self, month: str) -> Path:
        folder = self.folder / month
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    @property
    def data_docs_folder(self) -> Path:
        return self.folder / "data_docs"


class WarehouseDbtResource(DbtCliResource):
    """dagster-dbt's dbt resource, told dbt's version rather than asking `dbt --version` in
    every run: that command asks PyPI for the latest releases of dbt and its adapter (dbt-core
    issue 6085), 3.5 s of each month's dbt step here, and up to a second per package on a
    server without internet. The dbt this environment installed is the version of its
    dbt-core package; any other dbt is asked as before. `_cli_version` is dagster-dbt's own
    (private) property, with dagster-dbt pinned in pyproject.toml;
    tests/test_orchestration.py fails if a dbt step would ask again."""

    @cached_property
    def _cli_version(self) -> version.Version:
        if Path(self.dbt_executable).parent == Path(sys.executable).parent:
            return version.parse(importlib.metadata.version("dbt-core"))
        return super()._cli_version

    def _initialize_dbt_core_adapter(self, args: Sequence[str]) -> Any:
        """No dbt adapter in Dagster's process. dagster-dbt makes one before every dbt command
        (it loads the project's profile and macros) for its `fetch_row_counts` and
        `fetch_column_metadata`, which this project does not use: 1.3 s of each month's dbt step
        at 2.4 M listed, 2.3 s the first time in a process. Without an adapter those two add
        nothing (dagster-dbt's own handling of a missing one). A private method of
        dagster-dbt, as `_cli_version`; tests/test_orchestration.py fails if a dbt step makes
        an adapter again."""
        return None
