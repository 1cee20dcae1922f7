{#- indicator_values as the reports show them: with the catalogue's Swedish label and kind,
    the target level and national value in force (the latest year up to the period's year,
    seeds/indicator_targets.csv), and whether the value misses the target. -#}
{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='period') }}

with indicator_values as (
    select * from {{ ref('indicator_values') }}
    where period in (select period from {{ ref('int_periods') }})
),

catalogue as (
    select * from {{ ref('indicator_catalogue') }}
),

targets as (
    select * from {{ ref('indicator_targets') }}
),

target_in_force as (
    select indicator_values.period, targets.indicator, targets.year, targets.target_value,
           targets.target_rule, targets.target_source, targets.national_value, targets.national_source
    from (select distinct period from indicator_values) as indicator_values
    inner join targets on targets.year <= cast(left(indicator_values.period, 4) as integer)
    qualify row_number() over (partition by indicator_values.period, targets.indicator order by targets.year desc) = 1
)

select
    indicator_values.centre_id,
    indicator_values.period,
    indicator_values.indicator,
    catalogue.section,
    catalogue.kind,
    catalogue.unit,
    catalogue.label_sv,
    catalogue.person_count,
    indicator_values.numerator,
    indicator_values.denominator,
    indicator_values.value,
    target_in_force.target_value,
    target_in_force.target_rule,
    target_in_force.target_source,
    target_in_force.national_value,
    target_in_force.national_source,
    target_in_force.year as reference_year,
    case
        when indicator_values.value is null or target_in_force.target_value is null then null
        when target_in_force.target_rule = 'min' then indicator_values.value < target_in_force.target_value
        when target_in_force.target_rule = 'max' then indicator_values.value >= target_in_force.target_value
    end as misses_target
from indicator_values
inner join catalogue using (indicator)
left join target_in_force
    on target_in_force.period = indicator_values.period and target_in_force.indicator = indicator_values.indicator
