{#- Primary-care contacts performed by each centre (and all centres: REGION), by profession
    and contact type, in the reference month and in the 12 months that end with it. -#}
with contacts as (
    select * from {{ ref('int_contacts_classified') }}
    where is_centre_primary_care and {{ in_run_window('contact_date', 12) }}
),

periods as (
    select * from {{ ref('int_periods') }}
),

windowed as (
    select
        periods.period,
        'month' as time_window,
        contacts.unit_id as centre_id,
        contacts.profession,
        contacts.contact_type,
        contacts.contact_id
    from contacts
    inner join periods on contacts.contact_month = periods.period
    union all
    select
        window_months.period,
        '12_months' as time_window,
        contacts.unit_id as centre_id,
        contacts.profession,
        contacts.contact_type,
        contacts.contact_id
    from contacts
    inner join ({{ period_window_months(12) }}) as window_months on contacts.contact_month = window_months.window_month
)

{#- A contact is one row of int_contacts_classified (contact_id is unique, tested) at one
    centre, so it is one row of `windowed` per period and window: counting rows counts distinct
    contacts, for a centre and for REGION, without a distinct aggregate (whose per-group sets
    ran out of memory on a run of three months at 2.4 M listed). -#}
select
    coalesce(centre_id, 'REGION') as centre_id,
    period,
    time_window,
    profession,
    contact_type,
    count(*) as contacts
from windowed
group by grouping sets (
    (period, time_window, centre_id, profession, contact_type),
    (period, time_window, profession, contact_type)
)
