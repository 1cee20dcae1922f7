{#- Äld02. Denominator population: listed persons aged >= 75 (var elderly_min_age) with a
    prescription in the 12 months of a drug affected by kidney function (Socialstyrelsen's ATC
    list: atc_group kidney_drugs). Numerator: an EGFR or KREA measurement in the 12 months. -#}
with elderly as (
    select period, centre_id, person_id from {{ ref('int_listed_population') }}
    where age >= {{ var('elderly_min_age') }}
),

periods as (
    select * from {{ ref('int_periods') }}
),

denominator as (
    select distinct elderly.period, elderly.centre_id, elderly.person_id
    from elderly
    inner join periods using (period)
    inner join {{ ref('int_prescriptions_grouped') }} as prescriptions
        on prescriptions.person_id = elderly.person_id
        and prescriptions.atc_group = 'kidney_drugs'
        and {{ in_months_window('prescriptions.prescribed_on', 12) }}
),

numerator as (
    select distinct denominator.period, denominator.person_id
    from denominator
    inner join periods using (period)
    inner join {{ ref('int_measurements_daily') }} as measurements
        on measurements.person_id = denominator.person_id
        and measurements.variable in ('EGFR', 'KREA')
        and {{ in_months_window('measurements.measured_on', 12) }}
)

select
    denominator.period,
    denominator.centre_id,
    denominator.person_id,
    numerator.person_id is not null as has_kidney_function_test
from denominator
left join numerator using (period, person_id)
