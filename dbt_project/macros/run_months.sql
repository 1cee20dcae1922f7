{#- The reference months this run builds, as SQL selecting one column `period`: the delivered
    months (those with a listing snapshot) from var period_start to var period_end (YYYY-MM),
    or the latest delivered month when they are unset. One rule, read by int_periods and by
    the incremental staging models, which rework only what these months' deliveries touch. -#}
{% macro run_months() %}
{%- set first = var('period_start') -%}
{%- set last = var('period_end') or first -%}
{%- set latest = "(select max(delivery_month) from " ~ source('raw', 'listning') ~ ")" -%}
    select distinct delivery_month as period
    from {{ source('raw', 'listning') }}
    where delivery_month between {{ "'" ~ first ~ "'" if first else latest }}
                             and {{ "'" ~ last ~ "'" if last else latest }}
{% endmacro %}

{#- The incremental rule of a staging model that keeps the latest delivery per KontaktID
    (exports.md: a contact delivered again replaces the earlier rows): on an incremental run
    only the contacts that this run's months delivered, or that the model last took from
    them, are looked at again; the rest keep the rows they have. -#}
{% macro touched_by_run(source_relation) %}
    "KontaktID" in (
        select "KontaktID" from {{ source_relation }} where delivery_month in ({{ run_months() }})
        union
        select contact_id from {{ this }} where delivery_month in ({{ run_months() }})
    )
{% endmacro %}

{#- Post-hook of the same models: a contact the model took from one of this run's months that
    the month, delivered again, no longer holds and no other delivery has (the rest were
    replaced by the model's rows): its rows go, as they would on a full build. -#}
{% macro delete_withdrawn_contacts(source_relation) %}
    {% if is_incremental() %}
    delete from {{ this }} as kept
    where kept.delivery_month in ({{ run_months() }})
      and not exists (
          select 1 from {{ source_relation }} as delivered
          where delivered.delivery_month = kept.delivery_month and delivered."KontaktID" = kept.contact_id
      )
    {% else %}
    select 1
    {% endif %}
{% endmacro %}
