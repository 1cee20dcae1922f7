{#- The registration worklist each centre gets back: one row per contact and error, with what
    the centre needs to find and correct it in the record system (KontaktID, date, profession,
    what is wrong, in Swedish). No person id.

    The errors are the registration rules as registration_checks states them (the rows each
    applies to and breaks), plus the one registration error with no reg_* indicator of its own:
    a seek date after the contact, a flag of contact_registration_flags. A doctor's contact
    without a diagnosis is listed under the doctor rule alone, not again under the broader one.
    The Swedish texts are seeds/registration_errors.csv; the code rules add the codes. -#}
with flags as (
    select * from {{ ref('contact_registration_flags') }}
    where {{ in_run_periods() }}
),

broken as (
    select period, centre_id, contact_id, check_name as error_code, code
    from {{ ref('registration_checks') }}
    where {{ in_run_periods() }} and applies and is_flagged
    union all
    select period, centre_id, contact_id, 'seek_date_after_contact', null
    from flags
    where is_seek_date_after_contact
),

per_contact as (
    select
        period,
        centre_id,
        contact_id,
        error_code,
        string_agg(distinct code, ', ' order by code) as codes
    from broken
    group by period, centre_id, contact_id, error_code
),

listed_once as (
    select * from per_contact
    where not (
        error_code = 'reg_contacts_without_diagnosis'
        and exists (
            select 1 from per_contact as doctor
            where doctor.period = per_contact.period
              and doctor.contact_id = per_contact.contact_id
              and doctor.error_code = 'reg_doctor_contacts_without_diagnosis'
        )
    )
),

labels as (
    select error_code, label_sv from {{ ref('registration_errors') }}
)

select
    listed_once.centre_id,
    listed_once.period,
    listed_once.contact_id,
    flags.contact_date,
    flags.profession,
    flags.contact_type,
    listed_once.error_code,
    coalesce(labels.label_sv, listed_once.error_code) || coalesce(': ' || listed_once.codes, '') as error_sv
from listed_once
left join labels using (error_code)
inner join flags using (period, contact_id)
