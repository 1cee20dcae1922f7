{#- One row per row of each period's listing snapshot (every row: also invalid identifiers and
    units that are not the region's centres), one flag per person-level finding. A finding is
    not an error that stops the month: the row is counted in data_quality_findings and the
    figures of everyone else are built. Each flag column is named as its rule in
    seeds/finding_rules.csv. No person id: the row number points into the month's listning.csv. -#}
with listings as (
    select * from {{ ref('int_period_listings') }}
),

areas as (
    select deso from {{ ref('deso_cni') }}
)

select
    listings.period,
    listings.centre_id,
    listings.source_row,
    not listings.is_region_centre as unknown_centre,
    not listings.is_valid_person_id as invalid_personnummer,
    coalesce(listings.pnr_problem = 'samordning_date', false) as samordningsnummer_without_date,
    coalesce(listings.birth_date > listings.reference_date, false) as born_after_reference_date,
    coalesce(listings.age > 110, false) as aged_over_110,
    coalesce(listings.listed_since > listings.reference_date, false) as listed_after_reference_date,
    listings.deso is null as deso_missing,
    listings.deso is not null and areas.deso is null as deso_not_in_reference
from listings
left join areas on listings.deso = areas.deso
