{#- The baspaket's activity figures beyond indicator_values, per centre (and REGION) and
    period, over the 12 months: the centre's contacts per listed person and year, the listed
    persons' primary-care contacts at other units, and the share of the centre's contacts that
    its frequent attenders make; the figures per listed person from int_listed_person_activity. -#}
with person_activity as (
    select * from {{ ref('int_listed_person_activity') }}
),

{#- The run's 12-month window (see int_listed_person_activity: 7.5 s against 4.6 s at 2.4 M
    listed with 24 months of history). -#}
window_contacts as (
    select * from {{ ref('int_contacts_classified') }}
    where {{ in_run_window('contact_date', 12) }}
),

centre_contacts_12m as (
    select coalesce(contacts.unit_id, 'REGION') as centre_id, periods.period, count(*) as contacts_12m
    from window_contacts as contacts
    inner join {{ ref('int_periods') }} as periods
        on {{ in_months_window('contacts.contact_date', 12) }}
    where contacts.is_centre_primary_care
    group by grouping sets ((periods.period, contacts.unit_id), (periods.period))
),

person_totals as (
    select
        coalesce(centre_id, 'REGION') as centre_id,
        period,
        count(*) filter (where is_frequent_attender) as frequent_attenders,
        sum(centre_contacts_12m) filter (where is_frequent_attender) as frequent_attender_contacts,
        sum(centre_contacts_12m) as listed_contacts_at_centre,
        cast(sum(primary_care_elsewhere_12m) as bigint) as contacts_elsewhere,
        count(*) as listed
    from person_activity
    group by grouping sets ((period, centre_id), (period))
)

select
    spine.centre_id,
    spine.period,
    coalesce(centre_contacts_12m.contacts_12m, 0) as contacts_12m,
    coalesce(person_totals.listed, 0) as listed,
    coalesce(centre_contacts_12m.contacts_12m, 0) / nullif(person_totals.listed, 0) as contacts_per_listed_year,
    coalesce(person_totals.contacts_elsewhere, 0) as contacts_at_other_primary_care_12m,
    coalesce(person_totals.frequent_attenders, 0) as frequent_attenders,
    coalesce(person_totals.frequent_attender_contacts, 0) as frequent_attender_contacts,
    coalesce(person_totals.listed_contacts_at_centre, 0) as listed_contacts_at_centre,
    person_totals.frequent_attender_contacts / nullif(person_totals.listed_contacts_at_centre, 0)
        as frequent_attender_contact_share
from {{ ref('int_centre_periods') }} as spine
left join centre_contacts_12m using (centre_id, period)
left join person_totals using (centre_id, period)
