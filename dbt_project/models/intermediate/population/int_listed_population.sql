{#- The listed population of each centre at each reference date: persons in that month's
    listing snapshot with a valid personnummer or samordningsnummer, at the region's centres.
    `age` is NULL for a person born after the reference date (a register oddity, counted in
    data_quality_findings): such a person is listed, but left out of every age-based figure. -#}
select
    period,
    period_start,
    reference_date,
    person_id,
    centre_id,
    sex,
    birth_date,
    age,
    is_active_choice,
    listed_since,
    deso,
    municipality_code
from {{ ref('int_period_listings') }}
where is_valid_person_id and is_region_centre
