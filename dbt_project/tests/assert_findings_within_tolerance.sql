{#- WARN, never ERROR: findings on single persons are counted and reported, and the month's
    figures are built whatever their number. This lists the centres and rules of the run's
    months whose share is above the tolerated share of seeds/finding_rules.csv; in Dagster it is
    a WARN check on marts/data_quality_findings. -#}
{{ config(severity='warn', meta={'dagster': {'ref': {'name': 'data_quality_findings'}}}) }}

select centre_id, period, rule, flagged, checked, share, tolerated_share
from {{ ref('data_quality_findings') }}
where period in (select period from {{ ref('int_periods') }})
  and exceeds_tolerance
