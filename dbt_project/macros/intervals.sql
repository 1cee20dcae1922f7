{#- The lower limit of the Wilson score interval of `flagged` out of `n` at normal quantile `z`
    (1.96: 95 %; 3.09: 99.8 %). It stays within 0–1 and behaves on small counts, where the
    normal approximation does not. With none flagged (or n = 0) it is exactly 0: the formula
    would give a hair above or below 0 in floating point, and "above a tolerance of 0" must mean
    that something was flagged. -#}
{% macro wilson_lower(flagged, n, z) %}
    case when {{ n }} > 0 and {{ flagged }} > 0 then greatest(0.0,
        ({{ flagged }} / {{ n }} + {{ z }}^2 / (2.0 * {{ n }})
         - {{ z }} * sqrt(({{ flagged }} / {{ n }}) * (1 - {{ flagged }} / {{ n }}) / {{ n }}
                          + {{ z }}^2 / (4.0 * {{ n }}^2)))
        / (1 + {{ z }}^2 / {{ n }}))
    else 0 end
{% endmacro %}

{#- The one rule for a data-quality tolerance (registration rules and findings on single
    persons alike): the lower limit of the share's Wilson interval at var('tolerance_warning_z').
    A centre is above its tolerance when this limit is: above it beyond chance, so a small
    centre does not warn on a handful of rows. A tolerance of 0 still means "any": one flagged
    row puts the limit above 0. -#}
{% macro tolerance_lower_limit(flagged, n) %}
    {{ wilson_lower(flagged, n, var('tolerance_warning_z')) }}
{% endmacro %}
