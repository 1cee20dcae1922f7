{#- The rows of every indicator whose members model is `members`, in one pass over it: per
    centre and for REGION, the same aggregate expressions over the centre's rows and over all
    centres' rows (grouping sets), so REGION is never a mean of centre values. Each indicator's
    `numerator` / `denominator` is an SQL aggregate over the members (e.g. `count(distinct
    person_id) filter (where is_numerator)`). One row per centre and period, its indicators in
    a list of structs (indicator, numerator, denominator) for the caller to unnest: one scan
    per members model rather than one per indicator. -#}
{% macro summarise_indicators(members, indicators) %}
    select
        coalesce(centre_id, 'REGION') as centre_id,
        period,
        [
        {%- for i in indicators if (i.members | string) == members %}
            {
                'indicator': '{{ i.indicator }}',
                'numerator': cast({{ i.numerator }} as double),
                'denominator': cast({{ i.get('denominator') or 'null' }} as double)
            }{% if not loop.last %},{% endif %}
        {%- endfor %}
        ] as indicators
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
