{#- WARN, never ERROR: a delivery that looks incomplete against its trailing months is flagged,
    and the month's figures are built and marked provisional for the centres concerned. This
    lists the run's months' flagged delivery checks; in Dagster it is a WARN check on
    audit/delivery_checks. -#}
{{ config(severity='warn', meta={'dagster': {'ref': {'name': 'delivery_checks'}}}) }}

select month, file, centre_id, measure, observed, expected_low, expected_high
from {{ ref('delivery_checks') }}
where month in (select period from {{ ref('int_periods') }})
  and status = 'flagged'
