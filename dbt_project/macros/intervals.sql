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

{#- The upper limit of the Wilson score interval of `flagged` out of `n` at `z` (NULL when n is
    0). With the lower limit: 8 of 10 at 95 % is 0.490-0.943. -#}
{% macro wilson_upper(flagged, n, z) %}
    case when {{ n }} > 0 then least(1.0,
        ({{ flagged }} / {{ n }} + {{ z }}^2 / (2.0 * {{ n }})
         + {{ z }} * sqrt(({{ flagged }} / {{ n }}) * (1 - {{ flagged }} / {{ n }}) / {{ n }}
                          + {{ z }}^2 / (4.0 * {{ n }}^2)))
        / (1 + {{ z }}^2 / {{ n }}))
    end
{% endmacro %}

{#- Byar's approximation to the exact Poisson interval of an observed count `o` at `z`: close to
    the exact limits from a handful of events up (10 events at 95 %: 4.79-18.39; exact 4.80-18.39). -#}
{% macro poisson_lower(o, z) %}
    case when {{ o }} > 0
         then {{ o }} * (1 - 1 / (9.0 * {{ o }}) - {{ z }} / (3 * sqrt({{ o }})))^3
         else 0 end
{% endmacro %}

{% macro poisson_upper(o, z) %}
    ({{ o }} + 1) * (1 - 1 / (9.0 * ({{ o }} + 1)) + {{ z }} / (3 * sqrt({{ o }} + 1)))^3
{% endmacro %}

{#- One limit (`side` 'lower' or 'upper') of the 95 % interval by the catalogue's method (a
    column holding wilson, poisson or none): NULL for none. -#}
{% macro interval_limit(side, method, numerator, denominator, z) %}
    case {{ method }}
        when 'wilson' then
            {{ wilson_lower(numerator, denominator, z) if side == 'lower' else wilson_upper(numerator, denominator, z) }}
        when 'poisson' then
            {{ poisson_lower(numerator, z) if side == 'lower' else poisson_upper(numerator, z) }}
    end
{% endmacro %}

{#- One limit (`side` 'lower' or 'upper') of a p-chart with centre line `p` for a month of `n`
    at `k` sigma (3: the control limits), within 0-1: p +/- k sqrt(p (1 - p) / n). -#}
{% macro p_chart_limit(side, p, n, k=3) %}
    {%- if side == 'lower' -%}
    greatest({{ p }} - {{ k }} * sqrt({{ p }} * (1 - {{ p }}) / {{ n }}), 0)
    {%- else -%}
    least({{ p }} + {{ k }} * sqrt({{ p }} * (1 - {{ p }}) / {{ n }}), 1)
    {%- endif -%}
{% endmacro %}
