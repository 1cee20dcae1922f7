{#- "Has diagnosis X at the reference date" (indicators.md): a well-formed DIA code in group X on
    any contact of the person, any care level, in the diagnosis_lookback_months (60) months that
    end at the reference date. One row per listed person, period and diagnosis group. -#}
with listed as (
    select period, period_start, reference_date, centre_id, person_id
    from {{ ref('int_listed_population') }}
),

diagnoses as (
    select person_id, contact_date, diagnosis_group from {{ ref('int_person_diagnoses') }}
)

select distinct
    listed.period,
    listed.centre_id,
    listed.person_id,
    diagnoses.diagnosis_group
from listed
inner join diagnoses
    on diagnoses.person_id = listed.person_id
    and {{ in_months_window('diagnoses.contact_date', var('diagnosis_lookback_months'),
                            'listed.period_start', 'listed.reference_date') }}
