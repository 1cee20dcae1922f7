{#- The rows of one indicator (models/indicators/<indicator>/): per centre and for REGION, its
    numerator and denominator, each an SQL aggregate over the rows of its members model (e.g.
    `count(distinct person_id) filter (where is_over_threshold)`), over the centre's rows and
    over all centres' rows (grouping sets), so REGION is never a mean of centre values. A count
    has no denominator. The indicator's code is its model's name without `indicator_`: a model
    that says otherwise stops at compile time, before it could file its rows under another
    indicator.

    Persons are counted with `count(*)` where the members model holds one row per person and
    period, and that grain is a test of the model (unique period + person_id, person_id not
    null: int_population_members, int_listed_person_activity); elsewhere with
    `count(distinct person_id)`. A distinct count hashes every 64-character pseudonym, once per
    aggregate and grouping set: over the listed population it was most of indicator_values'
    time (37.7 s of the country's month, 5.0 s with rows counted; the same counts). -#}
{% macro indicator_rows(indicator, members, numerator, denominator=none) %}
    {{ check_indicator_model_name(indicator) }}
    select
        coalesce(centre_id, 'REGION') as centre_id,
        period,
        '{{ indicator }}' as indicator,
        cast({{ numerator }} as double) as numerator,
        cast({{ denominator or 'null' }} as double) as denominator
    from {{ members }}
    where {{ in_run_periods() }}
    group by grouping sets ((period, centre_id), (period))
{% endmacro %}

{#- The rows of one reg_* indicator: the counts of its rule in marts.registration_check_counts
    (flagged over checked), where the rule is stated once (marts.registration_checks), so the
    baspaket and the registration suite count the same rows. -#}
{% macro registration_indicator_rows(rule) %}
    {{ check_indicator_model_name(rule) }}
    select
        centre_id,
        period,
        '{{ rule }}' as indicator,
        cast(flagged as double) as numerator,
        cast(checked as double) as denominator
    from {{ ref('registration_check_counts') }}
    where
        check_name = '{{ rule }}'
        and {{ in_run_periods() }}
{% endmacro %}

{% macro check_indicator_model_name(indicator) %}
    {#- A unit test runs the model under the test's own name: only a model is checked. -#}
    {%- if execute and model.resource_type == 'model' and model.name != 'indicator_' ~ indicator -%}
        {{ exceptions.raise_compiler_error(
            model.original_file_path ~ ': the model ' ~ model.name ~ ' computes the indicator ' ~ indicator
            ~ '; an indicator\'s model is named indicator_<its code>.') }}
    {%- endif -%}
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

{#- The indicator folders of models/indicators/, from dbt's graph: a list of (indicator, model
    node), the indicator being the model's name without `indicator_`. Empty while dbt only
    parses (execute is false). Read by marts.indicator_definitions and by the catalogue test. -#}
{% macro indicator_folders() %}
    {%- set folders = [] -%}
    {%- if execute -%}
        {%- for node in graph.nodes.values()
            if node.resource_type == 'model' and node.fqn[1] == 'indicators' -%}
            {%- do folders.append((node.name[('indicator_' | length):], node)) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(folders | sort(attribute='0')) }}
{% endmacro %}
