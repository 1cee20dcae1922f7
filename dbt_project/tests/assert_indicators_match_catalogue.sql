{#- The indicators computed (macros/indicator_definitions.sql) and those of the catalogue
    (seeds/indicator_catalogue.csv) are the same set. marts.indicator_values keeps only the
    indicators in both, so without this test an indicator missing from either would vanish from
    every output without a word. -#}
{{ config(meta={'dagster': {'ref': {'name': 'indicator_values'}}}) }}

with computed as (
    select unnest([
        {%- for i in indicator_definitions() %}'{{ i.indicator }}'{% if not loop.last %}, {% endif %}{% endfor -%}
    ]) as indicator
),

catalogue as (
    select indicator from {{ ref('indicator_catalogue') }}
)

select indicator, 'in the catalogue, computed by no model' as problem
from catalogue
where indicator not in (select indicator from computed)
union all
select indicator, 'computed, missing from the catalogue' as problem
from computed
where indicator not in (select indicator from catalogue)
