{#- Di03L1 and the missing-value figure. Denominator population: listed persons with diabetes
    (E10–E14, 60 months). Their blood pressure: the latest date in the 12 months with both a
    systolic and a diastolic value (each the mean of that date's measurements, any unit).
    Controlled: systolic <= 140 and diastolic <= 85 (vars). -#}
with diabetics as (
    select period, centre_id, person_id from {{ ref('int_listed_person_diagnoses') }}
    where diagnosis_group = 'diabetes'
),

periods as (
    select * from {{ ref('int_periods') }}
),

daily as (
    select * from {{ ref('int_measurements_daily') }} where variable in ('BT_SYS', 'BT_DIA')
),

complete_readings as (
    select
        person_id,
        measured_on,
        max(value) filter (where variable = 'BT_SYS') as systolic,
        max(value) filter (where variable = 'BT_DIA') as diastolic
    from daily
    group by person_id, measured_on
    having count(distinct variable) = 2
),

latest_reading as (
    select diabetics.period, diabetics.person_id, complete_readings.measured_on,
           complete_readings.systolic, complete_readings.diastolic
    from diabetics
    inner join periods using (period)
    inner join complete_readings
        on complete_readings.person_id = diabetics.person_id
        and {{ in_months_window('complete_readings.measured_on', 12) }}
    qualify row_number() over (partition by diabetics.period, diabetics.person_id
                               order by complete_readings.measured_on desc) = 1
)

select
    diabetics.period,
    diabetics.centre_id,
    diabetics.person_id,
    latest_reading.measured_on as latest_bp_on,
    latest_reading.systolic,
    latest_reading.diastolic,
    latest_reading.person_id is not null as has_bp,
    coalesce(latest_reading.systolic <= {{ var('diabetes_bp_systolic_max') }}
             and latest_reading.diastolic <= {{ var('diabetes_bp_diastolic_max') }}, false) as is_bp_controlled
from diabetics
left join latest_reading using (period, person_id)
