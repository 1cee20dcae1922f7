"""The baspaket warehouse: exports → raw → staging → intermediate → marts → outputs.

Layers, lowest first; a module imports only from layers below its own (tests/test_architecture.py
reads the imports and holds this):

    contract       the export files as the region delivers them: columns, personnummer, months
    warehouse      the DuckDB file: connections, schemas, the writer's lock
    settings       the BASPAKET_* settings, read once into values
    ingest         exports and seeds into raw.* and audit.*, in SQL
    quality, reports, synthetic, transform
                   Great Expectations on count frames; the outputs from the marts; the
                   synthetic region; dbt outside Dagster (its docs). Siblings: none imports another.
    orchestration  Dagster: assets, partitions, resources, schedule, sensor, the runner
    cli            the `baspaket` command line
"""
