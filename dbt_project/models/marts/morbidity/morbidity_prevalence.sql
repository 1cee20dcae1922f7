{#- Prevalence of the baspaket's diagnosis groups among the listed at the reference date
    (a diagnosis of the group in the 60 months, any care level), per 1 000 listed. -#}
with groups as (
    select distinct diagnosis_group from {{ ref('icd10_groups') }}
),

listed as (
    select centre_id, period, listed from {{ ref('population_summary') }}
    where {{ in_run_periods() }}
),

with_diagnosis as (
    select
        coalesce(centre_id, 'REGION') as centre_id,
        period,
        diagnosis_group,
        count(distinct person_id) as persons
    from {{ ref('int_listed_person_diagnoses') }}
    group by grouping sets ((period, centre_id, diagnosis_group), (period, diagnosis_group))
)

select
    listed.centre_id,
    listed.period,
    groups.diagnosis_group,
    coalesce(with_diagnosis.persons, 0) as persons,
    listed.listed,
    1000.0 * coalesce(with_diagnosis.persons, 0) / nullif(listed.listed, 0) as per_1000
from listed
cross join groups
left join with_diagnosis using (centre_id, period, diagnosis_group)
