{#- Every non-null value of the column matches the regular expression `pattern` as a whole.
    `description` says in words what the pattern asks for (the reference check quotes it). -#}
{% test matches_pattern(model, column_name, pattern, description=none) %}
    select {{ column_name }}
    from {{ model }}
    where {{ column_name }} is not null
      and not regexp_full_match(cast({{ column_name }} as varchar), '{{ pattern }}')
{% endtest %}
