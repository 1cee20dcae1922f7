{#- The `where` config of a data test, with one placeholder filled in when the test runs:
    `__run_months__` becomes the months this run builds (macros/run_months.sql). Tests of what
    a run writes (the staging rows of its deliveries, the marts' rows of its periods) then read
    those months only, not the whole history, so a month's tests cost the same in its 36th month
    as in its first. dbt's documented way to give a test's filter values known only at run
    time; without the placeholder this is dbt's own macro. -#}
{% macro get_where_subquery(relation) -%}
    {%- set where = config.get('where') -%}
    {%- if where -%}
        {%- if '__run_months__' in where -%}
            {%- set where = where | replace('__run_months__', run_months()) -%}
        {%- endif -%}
        {%- set filtered -%}
            (select * from {{ relation }} where {{ where }}) dbt_subquery
        {%- endset -%}
        {%- do return(filtered) -%}
    {%- else -%}
        {%- do return(relation) -%}
    {%- endif -%}
{%- endmacro %}
