{#- Age-and-sex standardised rates per centre (and REGION) and period, by indirect
    standardisation against the region, so that a centre with an old population is compared
    fairly (docs/signal-and-noise.md). The measures are seeds/standardised_measures.csv: events
    per listed person in the 12 months (int_listed_person_activity), per 1 or per 1 000 listed.

    For each stratum (sex x 5-year age band; persons without an age or a sex are a stratum of
    their own, so that nobody is left out), the region's rate is its events over its listed
    persons. A centre's expected events are the sum over its strata of listed x the region's
    rate; its ratio is observed / expected, with Byar's 95 % interval of the observed count
    divided by the expected; its standardised rate is the ratio x the region's crude rate. The
    region's ratio is 1 by construction. region_comparison is higher / similar / lower: 1 below,
    inside or above the ratio's interval. -#}
{%- set z = 1.959964 -%}

with persons as (
    select
        activity.period,
        activity.centre_id,
        coalesce(listed.sex, 'okänd') as sex,
        coalesce({{ five_year_age_band_start('listed.age') }}, -1) as age_band_start,
        activity.centre_contacts_12m,
        activity.ed_visits_12m
    from {{ ref('int_listed_person_activity') }} as activity
    inner join {{ ref('int_listed_population') }} as listed
        on listed.period = activity.period
        and listed.person_id = activity.person_id
        and listed.centre_id = activity.centre_id
),

events as (
    unpivot persons
    on centre_contacts_12m, ed_visits_12m
    into name events value event_count
),

strata as (
    select measures.measure, events.period, events.centre_id, events.sex, events.age_band_start,
           count(*) as listed, sum(events.event_count) as observed
    from events
    inner join {{ ref('standardised_measures') }} as measures on measures.events = events.events
    group by all
),

region_rates as (
    select measure, period, sex, age_band_start, sum(observed) / sum(listed) as region_rate
    from strata
    group by all
),

totals as (
    select
        coalesce(strata.centre_id, 'REGION') as centre_id,
        strata.period,
        strata.measure,
        sum(strata.listed) as listed,
        sum(strata.observed) as observed,
        sum(strata.listed * region_rates.region_rate) as expected
    from strata
    inner join region_rates using (measure, period, sex, age_band_start)
    group by grouping sets ((strata.period, strata.measure, strata.centre_id), (strata.period, strata.measure))
),

rated as (
    select
        totals.*,
        measures.per,
        measures.label_sv,
        measures.better,
        totals.observed / totals.expected as ratio,
        {{ poisson_lower('totals.observed', z) }} / totals.expected as ratio_lower_95,
        {{ poisson_upper('totals.observed', z) }} / totals.expected as ratio_upper_95,
        max(totals.observed / totals.listed) filter (where totals.centre_id = 'REGION')
            over (partition by totals.period, totals.measure) as region_rate
    from totals
    inner join {{ ref('standardised_measures') }} as measures using (measure)
    where totals.expected > 0
)

{#- Six decimals, as marts.indicator_intervals: the last digits of a sum of doubles are noise. #}
select
    centre_id,
    period,
    measure,
    label_sv,
    better,
    per,
    listed,
    observed,
    round(expected, 6) as expected,
    round(per * observed / listed, 6) as crude_rate,
    round(ratio, 6) as ratio,
    round(ratio_lower_95, 6) as ratio_lower_95,
    round(ratio_upper_95, 6) as ratio_upper_95,
    round(per * ratio * region_rate, 6) as standardised_rate,
    round(per * ratio_lower_95 * region_rate, 6) as standardised_lower_95,
    round(per * ratio_upper_95 * region_rate, 6) as standardised_upper_95,
    case
        when centre_id = 'REGION' then null
        when ratio_lower_95 > 1 then 'higher'
        when ratio_upper_95 < 1 then 'lower'
        else 'similar'
    end as region_comparison
from rated
