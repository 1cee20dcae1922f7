{#- A Jinja list of strings as an SQL list of literals: ['Besök', 'Video'] -> ('Besök', 'Video'). -#}
{% macro sql_list(values) -%}
    ({% for v in values %}'{{ v | replace("'", "''") }}'{% if not loop.last %}, {% endif %}{% endfor %})
{%- endmacro %}
