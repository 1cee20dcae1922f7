{#- Per listed person and period, over the 12 months: ED visits (AKM contacts, anywhere),
    primary-care contacts at the centre where the person is listed, primary-care (PV) contacts
    at any other unit, and the coverage contacts (täckningsgrad: the coverage professions'
    contacts of the coverage types, var coverage_professions and coverage_contact_types, at any
    care level), of which those in primary care (PV, any unit). Members of ed_visits_per_1000,
    frequent_attenders_share and coverage; marts.activity_summary adds up the contacts
    elsewhere. One join of the listed persons to their contacts, counted five ways: a join for
    each model that counted them took 3.3 s here, 1.8 s in activity_summary and 2.4 s in a
    coverage model at 2.4 M listed, and counting coverage's distinct contacts 1.5 s more. -#}
with listed as (
    select period, period_start, reference_date, centre_id, person_id
    from {{ ref('int_listed_population') }}
),

{#- The run's 12-month window, not the 60 months int_contacts_classified reaches: the join
    below takes each period's window from the listed rows, which DuckDB cannot push into the
    scan, and at 24 months of history this model read twice what it needed (7.6 s against 3.6 s
    at 2.4 M listed). in_run_window's bounds are constants in a Dagster run, so the scan skips
    the older row groups (docs/performance.md). Listed persons have valid personnummer, so only
    such contacts can join them. -#}
contacts as (
    select * from (
        select
            person_id,
            unit_id,
            care_level,
            contact_date,
            is_centre_primary_care,
            profession in {{ sql_list(var('coverage_professions')) }}
            and contact_type in {{ sql_list(var('coverage_contact_types')) }} as is_coverage
        from {{ ref('int_contacts_classified') }}
        where is_valid_person_id and {{ in_run_window('contact_date', 12) }}
    ) as classified
    where care_level in ('AKM', 'PV') or is_coverage
),

counted as (
    select
        listed.period,
        listed.person_id,
        count(*) filter (where contacts.care_level = 'AKM') as ed_visits_12m,
        count(*) filter (where contacts.is_centre_primary_care and contacts.unit_id = listed.centre_id)
            as centre_contacts_12m,
        count(*) filter (where contacts.care_level = 'PV' and contacts.unit_id <> listed.centre_id)
            as primary_care_elsewhere_12m,
        count(*) filter (where contacts.is_coverage) as coverage_contacts_12m,
        count(*) filter (where contacts.is_coverage and contacts.care_level = 'PV') as coverage_primary_care_12m
    from listed
    inner join contacts
        on contacts.person_id = listed.person_id
        and {{ in_months_window('contacts.contact_date', 12, 'listed.period_start', 'listed.reference_date') }}
    group by listed.period, listed.person_id
)

select
    listed.period,
    listed.centre_id,
    listed.person_id,
    coalesce(counted.ed_visits_12m, 0) as ed_visits_12m,
    coalesce(counted.centre_contacts_12m, 0) as centre_contacts_12m,
    coalesce(counted.primary_care_elsewhere_12m, 0) as primary_care_elsewhere_12m,
    coalesce(counted.coverage_contacts_12m, 0) as coverage_contacts_12m,
    coalesce(counted.coverage_primary_care_12m, 0) as coverage_primary_care_12m,
    coalesce(counted.centre_contacts_12m, 0) >= {{ var('frequent_attender_min_contacts') }}
        as is_frequent_attender
from listed
left join counted on listed.period = counted.period and listed.person_id = counted.person_id
