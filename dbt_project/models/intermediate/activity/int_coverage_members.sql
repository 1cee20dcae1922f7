{#- Täckningsgrad: the listed population's contacts with the coverage professions (doctors, the
    spec's choice: var coverage_professions) of the coverage types (Besök, Hembesök, Video) in the
    12 months, at any care level; `is_primary_care` when made in primary care (PV, any unit,
    the region's centres or not). Attributed to the centre where the person is listed. -#}
with listed as (
    select period, period_start, reference_date, centre_id, person_id
    from {{ ref('int_listed_population') }}
),

contacts as (
    select contact_id, person_id, care_level, contact_date
    from {{ ref('int_contacts_classified') }}
    where is_valid_person_id
      and profession in {{ sql_list(var('coverage_professions')) }}
      and contact_type in {{ sql_list(var('coverage_contact_types')) }}
      and {{ in_run_window('contact_date', 12) }}
)

select
    listed.period,
    listed.centre_id,
    listed.person_id,
    contacts.contact_id,
    contacts.care_level,
    contacts.care_level = 'PV' as is_primary_care
from listed
inner join contacts
    on contacts.person_id = listed.person_id
    and {{ in_months_window('contacts.contact_date', 12, 'listed.period_start', 'listed.reference_date') }}
