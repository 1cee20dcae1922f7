{#- The start of a person's 5-year age band (0, 5, …, 95; 95 means 95+), NULL without an age:
    the bands of the pyramid and of the age-and-sex standardisation. -#}
{% macro five_year_age_band_start(age) %}
    least(floor({{ age }} / 5) * 5, 95)::integer
{% endmacro %}
