"""The warehouse's assets: ingest, dbt models, quality, outputs."""

import warnings

import dagster as dg

# BackfillPolicy on single assets is marked beta; a backfill of a range of months in runs of up
# to MONTHS_PER_RUN months (one dbt build for each) is deliberate.
warnings.filterwarnings("ignore", category=dg.BetaWarning)
