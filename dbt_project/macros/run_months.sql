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

{#- When the dbt run that writes a row started: the same value in every model of one
    invocation, and later than any run before it. The staging tables that keep contacts stamp
    their rows with it (staged_at), int_person_diagnoses and int_diagnosed_contacts theirs
    (grouped_at), so that these can tell which contacts staging wrote since they last took any. -#}
{% macro this_run_started_at() -%}
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as timestamp)
{%- endmacro %}

{#- The contacts a table kept by contact works out again (pre-hook of int_person_diagnoses and
    int_diagnosed_contacts, incremental tables stamped with grouped_at): those the staging
    tables wrote since the table last took a contact (delivered in the run's months, or fallen
    back to an earlier delivery when a month delivered again no longer holds them; since, not in
    this run, so that a run that stopped between staging and the table is made good by the
    next), those the table took from the run's months (gone from staging altogether), and, when
    `version` (SQL giving the current version of what the rows were worked out with) is given,
    every contact when the table's rows (column groups_version) were worked out with another.
    More than these is harmless, fewer is not. Their rows are deleted here; the model's query
    inserts what staging holds for them now, reading the set from contacts_to_rework().
    A temporary table, so that the set is taken before the delete changes the table it reads.
    A table made before these columns (a table rebuilt every run) is emptied and filled again
    whole; on_schema_change then gives it the columns. -#}
{% macro forget_contacts_to_rework(version=none) %}
    {% set kept_columns = adapter.get_columns_in_relation(this) | map(attribute='name') | list if is_incremental() else [] %}
    {% if is_incremental() and 'grouped_at' not in kept_columns %}
    create or replace temp table {{ contacts_to_rework() }} as
        select contact_id from {{ ref('stg_export__contacts') }};
    delete from {{ this }}
    {% elif is_incremental() %}
    create or replace temp table {{ contacts_to_rework() }} as
        with last_grouped as (
            select coalesce(max(grouped_at), timestamp '-infinity') as grouped_at from {{ this }}
        )
        select contact_id from {{ ref('stg_export__contacts') }}
        where staged_at > (select grouped_at from last_grouped)
        union
        select contact_id from {{ ref('stg_export__codes') }}
        where staged_at > (select grouped_at from last_grouped)
        union
        select contact_id from {{ this }}
        where contact_delivery_month in ({{ run_months() }}) or codes_delivery_month in ({{ run_months() }})
        {% if version %}
        union
        select contact_id from {{ ref('stg_export__contacts') }}
        where exists (select 1 from {{ this }} where groups_version <> ({{ version }}))
        {% endif %};
    delete from {{ this }} where contact_id in (select contact_id from {{ contacts_to_rework() }})
    {% else %}
    select 1
    {% endif %}
{% endmacro %}

{#- The temporary table of forget_contacts_to_rework: one per model, as both run in one
    connection. -#}
{% macro contacts_to_rework() -%}
    {{ this.identifier }}__to_rework
{%- endmacro %}

{#- The filter of a table kept by contact on what it reads from staging: on an incremental run
    the contacts forget_contacts_to_rework took, on a full build every contact. -#}
{% macro is_reworked_contact() -%}
    {%- if is_incremental() -%}
    contact_id in (select reworked.contact_id from {{ contacts_to_rework() }} as reworked)
    {%- else -%}
    true
    {%- endif -%}
{%- endmacro %}

{#- A fingerprint of the diagnosis groups' prefixes (seeds/icd10_groups.csv): rows grouped
    under another one are grouped again. A table without a single row cannot tell (a region
    with no diagnosis in any group); `dbt build --full-refresh` then groups every contact. -#}
{% macro diagnosis_groups_version() -%}
    select md5(string_agg(diagnosis_group || '=' || code_prefix, ',' order by diagnosis_group, code_prefix))
    from {{ ref('icd10_groups') }}
{%- endmacro %}
