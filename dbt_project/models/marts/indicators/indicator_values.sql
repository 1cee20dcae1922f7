{#- All indicators of indicators.md in one long table: one row per centre (and REGION), period
    and indicator. Each indicator is one folder, models/indicators/<indicator>/: the model
    indicator_<indicator> that computes its numerator and denominator from its members, its
    definition (a doc block) and its test computed by hand. This model is their union, with a
    row for every centre, period and indicator of the catalogue (a centre without members gets 0,
    and its share NULL), and the value by the catalogue's kind.
    assert_indicators_match_catalogue fails when this list, the folders and the catalogue
    (seeds/indicator_catalogue.csv) do not name the same indicators.

    Incremental on period: a run rebuilds only the periods of its vars, the history stays
    (dbt_project.yml). -#}

{#- The indicators, each read from its folder's model indicator_<indicator>. -#}
{%- set indicators = [
    'listed', 'active_choice_share', 'cni', 'diabetes_prevalence',
    'contacts', 'patients_seen', 'home_visits', 'ed_visits_per_1000', 'coverage',
    'frequent_attenders_share',
    'continuity_doctor', 'continuity_nurse',
    'phone_same_day', 'assessment_within_3_days',
    'diabetes_bp_controlled', 'diabetes_bp_missing', 'diabetes_t2_hba1c_over_70',
    'depression_follow_up', 'anxiety_follow_up', 'copd_follow_up', 'elderly_kidney_function',
    'health_talk_offered', 'health_talk_completed',
    'gp_specialist_share', 'district_nurse_share', 'hired_doctor_share',
    'reg_doctor_contacts_without_diagnosis', 'reg_contacts_without_diagnosis', 'reg_invalid_codes',
    'reg_unknown_kva_codes', 'reg_guarantee_without_seek_date', 'reg_contacts_without_staff_id',
    'reg_invalid_personnummer'
] -%}

with computed as (
    {% for indicator in indicators %}
    select centre_id, period, indicator, numerator, denominator
    from {{ ref('indicator_' ~ indicator) }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

catalogue as (
    select indicator, kind from {{ ref('indicator_catalogue') }}
    where indicator in ({% for indicator in indicators %}'{{ indicator }}'{% if not loop.last %}, {% endif %}{% endfor %})
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
