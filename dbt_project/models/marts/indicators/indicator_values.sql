{#- All indicators of indicators.md in one long table: one row per centre (and REGION),
    period and indicator. Each entry of `indicator_definitions()` (macros/indicator_definitions.sql)
    names the indicator, the model of its members and the aggregates that make numerator and
    denominator; `summarise_indicators` does the rest the same way for all, one pass per
    members model.

    Incremental on period: a run rebuilds only the periods of its vars, the history stays. -#}
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='period',
) }}

{%- set indicators = indicator_definitions() -%}

{#- One scan per members model: every indicator of that model is aggregated in the same pass,
    then the pass's row is unnested into one row per indicator. -#}
{%- set members_models = [] -%}
{%- for i in indicators if (i.members | string) not in members_models -%}
    {%- do members_models.append(i.members | string) -%}
{%- endfor %}

with computed as (
    {% for members in members_models %}
    select centre_id, period, unnest(indicators, recursive := true)
    from (
        {{ summarise_indicators(members, indicators) }}
    )
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

catalogue as (
    select indicator, kind from {{ ref('indicator_catalogue') }}
    where indicator in ({% for i in indicators %}'{{ i.indicator }}'{% if not loop.last %}, {% endif %}{% endfor %})
),

spine as (
    select centre_periods.centre_id, centre_periods.period, catalogue.indicator, catalogue.kind
    from {{ ref('int_centre_periods') }} as centre_periods
    cross join catalogue
),

filled as (
    select
        spine.centre_id,
        spine.period,
        spine.indicator,
        spine.kind,
        coalesce(computed.numerator, 0) as numerator,
        case when spine.kind = 'count' then null else coalesce(computed.denominator, 0) end as denominator
    from spine
    left join computed
        on spine.centre_id = computed.centre_id
        and spine.period = computed.period
        and spine.indicator = computed.indicator
)

select
    centre_id,
    period,
    indicator,
    numerator,
    denominator,
    {{ indicator_value('kind', 'numerator', 'denominator') }} as value
from filled
