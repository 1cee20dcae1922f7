{#- Per listed person and period: ED visits (AKM contacts, anywhere) in the 12 months, and
    primary-care contacts at the centre where the person is listed, in the 12 months.
    Members of ed_visits_per_1000 and frequent_attenders_share. -#}
with listed as (
    select period, period_start, reference_date, centre_id, person_id
    from {{ ref('int_listed_population') }}
),

{#- The run's 12-month window, not the 60 months int_contacts_classified reaches: the joins
    below take each period's window from the listed rows, which DuckDB cannot push into the
    scan, and at 24 months of history this model read twice what it needed (7.6 s against 3.6 s
    at 2.4 M listed). in_run_window's bounds are constants in a Dagster run, so the scan skips
    the older row groups (docs/performance.md). -#}
contacts as (
    select person_id, unit_id, care_level, contact_date, is_centre_primary_care
    from {{ ref('int_contacts_classified') }}
    where is_valid_person_id and {{ in_run_window('contact_date', 12) }}
),

ed_visits as (
    select listed.period, listed.person_id, count(*) as ed_visits_12m
    from listed
    inner join contacts
        on contacts.person_id = listed.person_id
        and contacts.care_level = 'AKM'
        and {{ in_months_window('contacts.contact_date', 12, 'listed.period_start', 'listed.reference_date') }}
    group by listed.period, listed.person_id
),

own_centre_contacts as (
    select listed.period, listed.person_id, count(*) as centre_contacts_12m
    from listed
    inner join contacts
        on contacts.person_id = listed.person_id
        and contacts.is_centre_primary_care
        and contacts.unit_id = listed.centre_id
        and {{ in_months_window('contacts.contact_date', 12, 'listed.period_start', 'listed.reference_date') }}
    group by listed.period, listed.person_id
)

select
    listed.period,
    listed.centre_id,
    listed.person_id,
    coalesce(ed_visits.ed_visits_12m, 0) as ed_visits_12m,
    coalesce(own_centre_contacts.centre_contacts_12m, 0) as centre_contacts_12m,
    coalesce(own_centre_contacts.centre_contacts_12m, 0) >= {{ var('frequent_attender_min_contacts') }}
        as is_frequent_attender
from listed
left join ed_visits on listed.period = ed_visits.period and listed.person_id = ed_visits.person_id
left join own_centre_contacts
    on listed.period = own_centre_contacts.period and listed.person_id = own_centre_contacts.person_id
