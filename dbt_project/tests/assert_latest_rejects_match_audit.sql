-- The rejects table holds exactly the rejected rows of each month's latest load of each file.
with latest as (
    select month, file, rows_rejected
    from {{ source('audit', 'file_loads') }}
    where status = 'loaded'
    qualify row_number() over (partition by month, file order by loaded_at desc) = 1
),

kept as (
    select month, file, count(*) as rejects from {{ source('audit', 'rejects') }} group by month, file
)

select latest.month, latest.file, latest.rows_rejected, coalesce(kept.rejects, 0) as rejects
from latest
left join kept using (month, file)
where latest.rows_rejected <> coalesce(kept.rejects, 0)
