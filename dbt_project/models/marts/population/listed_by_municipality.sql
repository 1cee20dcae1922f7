{#- Listed persons per centre (and REGION), period and municipality of residence. -#}
{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='period') }}

select
    coalesce(centre_id, 'REGION') as centre_id,
    period,
    coalesce(municipality_code, 'okänd') as municipality_code,
    count(distinct person_id) as persons
from {{ ref('int_listed_population') }}
group by grouping sets ((period, centre_id, municipality_code), (period, municipality_code))
