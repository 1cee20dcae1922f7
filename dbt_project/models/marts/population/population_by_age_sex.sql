{#- Listed persons per centre (and REGION), period, sex and 5-year age band: the pyramid.
    Persons without an age (born after the reference date) are left out. -#}
with listed as (
    select * from {{ ref('int_listed_population') }}
),

banded as (
    select
        period,
        centre_id,
        person_id,
        sex,
        {{ five_year_age_band_start('age') }} as age_band_start
    from listed
    where age is not null
)

select
    coalesce(centre_id, 'REGION') as centre_id,
    period,
    sex,
    age_band_start,
    case when age_band_start = 95 then '95+'
         else age_band_start::varchar || '–' || (age_band_start + 4)::varchar end as age_band,
    count(distinct person_id) as persons
from banded
group by grouping sets ((period, centre_id, sex, age_band_start), (period, sex, age_band_start))
