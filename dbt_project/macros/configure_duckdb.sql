{#- DuckDB resources from the settings (PUDL's pattern): the machine's limits, not the
    engine's defaults, decide how much a monthly build may take. The Python side passes them as
    vars (Settings.dbt_vars), the same as its own; a plain `dbt` run reads the environment. -#}
{% macro configure_duckdb() %}
    {% if target.type == 'duckdb' %}
        {% set memory = var('duckdb_memory_limit', env_var('BASPAKET_DUCKDB_MEMORY_LIMIT', '')) %}
        {% set threads = var('duckdb_threads', env_var('BASPAKET_DUCKDB_THREADS', '')) %}
        {% set temp_dir = var('duckdb_temp_directory', env_var('BASPAKET_DUCKDB_TEMP_DIR', '')) %}
        {% if memory %}set memory_limit = '{{ memory }}';{% endif %}
        {% if threads %}set threads = {{ threads }};{% endif %}
        {% if temp_dir %}set temp_directory = '{{ temp_dir }}';{% endif %}
    {% endif %}
    select 1
{% endmacro %}
