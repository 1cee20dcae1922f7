"""Ingest: a months export files and the regions seeds into raw.* and audit.*, set work in DuckDB."""
