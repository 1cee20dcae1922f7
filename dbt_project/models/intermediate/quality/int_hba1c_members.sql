{#- Listed persons with type 2 diabetes (E11, 60 months) who have an HbA1c in the 12 months;
    their latest date's value (the mean of that date's values); over the threshold (70 mmol/mol)
    when strictly greater. -#}
with type2 as (
    select period, centre_id, person_id from {{ ref('int_listed_person_diagnoses') }}
    where diagnosis_group = 'diabetes_type2'
),

periods as (
    select * from {{ ref('int_periods') }}
),

hba1c as (
    select * from {{ ref('int_measurements_daily') }} where variable = 'HBA1C'
)

select
    type2.period,
    type2.centre_id,
    type2.person_id,
    hba1c.measured_on as latest_hba1c_on,
    hba1c.value as latest_hba1c,
    hba1c.value > {{ var('hba1c_threshold') }} as is_over_threshold
from type2
inner join periods using (period)
inner join hba1c
    on hba1c.person_id = type2.person_id
    and {{ in_months_window('hba1c.measured_on', 12) }}
qualify row_number() over (partition by type2.period, type2.person_id order by hba1c.measured_on desc) = 1
