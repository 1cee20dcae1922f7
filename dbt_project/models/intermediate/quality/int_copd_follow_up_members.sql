{#- KOL02A. Denominator population: listed persons with COPD (J44, 60 months) on maintenance
    treatment: prescriptions in the 12 months covering at least two of the classes LABA, LAMA,
    ICS (a combination product counts for each of its classes). Numerator: a Besök, Hembesök
    or Video contact at the centre where they are listed, any profession, with a J44 diagnosis
    on it, in the 18 months. -#}
with copd as (
    select period, centre_id, person_id from {{ ref('int_listed_person_diagnoses') }}
    where diagnosis_group = 'copd'
),

periods as (
    select * from {{ ref('int_periods') }}
),

maintenance_classes as (
    select copd.period, copd.person_id, count(distinct prescriptions.atc_group) as classes
    from copd
    inner join periods using (period)
    inner join {{ ref('int_prescriptions_grouped') }} as prescriptions
        on prescriptions.person_id = copd.person_id
        and prescriptions.atc_group in ('copd_laba', 'copd_lama', 'copd_ics')
        and {{ in_months_window('prescriptions.prescribed_on', 12) }}
    group by copd.period, copd.person_id
),

denominator as (
    select copd.*
    from copd
    inner join maintenance_classes using (period, person_id)
    where maintenance_classes.classes >= 2
),

copd_visits as (
    select distinct contacts.contact_id, contacts.person_id, contacts.unit_id, contacts.contact_date
    from {{ ref('int_contacts_classified') }} as contacts
    inner join {{ ref('int_person_diagnoses') }} as diagnoses
        on diagnoses.contact_id = contacts.contact_id and diagnoses.diagnosis_group = 'copd'
    where contacts.is_centre_primary_care
      and contacts.contact_type in ('Besök', 'Hembesök', 'Video')
      and {{ in_run_window('contacts.contact_date', 18) }}
),

numerator as (
    select distinct denominator.period, denominator.person_id
    from denominator
    inner join periods using (period)
    inner join copd_visits
        on copd_visits.person_id = denominator.person_id
        and copd_visits.unit_id = denominator.centre_id
        and {{ in_months_window('copd_visits.contact_date', 18) }}
)

select
    denominator.period,
    denominator.centre_id,
    denominator.person_id,
    numerator.person_id is not null as is_followed_up
from denominator
left join numerator using (period, person_id)
