"""The monthly load: every asset, for one month or a range of up to MONTHS_PER_RUN months."""

import dagster as dg

monthly_load = dg.define_asset_job(
    "monthly_load",
    selection=dg.AssetSelection.all(),
    description="Ingest the month's exports, validate, build the marts, write the outputs.",
    tags={"dagster/timezone": "Europe/Stockholm"},
)
