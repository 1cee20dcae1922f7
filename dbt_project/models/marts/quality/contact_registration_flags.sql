{#- One row per primary-care contact of the region's centres in the period's month, with one
    flag per registration rule (indicators.md, Registration quality). Great Expectations
    validates these per month; the reg_* indicators and each centre's worklist read them. -#}
with contacts as (
    select * from {{ ref('int_centre_month_contacts') }}
),

codes as (
    {#- the codes of the month's contacts only, not of every contact ever delivered -#}
    select * from {{ ref('stg_export__codes') }}
    where contact_id in (select contact_id from contacts)
),

kva_codes as (
    select code from {{ ref('kva_codes') }}
),

codes_per_contact as (
    select
        codes.contact_id,
        count(*) as code_rows,
        count(*) filter (where not codes.is_well_formed) as invalid_code_rows,
        count(*) filter (where codes.code_type = 'DIA' and codes.is_well_formed) as diagnosis_codes,
        count(*) filter (where codes.code_type = 'KVA' and codes.is_well_formed) as kva_codes,
        count(*) filter (
            where codes.code_type = 'KVA' and codes.is_well_formed and kva_codes.code is null
        ) as unknown_kva_codes
    from codes
    left join kva_codes on codes.code = kva_codes.code
    group by codes.contact_id
)

select
    contacts.period,
    contacts.centre_id,
    contacts.contact_id,
    contacts.contact_date,
    contacts.profession,
    contacts.profession_group,
    contacts.contact_type,
    contacts.profession_group = 'doctor' as is_doctor_contact,
    contacts.is_licensed,
    contacts.is_care_guarantee,
    coalesce(codes_per_contact.diagnosis_codes, 0) > 0 as has_diagnosis,
    contacts.is_care_guarantee and contacts.sought_care_on is null as is_missing_seek_date,
    contacts.is_care_guarantee and contacts.sought_care_on > contacts.contact_date as is_seek_date_after_contact,
    contacts.staff_id is null as is_missing_staff_id,
    not contacts.is_valid_person_id as has_invalid_personnummer,
    coalesce(codes_per_contact.code_rows, 0) as code_rows,
    coalesce(codes_per_contact.invalid_code_rows, 0) as invalid_code_rows,
    coalesce(codes_per_contact.kva_codes, 0) as kva_codes,
    coalesce(codes_per_contact.unknown_kva_codes, 0) as unknown_kva_codes
from contacts
left join codes_per_contact on contacts.contact_id = codes_per_contact.contact_id
