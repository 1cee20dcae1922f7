{#- The reference months this run builds, as SQL selecting one column `period`: the delivered
    months (those with a listing snapshot) from the first to the last of run_month_vars()
    (YYYY-MM), or the latest delivered month when they are unset. One rule, read by int_periods and by
    the incremental staging models, which rework only what these months' deliveries touch. -#}
{% macro run_months() %}
    select distinct delivery_month as period
    from {{ source('raw', 'listning') }}
    where delivery_month between {{ first_run_month() }} and {{ last_run_month() }}
{% endmacro %}

{#- The run's months as [first, last] (YYYY-MM, checked): the vars period_start and period_end,
    the last being the first when only that is given; in a Dagster run, the row Dagster wrote
    before the build to the table the var run_months_table names (audit.dbt_run_months), read
    when the SQL is compiled. Months passed as vars would change the vars every month,
    and dbt parses the whole project again when they change. None where unset, and while dbt
    parses. Every macro that reads the run's months takes them here. -#}
{% macro run_month_vars() %}
    {%- set first = var('period_start') -%}
    {%- set last = var('period_end') or first -%}
    {%- if not first and var('run_months_table', none) and execute -%}
        {%- set months = run_query('select period_start, period_end from ' ~ var('run_months_table')) -%}
        {%- set first, last = months.rows[0][0], months.rows[0][1] -%}
    {%- endif -%}
    {%- for month in [first, last] if month and not modules.re.fullmatch('[0-9]{4}-[0-9]{2}', month | string) -%}
        {{ exceptions.raise_compiler_error("vars period_start and period_end are months (YYYY-MM), not '" ~ month ~ "'") }}
    {%- endfor -%}
    {{ return([first, last]) }}
{% endmacro %}

{#- The first and last month of run_months() as SQL: a constant when the months are set (as in
    every Dagster run), which DuckDB can use to skip row groups; else the latest delivered
    month. -#}
{% macro first_run_month() -%}
    {%- set first = run_month_vars()[0] -%}
    {{ "'" ~ first ~ "'" if first else latest_delivered_month() }}
{%- endmacro %}

{% macro last_run_month() -%}
    {%- set last = run_month_vars()[1] -%}
    {{ "'" ~ last ~ "'" if last else latest_delivered_month() }}
{%- endmacro %}

{% macro latest_delivered_month() -%}
    (select max(delivery_month) from {{ source('raw', 'listning') }})
{%- endmacro %}

{#- The delivered rows an incremental run of a staging model kept by contact (or by call: the
    key is `raw_key` in the export, `key` in the model) looks at again (exports.md: a contact
    delivered again replaces the earlier rows), for the model to keep each contact's latest
    delivery of: the contacts this run's months delivered, or that the
    model last took from them, in every delivery from the run's first month on; and the earlier
    deliveries of those of them that no delivery since holds (a month delivered again without
    them), to fall back on. Nothing earlier can be the latest delivery of the others. The rest
    keep the rows they have. Reading every delivery of the touched contacts made the staging
    contacts the model that grew most with the history (1.7–2.2 s against 0.6–0.7 s for this,
    with 24 months at 2.4 M listed). -#}
{% macro delivered_rows_to_rework(source_relation, raw_key='"KontaktID"', key='contact_id') %}
    {%- set first = first_run_month() -%}
    with touched as (
        select {{ raw_key }} as id from {{ source_relation }} where delivery_month in ({{ run_months() }})
        union
        select {{ key }} from {{ this }} where delivery_month in ({{ run_months() }})
    ),

    since_first_month as (
        select * from {{ source_relation }}
        where delivery_month >= {{ first }} and {{ raw_key }} in (select touched.id from touched)
    ),

    fallen_back as (
        select id from touched
        except
        select {{ raw_key }} from since_first_month
    )

    select * from since_first_month
    union all
    select * from {{ source_relation }}
    where delivery_month < {{ first }} and {{ raw_key }} in (select fallen_back.id from fallen_back)
{% endmacro %}

{#- Post-hook of the same models: a contact (or call) the model took from one of this run's
    months that the month, delivered again, no longer holds and no other delivery has (the rest
    were replaced by the model's rows): its rows go, as they would on a full build. -#}
{% macro delete_withdrawn(source_relation, raw_key='"KontaktID"', key='contact_id') %}
    {% if is_incremental() %}
    delete from {{ this }} as kept
    where kept.delivery_month in ({{ run_months() }})
      and not exists (
          select 1 from {{ source_relation }} as delivered
          {# the run's months as constants too: DuckDB then reads only their row groups of the
             export, not every month's (0.6–0.9 s against 0.1 s at 2.4 M listed, 24 months) #}
          where delivered.delivery_month between {{ first_run_month() }} and {{ last_run_month() }}
            and delivered.delivery_month = kept.delivery_month and delivered.{{ raw_key }} = kept.{{ key }}
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

{#- `column` (YYYY-MM) is one of this run's periods (int_periods), for a model that reads a table
    kept over the whole history (the flag tables, the marts). When the run's months are given
    (every Dagster run gives them) the range is also stated as constants: DuckDB skips the row
    groups outside it while it scans, where `in (select period from int_periods)` alone is a
    semi-join after every month's rows are read (registration_check_counts read all 24 months
    of the flag tables for one: 1.9 s of its 2.0 s at 2.4 M listed). Not in a unit test, whose
    rows have periods of their own. -#}
{% macro in_run_periods(column='period') -%}
    {%- set first, last = run_month_vars() -%}
    {%- if first and model.resource_type == 'model' -%}
    {{ column }} between '{{ first }}' and '{{ last }}' and {% endif -%}
    {{ column }} in (select period from {{ ref('int_periods') }})
{%- endmacro %}
