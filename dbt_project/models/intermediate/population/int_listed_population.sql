{#- The listed population of each centre at each reference date: persons in that month's
    listing snapshot with a valid personnummer or samordningsnummer, at the region's centres.
    `age` is NULL for a person born after the reference date (a register oddity, counted in
    data_quality_findings): such a person is listed, but left out of every age-based figure. -#}
with periods as (
    select * from {{ ref('int_periods') }}
),

listings as (
    select * from {{ ref('stg_export__listings') }}
),

centres as (
    select hsa_id from {{ ref('centres') }}
)

select
    periods.period,
    periods.period_start,
    periods.reference_date,
    listings.person_id,
    listings.centre_id,
    listings.sex,
    listings.birth_date,
    case when listings.birth_date <= periods.reference_date
         then {{ age_at('listings.birth_date', 'periods.reference_date') }} end as age,
    listings.is_active_choice,
    listings.listed_since,
    listings.deso,
    listings.municipality_code
from listings
inner join periods on listings.delivery_month = periods.period
inner join centres on listings.centre_id = centres.hsa_id
where listings.is_valid_person_id
