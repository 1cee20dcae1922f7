{#- One value per valid person, variable and date: where several measurements of one kind fall
    on the same date, their mean is that date's value (indicators.md). Only the 12 months the
    run's windows reach (int_hba1c_members, int_diabetes_bp_members, int_elderly_kidney_members). -#}
select
    person_id,
    variable,
    measured_on,
    avg(value) as value,
    count(*) as measurements
from {{ ref('stg_export__measurements') }}
where is_valid_person_id and {{ in_run_window('measured_on', 12) }}
group by person_id, variable, measured_on
