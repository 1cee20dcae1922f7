{#- Every rule of seeds/delivery_rules.csv has a measure in delivery_measures, and every measure a
    rule, on the file the rule names: a rule edited on one side only fails here instead of
    silently checking nothing. -#}
with measured as (
    select distinct measure, file from {{ ref('delivery_measures') }}
),

rules as (
    select measure, file from {{ ref('delivery_rules') }}
)

select coalesce(measured.measure, rules.measure) as measure,
       measured.file as measured_file,
       rules.file as rule_file
from measured
full outer join rules on measured.measure = rules.measure
where measured.file is null or rules.file is null or measured.file <> rules.file
