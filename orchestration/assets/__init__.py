"""The warehouse's assets: ingest, dbt models, quality, outputs."""

import warnings

import dagster as dg

# BackfillPolicy on single assets is marked beta; the single-run backfill of a range of months
# (one dbt build for all of them) is deliberate.
warnings.filterwarnings("ignore", category=dg.BetaWarning)
