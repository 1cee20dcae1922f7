{#- Targeted health talks. Cohort: listed persons who turn 40, 50, 60 or 70 (var
    health_talk_ages) in the reference date's calendar year. Offered: an invitation
    (halsosamtal.csv) from the centre where they are listed, in that year up to the reference
    date. Completed: a contact at the centre carrying a KVÅ code marked health_talk in
    seeds/kva_codes.csv, dated in that year up to the reference date. Both read the run's
    12-month window, which holds every reference date's calendar year so far. -#}
with cohort as (
    select period, period_start, reference_date, centre_id, person_id
    from {{ ref('int_listed_population') }}
    where year(reference_date) - year(birth_date) in ({{ var('health_talk_ages') | join(', ') }})
),

invitations as (
    select person_id, centre_id, invited_on
    from {{ ref('stg_export__health_talk_invitations') }}
    where is_valid_person_id and {{ in_run_window('invited_on', 12) }}
),

health_talk_codes as (
    select code from {{ ref('kva_codes') }} where health_talk
),

health_talk_contacts as (
    select distinct contacts.person_id, contacts.unit_id, contacts.contact_date
    from {{ ref('int_contacts_classified') }} as contacts
    inner join {{ ref('stg_export__codes') }} as codes
        on codes.contact_id = contacts.contact_id and codes.code_type = 'KVA' and codes.is_well_formed
    inner join health_talk_codes on codes.code = health_talk_codes.code
    where contacts.is_centre_primary_care and {{ in_run_window('contacts.contact_date', 12) }}
),

offered as (
    select distinct cohort.period, cohort.person_id
    from cohort
    inner join invitations
        on invitations.person_id = cohort.person_id
        and invitations.centre_id = cohort.centre_id
        and invitations.invited_on between date_trunc('year', cohort.reference_date) and cohort.reference_date
),

completed as (
    select distinct cohort.period, cohort.person_id
    from cohort
    inner join health_talk_contacts
        on health_talk_contacts.person_id = cohort.person_id
        and health_talk_contacts.unit_id = cohort.centre_id
        and health_talk_contacts.contact_date between date_trunc('year', cohort.reference_date)
                                                   and cohort.reference_date
)

select
    cohort.period,
    cohort.centre_id,
    cohort.person_id,
    offered.person_id is not null as is_offered,
    completed.person_id is not null as is_completed
from cohort
left join offered using (period, person_id)
left join completed using (period, person_id)
