{#- The baspaket's activity figures beyond indicator_values, per centre (and REGION) and
    period, over the 12 months: the centre's contacts per listed person and year, the listed
    persons' primary-care contacts at other units, and the share of the centre's contacts that
    its frequent attenders make. -#}
with listed as (
    select period, period_start, reference_date, centre_id, person_id
    from {{ ref('int_listed_population') }}
),

person_activity as (
    select * from {{ ref('int_listed_person_activity') }}
),

{#- The run's 12-month window (see int_listed_person_activity: 7.5 s against 4.6 s at 2.4 M
    listed with 24 months of history). -#}
window_contacts as (
    select * from {{ ref('int_contacts_classified') }}
    where {{ in_run_window('contact_date', 12) }}
),

other_units as (
    select listed.period, listed.centre_id, count(*) as contacts_elsewhere
    from listed
    inner join window_contacts as contacts
        on contacts.person_id = listed.person_id
        and contacts.care_level = 'PV'
        and contacts.unit_id <> listed.centre_id
        and {{ in_months_window('contacts.contact_date', 12, 'listed.period_start', 'listed.reference_date') }}
    group by grouping sets ((listed.period, listed.centre_id), (listed.period))
),

centre_contacts_12m as (
    select coalesce(contacts.unit_id, 'REGION') as centre_id, periods.period, count(*) as contacts_12m
    from window_contacts as contacts
    inner join {{ ref('int_periods') }} as periods
        on {{ in_months_window('contacts.contact_date', 12) }}
    where contacts.is_centre_primary_care
    group by grouping sets ((periods.period, contacts.unit_id), (periods.period))
),

frequent as (
    select
        coalesce(centre_id, 'REGION') as centre_id,
        period,
        count(*) filter (where is_frequent_attender) as frequent_attenders,
        sum(centre_contacts_12m) filter (where is_frequent_attender) as frequent_attender_contacts,
        sum(centre_contacts_12m) as listed_contacts_at_centre,
        count(*) as listed
    from person_activity
    group by grouping sets ((period, centre_id), (period))
)

select
    spine.centre_id,
    spine.period,
    coalesce(centre_contacts_12m.contacts_12m, 0) as contacts_12m,
    coalesce(frequent.listed, 0) as listed,
    coalesce(centre_contacts_12m.contacts_12m, 0) / nullif(frequent.listed, 0) as contacts_per_listed_year,
    coalesce(other_units.contacts_elsewhere, 0) as contacts_at_other_primary_care_12m,
    coalesce(frequent.frequent_attenders, 0) as frequent_attenders,
    coalesce(frequent.frequent_attender_contacts, 0) as frequent_attender_contacts,
    coalesce(frequent.listed_contacts_at_centre, 0) as listed_contacts_at_centre,
    frequent.frequent_attender_contacts / nullif(frequent.listed_contacts_at_centre, 0)
        as frequent_attender_contact_share
from {{ ref('int_centre_periods') }} as spine
left join centre_contacts_12m using (centre_id, period)
left join other_units on other_units.period = spine.period
    and coalesce(other_units.centre_id, 'REGION') = spine.centre_id
left join frequent using (centre_id, period)
