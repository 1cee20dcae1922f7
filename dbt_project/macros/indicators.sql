{#- One indicator's rows from a members model: per centre and for REGION, the same aggregate
    expressions over the centre's rows and over all centres' rows (grouping sets), so REGION is
    never a mean of centre values. `numerator` / `denominator` are SQL aggregates over the
    members (e.g. `count(distinct person_id) filter (where is_numerator)`). -#}
{% macro summarise_indicator(indicator, members, numerator, denominator=none) %}
    select
        coalesce(centre_id, 'REGION') as centre_id,
        period,
        '{{ indicator }}' as indicator,
        cast({{ numerator }} as double) as numerator,
        cast({{ denominator if denominator is not none else 'null' }} as double) as denominator
    from {{ members }}
    where period in (select period from {{ ref('int_periods') }})
    group by grouping sets ((period, centre_id), (period))
{% endmacro %}

{#- The value of an indicator from its numerator and denominator, by the catalogue's kind
    (indicators.md: ratios as shares 0–1, NULL on a zero denominator; counts as themselves;
    per 1 000; CNI divided by the national reference). -#}
{% macro indicator_value(kind, numerator, denominator) %}
    case {{ kind }}
        when 'count' then {{ numerator }}
        when 'per_1000' then 1000.0 * {{ numerator }} / nullif({{ denominator }}, 0)
        when 'cni' then {{ numerator }} / nullif({{ denominator }}, 0) / {{ var('cni_national_reference') }}
        else {{ numerator }} / nullif({{ denominator }}, 0)
    end
{% endmacro %}
