{#- The registration suite's counts: per centre (and REGION), period and check, the rows the
    check applies to and the rows that break it, from the flag models, with the check's tolerated
    share (seeds/registration_rules.csv) and whether the centre is above it beyond chance.
    Great Expectations validates these (one row per centre and check, a few hundred rows a
    month), never the contacts themselves. Each check is named as the reg_* indicator it
    mirrors; assert_registration_checks_match_seed fails when a check has no rule or a rule no
    check. -#}
{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='period') }}

with contacts as (
    select * from {{ ref('contact_registration_flags') }}
    where period in (select period from {{ ref('int_periods') }})
),

codes as (
    select * from {{ ref('code_registration_flags') }}
    where period in (select period from {{ ref('int_periods') }})
),

checked as (
    select centre_id, period, 'contacts' as checked_on, 'reg_doctor_contacts_without_diagnosis' as check_name,
           is_doctor_contact as applies, not has_diagnosis as is_flagged
    from contacts
    union all
    select centre_id, period, 'contacts', 'reg_contacts_without_diagnosis', is_licensed, not has_diagnosis
    from contacts
    union all
    select centre_id, period, 'contacts', 'reg_guarantee_without_seek_date', is_care_guarantee, is_missing_seek_date
    from contacts
    union all
    select centre_id, period, 'contacts', 'reg_contacts_without_staff_id', true, is_missing_staff_id
    from contacts
    union all
    select centre_id, period, 'contacts', 'reg_invalid_personnummer', true, has_invalid_personnummer
    from contacts
    union all
    select centre_id, period, 'codes', 'reg_invalid_codes', true, not is_well_formed
    from codes
    union all
    select centre_id, period, 'codes', 'reg_unknown_kva_codes', code_type = 'KVA' and is_well_formed, is_unknown_kva
    from codes
),

counted as (
    select
        case when grouping(centre_id) = 1 then 'REGION' else centre_id end as centre_id,
        period,
        checked_on,
        check_name,
        count(*) filter (where applies) as checked,
        count(*) filter (where applies and is_flagged) as flagged
    from checked
    group by grouping sets ((period, checked_on, check_name, centre_id), (period, checked_on, check_name))
),

rules as (
    select * from {{ ref('registration_rules') }}
)

select
    counted.centre_id,
    counted.period,
    counted.checked_on,
    counted.check_name,
    counted.checked,
    counted.flagged,
    counted.flagged / nullif(counted.checked, 0) as share,
    {{ tolerance_lower_limit('counted.flagged', 'counted.checked') }} as share_lower_limit,
    rules.tolerated_share,
    {{ tolerance_lower_limit('counted.flagged', 'counted.checked') }} > rules.tolerated_share as exceeds_tolerance
from counted
left join rules on rules.rule = counted.check_name
