{#- The month's staff at each of the region's centres (bemanning.csv of the period's delivery),
    with what the staffing indicators ask: doctor or nurse, in training (Tjanst AT/BT/ST),
    specialist in general medicine, district nurse, hired. FTE = Sysselsattning. -#}
with staff as (
    select * from {{ ref('stg_export__staff') }}
),

periods as (
    select period from {{ ref('int_periods') }}
),

professions as (
    select profession, profession_group from {{ ref('professions') }}
),

centres as (
    select hsa_id from {{ ref('centres') }}
)

select
    periods.period,
    staff.centre_id,
    staff.staff_id,
    staff.profession,
    staff.fte,
    professions.profession_group = 'doctor' as is_doctor,
    professions.profession_group = 'nurse' as is_nurse,
    staff.training_post is not null as is_in_training,
    coalesce(staff.specialty = 'Allmänmedicin', false) as is_gp_specialist,
    coalesce(staff.specialty = 'Distriktssköterska', false) as is_district_nurse,
    staff.is_hired
from staff
inner join periods on staff.delivery_month = periods.period
inner join centres on staff.centre_id = centres.hsa_id
left join professions on staff.profession = professions.profession
