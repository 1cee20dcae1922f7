{#- The baspaket's population figures beyond indicator_values, per centre (and REGION) and
    period: age shares, listings gained and lost since the previous month's snapshot. The age
    shares are of the listed with an age (a person born after the reference date has none). -#}
with listed as (
    select * from {{ ref('int_listed_population') }}
),

periods as (
    select * from {{ ref('int_periods') }}
),

previous_listing as (
    {#- the previous month's snapshot at the region's centres (valid persons), when delivered -#}
    select periods.period, listings.person_id, listings.centre_id
    from {{ ref('stg_export__listings') }} as listings
    inner join periods
        on listings.delivery_month = periods.previous_period
    inner join {{ ref('centres') }} as centres on listings.centre_id = centres.hsa_id
    where listings.is_valid_person_id
),

has_previous as (
    select distinct period from previous_listing
),

movements as (
    {# except (a hash anti join) rather than not in on three columns, which DuckDB runs as a
       mark join that must look out for nulls; both sides hold a person once per period
       (tested), so the set difference keeps every movement. #}
    select period, centre_id, person_id, 'gained' as movement
    from (
        select period, centre_id, person_id from listed
        where period in (select period from has_previous)
        except
        select period, centre_id, person_id from previous_listing
    ) as gained
    union all
    select period, centre_id, person_id, 'lost' as movement
    from (
        select period, centre_id, person_id from previous_listing
        except
        select period, centre_id, person_id from listed
    ) as lost
),

age_counts as (
    select
        coalesce(centre_id, 'REGION') as centre_id,
        period,
        count(*) as listed,
        count(*) filter (where age is not null) as listed_with_age,
        count(*) filter (where age <= 6) as aged_0_6,
        count(*) filter (where age >= 65) as aged_65_plus,
        count(*) filter (where age >= 80) as aged_80_plus
    {# int_listed_population holds one row per person and period (tested): its rows are
       persons, at a centre and in the region, without a distinct aggregate (12.2 -> 7.3 s
       for this model, at 10.5 M listed). #}
    from listed
    group by grouping sets ((period, centre_id), (period))
),

movement_counts as (
    select
        coalesce(centre_id, 'REGION') as centre_id,
        period,
        count(*) filter (where movement = 'gained') as listings_gained,
        count(*) filter (where movement = 'lost') as listings_lost
    from movements
    group by grouping sets ((period, centre_id), (period))
)

select
    spine.centre_id,
    spine.period,
    coalesce(age_counts.listed, 0) as listed,
    coalesce(age_counts.aged_0_6, 0) as aged_0_6,
    coalesce(age_counts.aged_65_plus, 0) as aged_65_plus,
    coalesce(age_counts.aged_80_plus, 0) as aged_80_plus,
    age_counts.aged_0_6 / nullif(age_counts.listed_with_age, 0) as share_0_6,
    age_counts.aged_65_plus / nullif(age_counts.listed_with_age, 0) as share_65_plus,
    age_counts.aged_80_plus / nullif(age_counts.listed_with_age, 0) as share_80_plus,
    case when spine.period in (select period from has_previous)
         then coalesce(movement_counts.listings_gained, 0) end as listings_gained,
    case when spine.period in (select period from has_previous)
         then coalesce(movement_counts.listings_lost, 0) end as listings_lost
from {{ ref('int_centre_periods') }} as spine
left join age_counts using (centre_id, period)
left join movement_counts using (centre_id, period)
