{#- The listed population with what the population indicators count per person: active choice,
    the person's expected CNI contribution (from the DeSO of residence), and diabetes
    (E10–E14 in the last 60 months). Members of listed, active_choice_share, cni,
    diabetes_prevalence. -#}
with listed as (
    select * from {{ ref('int_listed_population') }}
),

area_scores as (
    select * from {{ ref('int_deso_cni_scores') }} where deso is not null
),

mean_score as (
    select cni_score from {{ ref('int_deso_cni_scores') }} where deso is null
),

diabetes as (
    select period, person_id from {{ ref('int_listed_person_diagnoses') }}
    where diagnosis_group = 'diabetes'
)

select
    listed.period,
    listed.centre_id,
    listed.person_id,
    listed.is_active_choice,
    coalesce(area_scores.cni_score, (select cni_score from mean_score)) as cni_score,
    area_scores.deso is null as is_deso_unknown,
    diabetes.person_id is not null as has_diabetes
from listed
left join area_scores on listed.deso = area_scores.deso
left join diabetes on listed.period = diabetes.period and listed.person_id = diabetes.person_id
