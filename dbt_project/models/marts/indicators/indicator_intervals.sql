{#- The 95 % interval of every indicator value, keyed as marts.indicator_values (which keeps its
    columns as they are): the method is the catalogue's interval_method.
      wilson   shares of persons, contacts or calls: the Wilson score interval of numerator of
               denominator (it stays within 0-1 and behaves on small denominators)
      poisson  counts and rates per 1 000: Byar's approximation to the exact Poisson interval of
               the count, divided by the denominator for a rate
      none     a census count (listed), an index (CNI), a mean (COC), a share of FTE: no interval
    NULL limits where the value is NULL. Whether a value may be shown at all is decided by the
    reports' disclosure rules, which hide the interval with the value. -#}
{%- set z = 1.959964 %}

with indicator_values as (
    select * from {{ ref('indicator_values') }}
    where {{ in_run_periods() }}
),

catalogue as (
    select indicator, kind, interval_method from {{ ref('indicator_catalogue') }}
),

limits as (
    select
        indicator_values.centre_id,
        indicator_values.period,
        indicator_values.indicator,
        catalogue.interval_method,
        case when indicator_values.value is not null then
            {{ interval_limit('lower', 'catalogue.interval_method', 'indicator_values.numerator',
                              'indicator_values.denominator', z) }}
        end as lower_limit,
        case when indicator_values.value is not null then
            {{ interval_limit('upper', 'catalogue.interval_method', 'indicator_values.numerator',
                              'indicator_values.denominator', z) }}
        end as upper_limit,
        catalogue.kind,
        indicator_values.denominator
    from indicator_values
    inner join catalogue using (indicator)
)

select
    centre_id,
    period,
    indicator,
    interval_method,
    {#- A Poisson interval is of the count; a rate per 1 000 scales it as the value is scaled. -#}
    round(case when kind = 'per_1000' then 1000.0 * lower_limit / nullif(denominator, 0) else lower_limit end, 6)
        as lower_95,
    round(case when kind = 'per_1000' then 1000.0 * upper_limit / nullif(denominator, 0) else upper_limit end, 6)
        as upper_95
from limits
