"""The transform layer runs in dbt (dbt_project/); Dagster runs its builds
(baspaket.orchestration.assets.transform). What is here runs dbt outside a load: its docs site."""
