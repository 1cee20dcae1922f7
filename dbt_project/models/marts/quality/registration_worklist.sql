{#- The registration worklist each centre gets back: one row per contact and error, with what
    the centre needs to find and correct it in the record system (KontaktID, date, profession,
    what is wrong, in Swedish). No person id. -#}
{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='period') }}

with flags as (
    select * from {{ ref('contact_registration_flags') }}
    where period in (select period from {{ ref('int_periods') }})
),

code_errors as (
    select period, centre_id, contact_id,
           string_agg(distinct code_as_registered, ', ' order by code_as_registered) filter (where not is_well_formed) as invalid_codes,
           string_agg(distinct code, ', ' order by code) filter (where is_unknown_kva) as unknown_codes
    from {{ ref('code_registration_flags') }}
    where period in (select period from {{ ref('int_periods') }})
    group by period, centre_id, contact_id
),

errors as (
    select period, centre_id, contact_id, 'doctor_without_diagnosis' as error_code,
           'Läkarkontakt utan giltig diagnoskod' as error_sv
    from flags where is_doctor_contact and not has_diagnosis
    union all
    select period, centre_id, contact_id, 'licensed_without_diagnosis',
           'Kontakt (legitimerad personal) utan giltig diagnoskod'
    from flags where is_licensed and not is_doctor_contact and not has_diagnosis
    union all
    select period, centre_id, contact_id, 'guarantee_without_seek_date', 'Vårdgarantikontakt utan sökdatum'
    from flags where is_missing_seek_date
    union all
    select period, centre_id, contact_id, 'seek_date_after_contact', 'Sökdatum efter kontaktdatum'
    from flags where is_seek_date_after_contact
    union all
    select period, centre_id, contact_id, 'missing_staff_id', 'PersonalID saknas'
    from flags where is_missing_staff_id
    union all
    select period, centre_id, contact_id, 'invalid_personnummer', 'Ogiltigt personnummer'
    from flags where has_invalid_personnummer
    union all
    select period, centre_id, contact_id, 'invalid_code', 'Kod med felaktigt format: ' || invalid_codes
    from code_errors where invalid_codes is not null
    union all
    select period, centre_id, contact_id, 'unknown_kva_code', 'Okänd KVÅ-kod: ' || unknown_codes
    from code_errors where unknown_codes is not null
)

select
    errors.centre_id,
    errors.period,
    errors.contact_id,
    flags.contact_date,
    flags.profession,
    flags.contact_type,
    errors.error_code,
    errors.error_sv
from errors
inner join flags using (period, contact_id)
