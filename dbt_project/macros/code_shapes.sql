{#- The shapes of exports.md, on a code already upper-cased and stripped of dots. -#}
{% macro is_icd10_shape(code) -%}
    regexp_full_match({{ code }}, '[A-Z][0-9]{2}[0-9A-Z]*')
{%- endmacro %}

{% macro is_kva_shape(code) -%}
    regexp_full_match({{ code }}, '[A-Z]{2}[0-9]{3}|[A-Z]{3}[0-9]{2}')
{%- endmacro %}
