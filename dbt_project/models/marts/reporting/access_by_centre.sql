{#- The board's access figures: 0:an and 3:an per centre (and REGION) and period, with the
    previous month's value and the change in percentage points (as a share difference), and the
    registration caveat beside them: the share of care-guarantee contacts without a seek date. -#}
with access as (
    select * from {{ ref('indicator_values') }}
    where indicator in ('phone_same_day', 'assessment_within_3_days')
),

caveat as (
    select centre_id, period, numerator, denominator, value
    from {{ ref('indicator_values') }}
    where indicator = 'reg_guarantee_without_seek_date'
),

periods as (
    select period, previous_period from {{ ref('int_periods') }}
)

select
    access.centre_id,
    access.period,
    access.indicator,
    access.numerator,
    access.denominator,
    access.value,
    previous.value as previous_value,
    previous.denominator as previous_denominator,
    access.value - previous.value as change_from_previous,
    caveat.numerator as guarantee_without_seek_date,
    caveat.denominator as guarantee_contacts,
    caveat.value as guarantee_without_seek_date_share
from access
inner join periods on access.period = periods.period
left join {{ ref('indicator_values') }} as previous
    on previous.centre_id = access.centre_id
    and previous.indicator = access.indicator
    and previous.period = periods.previous_period
left join caveat on caveat.centre_id = access.centre_id and caveat.period = access.period
