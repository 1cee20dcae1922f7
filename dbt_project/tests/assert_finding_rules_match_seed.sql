{#- Every flag of listing_person_flags is a rule of seeds/finding_rules.csv, so no flag is
    computed and then never counted (the other direction, a rule without its flag column,
    fails data_quality_findings itself). -#}
{{ config(meta={'dagster': {'ref': {'name': 'data_quality_findings'}}}) }}

{%- set flags = ref('listing_person_flags') %}

select column_name as flag_without_rule
from information_schema.columns
where table_schema = '{{ flags.schema }}'
  and table_name = '{{ flags.identifier }}'
  and data_type = 'BOOLEAN'
  and column_name not in (select rule from {{ ref('finding_rules') }})
