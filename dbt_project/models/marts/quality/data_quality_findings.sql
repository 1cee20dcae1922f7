{#- Findings on single persons, counted per centre (and REGION), period and rule: how many
    rows were flagged of how many checked, the share, and whether it is above the rule's
    tolerated share (seeds/finding_rules.csv) beyond chance (macros/intervals.sql, the same rule
    as the registration suite's). A listing at a unit that is not one of the
    region's centres counts for REGION only. The load summary, the Dagster WARN check
    (assert_findings_within_tolerance) and the centre's registration-quality section read this. -#}
{#- The rules are the seed's: each is the boolean column of listing_person_flags named as the
    rule (a rule without its column fails the build; assert_finding_rules_match_seed catches a
    column without its rule). -#}
{%- set rules_query -%}
    select rule from {{ ref('finding_rules') }} where source_file = 'listning.csv' order by rule
{%- endset -%}
{#- While dbt only parses (execute is false) no query runs: one rule keeps the SQL whole. -#}
{%- set listing_rules = run_query(rules_query).columns[0].values() if execute else ['unknown_centre'] -%}

with flags as (
    select * from {{ ref('listing_person_flags') }}
    where {{ in_run_periods() }}
),

rules as (
    select * from {{ ref('finding_rules') }}
),

flags_long as (
    {% for rule in listing_rules %}
    select period, centre_id, unknown_centre, '{{ rule }}' as rule, {{ rule }} as is_flagged from flags
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

counts as (
    select
        case when grouping(centre_id) = 1 then 'REGION' else centre_id end as centre_id,
        period,
        rule,
        count(*) filter (where is_flagged) as flagged,
        count(*) as checked
    from flags_long
    group by grouping sets ((period, rule, centre_id, unknown_centre), (period, rule))
    having grouping(centre_id) = 1 or not unknown_centre
),

spine as (
    select centre_periods.centre_id, centre_periods.period, rules.rule
    from {{ ref('int_centre_periods') }} as centre_periods
    cross join rules
    where rules.source_file = 'listning.csv'
)

select
    spine.centre_id,
    spine.period,
    rules.source_file,
    spine.rule,
    rules.label_sv,
    coalesce(counts.flagged, 0) as flagged,
    coalesce(counts.checked, 0) as checked,
    counts.flagged / nullif(counts.checked, 0) as share,
    {{ tolerance_lower_limit('coalesce(counts.flagged, 0)', 'coalesce(counts.checked, 0)') }} as share_lower_limit,
    rules.tolerated_share,
    {{ tolerance_lower_limit('coalesce(counts.flagged, 0)', 'coalesce(counts.checked, 0)') }} > rules.tolerated_share
        as exceeds_tolerance
from spine
inner join rules on spine.rule = rules.rule
left join counts on spine.centre_id = counts.centre_id and spine.period = counts.period and spine.rule = counts.rule
