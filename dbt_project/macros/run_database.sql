{#- The models a run builds outside the warehouse file (dbt_project.yml: the intermediate tables
    in the run's in-memory database) leave no copy of an earlier build in it: a warehouse from
    before they moved there would otherwise keep tables of some earlier run's months, which an
    analyst could take for the figures' inputs. An on-run-start hook: after the first run it
    drops nothing. -#}
{% macro drop_warehouse_copies_of_run_models() %}
    {% if execute %}
        {% for node in graph.nodes.values()
           if node.resource_type == 'model' and node.database != target.database
              and node.config.materialized == 'table' %}
        drop table if exists "{{ target.database }}"."{{ node.schema }}"."{{ node.alias }}";
        {% endfor %}
    {% endif %}
    select 1
{% endmacro %}
