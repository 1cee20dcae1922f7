{#- indicator_values as the reports show them: with the catalogue's Swedish label and kind,
    the target level and national value in force (the latest year up to the period's year,
    seeds/indicator_targets.csv), whether the value misses the target, its 95 % interval
    (marts.indicator_intervals), and two comparisons that tell signal from noise:
      region_comparison  higher / similar / lower: the region's value below, inside or above the
                         centre's interval (NULL for REGION and where there is no interval)
      target_comparison  meets / uncertain / misses: the whole interval on the right side of the
                         target, the target inside it, or the whole interval on the wrong side;
                         without an interval, the value itself meets or misses.
    A small centre is then marked as missing a target only when chance cannot explain it. -#}
with indicator_values as (
    select * from {{ ref('indicator_values') }}
    where {{ in_run_periods() }}
),

catalogue as (
    select * from {{ ref('indicator_catalogue') }}
),

targets as (
    select * from {{ ref('indicator_targets') }}
),

intervals as (
    select * from {{ ref('indicator_intervals') }}
    where {{ in_run_periods() }}
),

region_values as (
    select period, indicator, value as region_value
    from indicator_values
    where centre_id = 'REGION'
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
    end as misses_target,
    intervals.interval_method,
    intervals.lower_95,
    intervals.upper_95,
    case
        when indicator_values.centre_id = 'REGION' or intervals.lower_95 is null then null
        when region_values.region_value < intervals.lower_95 then 'higher'
        when region_values.region_value > intervals.upper_95 then 'lower'
        else 'similar'
    end as region_comparison,
    case
        when indicator_values.value is null or target_in_force.target_value is null then null
        when target_in_force.target_rule = 'min' then
            case when coalesce(intervals.lower_95, indicator_values.value) >= target_in_force.target_value then 'meets'
                 when coalesce(intervals.upper_95, indicator_values.value) < target_in_force.target_value then 'misses'
                 else 'uncertain' end
        when target_in_force.target_rule = 'max' then
            case when coalesce(intervals.upper_95, indicator_values.value) < target_in_force.target_value then 'meets'
                 when coalesce(intervals.lower_95, indicator_values.value) >= target_in_force.target_value then 'misses'
                 else 'uncertain' end
    end as target_comparison
from indicator_values
inner join catalogue using (indicator)
left join intervals
    on intervals.centre_id = indicator_values.centre_id
    and intervals.period = indicator_values.period
    and intervals.indicator = indicator_values.indicator
left join region_values
    on region_values.period = indicator_values.period and region_values.indicator = indicator_values.indicator
left join target_in_force
    on target_in_force.period = indicator_values.period and target_in_force.indicator = indicator_values.indicator
