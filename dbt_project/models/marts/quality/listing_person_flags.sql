{#- One row per row of each period's listing snapshot (every row: also invalid identifiers and
    units that are not the region's centres), one flag per person-level finding. A finding is
    not an error that stops the month: the row is counted in data_quality_findings and the
    figures of everyone else are built. Each flag column is named as its rule in
    seeds/finding_rules.csv. No person id: the row number points into the month's listning.csv. -#}
{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='period') }}

with periods as (
    select * from {{ ref('int_periods') }}
),

listings as (
    select * from {{ ref('stg_export__listings') }}
),

centres as (
    select hsa_id from {{ ref('centres') }}
),

areas as (
    select deso from {{ ref('deso_cni') }}
)

select
    periods.period,
    listings.centre_id,
    listings.source_row,
    centres.hsa_id is null as unknown_centre,
    not listings.is_valid_person_id as invalid_personnummer,
    coalesce(listings.pnr_problem = 'samordning_date', false) as samordningsnummer_without_date,
    coalesce(listings.birth_date > periods.reference_date, false) as born_after_reference_date,
    coalesce(listings.birth_date <= periods.reference_date
             and {{ age_at('listings.birth_date', 'periods.reference_date') }} > 110, false) as aged_over_110,
    coalesce(listings.listed_since > periods.reference_date, false) as listed_after_reference_date,
    listings.deso is null as deso_missing,
    listings.deso is not null and areas.deso is null as deso_not_in_reference
from listings
inner join periods on listings.delivery_month = periods.period
left join centres on listings.centre_id = centres.hsa_id
left join areas on listings.deso = areas.deso
