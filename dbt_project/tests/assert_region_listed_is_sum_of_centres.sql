-- A person is listed at one centre at a time, so REGION's listed equals the centres' sum.
with listed as (
    select * from {{ ref('indicator_values') }} where indicator = 'listed'
)

select period
from listed
group by period
having sum(numerator) filter (where centre_id = 'REGION')
    <> sum(numerator) filter (where centre_id <> 'REGION')
