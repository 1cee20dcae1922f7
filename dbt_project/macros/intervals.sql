{#- The Wilson score interval of a share of `flagged` out of `n` at normal quantile `z`
    (1.96: 95 %; 3.09: 99.8 %). It stays within 0–1 and behaves on small counts, where the
    normal approximation does not. 0 when n is 0; with none flagged it is 0, which floating point
    would make a hair below (greatest). -#}
{% macro wilson_lower(flagged, n, z) %}
    case when {{ n }} > 0 then greatest(0.0,
        ({{ flagged }} / {{ n }} + {{ z }}^2 / (2.0 * {{ n }})
         - {{ z }} * sqrt(({{ flagged }} / {{ n }}) * (1 - {{ flagged }} / {{ n }}) / {{ n }}
                          + {{ z }}^2 / (4.0 * {{ n }}^2)))
        / (1 + {{ z }}^2 / {{ n }}))
    else 0 end
{% endmacro %}
