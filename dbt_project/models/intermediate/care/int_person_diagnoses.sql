{#- Well-formed diagnosis codes of valid persons, with the diagnosis groups they fall in
    (prefix match on the normalised code, seeds/icd10_groups.csv). Any care level. -#}
with codes as (
    select * from {{ ref('stg_export__codes') }}
    where code_type = 'DIA' and is_well_formed
),

contacts as (
    select * from {{ ref('int_contacts_classified') }}
),

groups as (
    select * from {{ ref('icd10_groups') }}
)

select distinct
    contacts.person_id,
    contacts.contact_id,
    contacts.contact_date,
    contacts.unit_id,
    contacts.care_level,
    groups.diagnosis_group,
    codes.code
from codes
inner join contacts on codes.contact_id = contacts.contact_id
inner join groups on starts_with(codes.code, groups.code_prefix)
where contacts.is_valid_person_id
