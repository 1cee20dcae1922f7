{#- Listed persons per centre (and REGION), period and municipality of residence, with the
    municipality's name where seeds/municipalities.csv has it. -#}
with counted as (
    select
        coalesce(centre_id, 'REGION') as centre_id,
        period,
        coalesce(municipality_code, 'okänd') as municipality_code,
        count(distinct person_id) as persons
    from {{ ref('int_listed_population') }}
    group by grouping sets ((period, centre_id, municipality_code), (period, municipality_code))
),

municipalities as (
    select * from {{ ref('municipalities') }}
)

select
    counted.centre_id,
    counted.period,
    counted.municipality_code,
    municipalities.name as municipality_name,
    counted.persons
from counted
left join municipalities on municipalities.municipality_code = counted.municipality_code
