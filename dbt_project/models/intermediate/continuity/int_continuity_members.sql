{#- Continuity of care (Ko05L doctors, Ko05S nurses): for each listed person, the physical
    contacts at the centre where they are listed, in the continuity_window_months (18), with the
    profession group and a non-empty PersonalID. Persons with N >= continuity_min_contacts (3)
    enter, with their Bice–Boxerman index COC = (Σ n_j² − N) / (N (N − 1)), n_j = contacts with
    staff member j. -#}
with listed as (
    select period, period_start, reference_date, centre_id, person_id
    from {{ ref('int_listed_population') }}
),

contacts as (
    select person_id, unit_id, staff_id, profession_group, contact_date
    from {{ ref('int_contacts_classified') }}
    where is_centre_primary_care
      and is_physical
      and is_valid_person_id
      and staff_id is not null
      and profession_group in ('doctor', 'nurse')
      and {{ in_run_window('contact_date', var('continuity_window_months')) }}
),

contacts_per_staff_member as (
    select
        listed.period,
        listed.centre_id,
        listed.person_id,
        contacts.profession_group,
        contacts.staff_id,
        count(*) as n_j
    from listed
    inner join contacts
        on contacts.person_id = listed.person_id
        and contacts.unit_id = listed.centre_id
        and {{ in_months_window('contacts.contact_date', var('continuity_window_months'),
                                'listed.period_start', 'listed.reference_date') }}
    group by all
),

per_person as (
    select
        period,
        centre_id,
        person_id,
        profession_group,
        sum(n_j) as n_contacts,
        sum(n_j * n_j) as sum_squares,
        count(*) as n_staff
    from contacts_per_staff_member
    group by all
)

select
    period,
    centre_id,
    person_id,
    profession_group,
    n_contacts,
    n_staff,
    (sum_squares - n_contacts)::double / (n_contacts * (n_contacts - 1)) as coc
from per_person
where n_contacts >= {{ var('continuity_min_contacts') }}
