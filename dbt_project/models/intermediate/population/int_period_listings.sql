{#- Every row of each period's listing snapshot, as of its reference date: the one place where
    a listing row meets its period, gets its age and is matched to the region's centres. The
    listed population (int_listed_population) and the person-level findings
    (listing_person_flags) both read it. `age` is NULL for a person born after the reference
    date (a register oddity): such a person has no age. -#}
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
    listings.source_row,
    listings.person_id,
    listings.is_valid_person_id,
    listings.pnr_problem,
    listings.centre_id,
    centres.hsa_id is not null as is_region_centre,
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
left join centres on listings.centre_id = centres.hsa_id
