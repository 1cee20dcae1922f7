{#- Dep04 (depression, F32–F33) and Ån04 (anxiety, F40–F41).
    Index events: the diagnosis registered at the centre (a primary-care contact performed by
    the centre) on a person listed there at the reference date, dated in the 12 calendar months
    that end 3 months before the reference month (2025-06: 2024-04 … 2025-03); one per person,
    condition and date.
    Exclusions: a diagnosis of the same condition of the person, anywhere, in the 365 days
    before the event (then it is not a new episode).
    Numerator: any contact at the same centre 1–90 days after the event (and not after the
    reference date: windows end there). -#}
with periods as (
    select
        period,
        reference_date,
        {{ window_start(months_before('period_start', 3), 12) }} as index_from,
        last_day({{ months_before('period_start', 3) }}) as index_to
    from {{ ref('int_periods') }}
),

listed as (
    select period, centre_id, person_id from {{ ref('int_listed_population') }}
),

diagnoses as (
    select person_id, contact_date, unit_id, care_level, diagnosis_group
    from {{ ref('int_person_diagnoses') }}
    where diagnosis_group in ('depression', 'anxiety')
),

centre_contacts as (
    select person_id, unit_id, contact_date
    from {{ ref('int_contacts_classified') }}
    where is_centre_primary_care
),

candidate_events as (
    select distinct
        listed.period,
        listed.centre_id,
        listed.person_id,
        diagnoses.diagnosis_group,
        diagnoses.contact_date as index_date,
        periods.reference_date
    from listed
    inner join periods using (period)
    inner join diagnoses
        on diagnoses.person_id = listed.person_id
        and diagnoses.unit_id = listed.centre_id
        and diagnoses.care_level = 'PV'
        and diagnoses.contact_date between periods.index_from and periods.index_to
),

exclusions as (
    select distinct candidate_events.period, candidate_events.person_id,
                    candidate_events.diagnosis_group, candidate_events.index_date
    from candidate_events
    inner join diagnoses
        on diagnoses.person_id = candidate_events.person_id
        and diagnoses.diagnosis_group = candidate_events.diagnosis_group
        and diagnoses.contact_date between candidate_events.index_date - {{ var('new_episode_clean_days') }}
                                       and candidate_events.index_date - 1
),

index_events as (
    select candidate_events.*
    from candidate_events
    anti join exclusions using (period, person_id, diagnosis_group, index_date)
),

followed_up as (
    select distinct index_events.period, index_events.person_id, index_events.diagnosis_group,
                    index_events.index_date
    from index_events
    inner join centre_contacts
        on centre_contacts.person_id = index_events.person_id
        and centre_contacts.unit_id = index_events.centre_id
        and centre_contacts.contact_date between index_events.index_date + 1
                                             and index_events.index_date + {{ var('follow_up_max_days') }}
        and centre_contacts.contact_date <= index_events.reference_date
)

select
    index_events.period,
    index_events.centre_id,
    index_events.person_id,
    index_events.diagnosis_group,
    index_events.index_date,
    index_events.person_id || '|' || index_events.diagnosis_group || '|' || index_events.index_date as event_id,
    followed_up.person_id is not null as is_followed_up
from index_events
left join followed_up using (period, person_id, diagnosis_group, index_date)
