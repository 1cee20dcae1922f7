{#- The indicators of the catalogue (seeds/indicator_catalogue.csv), those marts.indicator_values
    reads (its list of indicator_<indicator> models) and the indicator folders
    (models/indicators/<indicator>/) are the same set. marts.indicator_values keeps only the
    indicators in its list and in the catalogue, so without this test an indicator missing from
    either, or a folder left out of the list, would vanish from every output without a word. -#}
{{ config(meta={'dagster': {'ref': {'name': 'indicator_values'}}}) }}

{%- set unioned = [] -%}
{%- set in_folders = [] -%}
{%- if execute -%}
    {%- for node_id in graph.nodes['model.baspaket.indicator_values'].depends_on.nodes
        if node_id.startswith('model.baspaket.indicator_') -%}
        {%- do unioned.append(node_id.split('.')[-1][('indicator_' | length):]) -%}
    {%- endfor -%}
    {%- for indicator, node in indicator_folders() -%}
        {%- do in_folders.append(indicator) -%}
    {%- endfor -%}
{%- endif %}

with unioned as (
    select unnest({{ unioned or [''] }}) as indicator
),

in_folders as (
    select unnest({{ in_folders or [''] }}) as indicator
),

catalogue as (
    select indicator from {{ ref('indicator_catalogue') }}
)

select indicator, 'in the catalogue, not in marts.indicator_values' as problem
from catalogue
where indicator not in (select indicator from unioned)
union all
select indicator, 'in marts.indicator_values, missing from the catalogue' as problem
from unioned
where indicator not in (select indicator from catalogue)
union all
select indicator, 'a folder of models/indicators/ that marts.indicator_values does not read' as problem
from in_folders
where indicator not in (select indicator from unioned)
