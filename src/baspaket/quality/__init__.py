"""Great Expectations on small frames of counts computed in DuckDB: the structure and registration suites."""
