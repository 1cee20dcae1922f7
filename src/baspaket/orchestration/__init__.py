"""Dagster: one Definitions with the assets, monthly partitions, resources, schedule and sensor; the runner the command line uses."""
