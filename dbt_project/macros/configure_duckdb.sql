{#- DuckDB resources from the environment (PUDL's pattern): the machine's limits, not the
    engine's defaults, decide how much a monthly build may take. -#}
{% macro configure_duckdb() %}
    {% if target.type == 'duckdb' %}
        {% set memory = env_var('BASPAKET_DUCKDB_MEMORY_LIMIT', '') %}
        {% set threads = env_var('BASPAKET_DUCKDB_THREADS', '') %}
        {% set temp_dir = env_var('BASPAKET_DUCKDB_TEMP_DIR', '') %}
        {% if memory %}set memory_limit = '{{ memory }}';{% endif %}
        {% if threads %}set threads = {{ threads }};{% endif %}
        {% if temp_dir %}set temp_directory = '{{ temp_dir }}';{% endif %}
    {% endif %}
    select 1
{% endmacro %}
