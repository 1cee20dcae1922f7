{#- One value per valid person, variable and date: where several measurements of one kind fall
    on the same date, their mean is that date's value (indicators.md). -#}
select
    person_id,
    variable,
    measured_on,
    avg(value) as value,
    count(*) as measurements
from {{ ref('stg_export__measurements') }}
where is_valid_person_id
group by person_id, variable, measured_on
