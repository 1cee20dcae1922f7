{#- The registration checks counted in registration_check_counts and the rules of
    seeds/registration_rules.csv are the same set, and each is a reg_* indicator of the
    catalogue: a check without a rule would never warn, a rule without a check would never be
    counted, and either would make the Data Docs and the baspaket disagree. -#}
{{ config(meta={'dagster': {'ref': {'name': 'registration_check_counts'}}}) }}

with counted as (
    select distinct check_name as rule from {{ ref('registration_check_counts') }}
),

rules as (
    select rule from {{ ref('registration_rules') }}
),

registration_indicators as (
    select indicator as rule from {{ ref('indicator_catalogue') }} where section = 'registration'
)

select rule, 'counted, but no rule in seeds/registration_rules.csv' as problem
from counted where rule not in (select rule from rules)
union all
select rule, 'a rule in seeds/registration_rules.csv that is never counted'
from rules where exists (select 1 from counted) and rule not in (select rule from counted)
union all
select rule, 'not a registration indicator of seeds/indicator_catalogue.csv'
from rules where rule not in (select rule from registration_indicators)
