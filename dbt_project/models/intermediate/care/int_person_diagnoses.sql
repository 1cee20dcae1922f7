{#- The diagnosis groups (seeds/icd10_groups.csv: prefix match on the normalised code) of the
    well-formed diagnosis codes on each contact of a valid person: one row per contact and
    group. Any care level, in the diagnosis_lookback_months (60) the run's months reach.
    The prefixes are matched against the distinct codes (a few thousand), and the codes then
    joined on equality: the prefix join on every code row took 2.5 s of this model's 12 s at
    2.4 M listed with 24 months of history, the whole model 3 s this way. It reads the
    staging contacts, not int_contacts_classified: it needs none of what that view adds. -#}
with codes as (
    select contact_id, code
    from {{ ref('stg_export__codes') }}
    where code_type = 'DIA' and is_well_formed
),

code_groups as (
    select distinct_codes.code, groups.diagnosis_group
    from (select distinct code from codes) as distinct_codes
    inner join {{ ref('icd10_groups') }} as groups on starts_with(distinct_codes.code, groups.code_prefix)
),

contact_groups as (
    select distinct codes.contact_id, code_groups.diagnosis_group
    from codes
    inner join code_groups using (code)
),

contacts as (
    select contact_id, person_id, contact_date, unit_id, care_level
    from {{ ref('stg_export__contacts') }}
    where is_valid_person_id
      and {{ in_run_window('contact_date', var('diagnosis_lookback_months')) }}
)

select
    contacts.person_id,
    contacts.contact_id,
    contacts.contact_date,
    contacts.unit_id,
    contacts.care_level,
    contact_groups.diagnosis_group
from contact_groups
inner join contacts using (contact_id)
