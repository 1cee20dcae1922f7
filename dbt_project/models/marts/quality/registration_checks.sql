{#- Each registration rule of indicators.md stated once: per contact (or code row) and rule,
    whether the rule applies to it (`applies`) and whether the row breaks it (`is_flagged`),
    from the flags of contact_registration_flags and code_registration_flags. The reg_*
    indicators (marts.indicator_values) and the registration suite's counts, which Great
    Expectations validates (marts.registration_check_counts), both read this, so the baspaket and
    the Data Docs count the same rows, and each centre's worklist lists the flagged rows
    (`contact_id`, and `code` for the code rules). Each check is named as the reg_* indicator it
    is; its tolerance is in seeds/registration_rules.csv. A view: the flag tables are the stored
    rows. -#}
with contacts as (
    select * from {{ ref('contact_registration_flags') }}
),

codes as (
    select * from {{ ref('code_registration_flags') }}
)

select centre_id, period, contact_id, null::varchar as code,
       'contacts' as checked_on, 'reg_doctor_contacts_without_diagnosis' as check_name,
       is_doctor_contact as applies, not has_diagnosis as is_flagged
from contacts
union all
select centre_id, period, contact_id, null, 'contacts', 'reg_contacts_without_diagnosis', is_licensed, not has_diagnosis
from contacts
union all
select centre_id, period, contact_id, null, 'contacts', 'reg_guarantee_without_seek_date', is_care_guarantee, is_missing_seek_date
from contacts
union all
select centre_id, period, contact_id, null, 'contacts', 'reg_contacts_without_staff_id', true, is_missing_staff_id
from contacts
union all
select centre_id, period, contact_id, null, 'contacts', 'reg_invalid_personnummer', true, has_invalid_personnummer
from contacts
union all
select centre_id, period, contact_id, code_as_registered, 'codes', 'reg_invalid_codes', true, not is_well_formed
from codes
union all
select centre_id, period, contact_id, code, 'codes', 'reg_unknown_kva_codes', code_type = 'KVA' and is_well_formed, is_unknown_kva
from codes
