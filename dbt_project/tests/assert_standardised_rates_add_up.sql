-- Indirect standardisation against the region (marts.standardised_rates): the centres' observed
-- and expected events each add up to the region's, so the region's ratio is 1; and the crude ED
-- rate is the indicator ed_visits_per_1000 itself, computed the same way from the same persons.
with rates as (
    select * from {{ ref('standardised_rates') }}
    where period in (select period from {{ ref('int_periods') }})
),

sums as (
    select period, measure,
           sum(observed) filter (where centre_id <> 'REGION') as centres_observed,
           sum(expected) filter (where centre_id <> 'REGION') as centres_expected,
           max(observed) filter (where centre_id = 'REGION') as region_observed,
           max(ratio) filter (where centre_id = 'REGION') as region_ratio
    from rates
    group by period, measure
)

select period, measure, 'the centres do not add up to the region' as problem
from sums
where centres_observed <> region_observed
    or abs(centres_expected - region_observed) > 1e-6 * greatest(region_observed, 1)
    or abs(region_ratio - 1) > 1e-6

union all

select rates.period, rates.measure, 'the crude ED rate differs from indicator ed_visits_per_1000'
from rates
inner join {{ ref('indicator_values') }} as indicator
    on indicator.centre_id = rates.centre_id
    and indicator.period = rates.period
    and indicator.indicator = 'ed_visits_per_1000'
where rates.measure = 'ed_visits_per_1000'
    and abs(rates.crude_rate - indicator.value) > 1e-6
