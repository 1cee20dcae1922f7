{#- Date helpers, kept here so models stay portable across engines (adapter.dispatch). -#}

{#- First day of the window of `n` calendar months that ends with the month of `period_start`:
    the reference month and the n - 1 months before it. -#}
{% macro window_start(period_start, n) -%}
    {{ return(adapter.dispatch('window_start')(period_start, n)) }}
{%- endmacro %}
{% macro default__window_start(period_start, n) -%}
    {{ months_before(period_start, '(' ~ n ~ ') - 1') }}
{%- endmacro %}

{#- The date `n` calendar months before `a_date` (same day of month). -#}
{% macro months_before(a_date, n) -%}
    {{ return(adapter.dispatch('months_before')(a_date, n)) }}
{%- endmacro %}
{% macro default__months_before(a_date, n) -%}
    cast({{ a_date }} - to_months({{ n }}) as date)
{%- endmacro %}

{#- Whole years of age at `on_date` for a person born on `birth_date`. -#}
{% macro age_at(birth_date, on_date) -%}
    (year({{ on_date }}) - year({{ birth_date }})
        - case when month({{ on_date }}) * 100 + day({{ on_date }})
                  < month({{ birth_date }}) * 100 + day({{ birth_date }}) then 1 else 0 end)
{%- endmacro %}

{#- Calendar days from `from_date` to `to_date`. -#}
{% macro days_between(from_date, to_date) -%}
    date_diff('day', cast({{ from_date }} as date), cast({{ to_date }} as date))
{%- endmacro %}

{#- `date_column` lies in the `n` calendar months that end at the reference date (inclusive). -#}
{% macro in_months_window(date_column, n, period_start='periods.period_start', reference_date='periods.reference_date') -%}
    {{ date_column }} between {{ window_start(period_start, n) }} and {{ reference_date }}
{%- endmacro %}

{#- `date_column` lies in what any of this run's months can reach with an `n`-month window: from
    the start of the first period's window to the last reference date. An intermediate model
    reads this much and no more, so its cost does not grow with the history kept.
    When the run's months are given (run_month_vars: every Dagster run gives them), the
    bounds are constants: DuckDB then skips the row groups outside them while it
    scans, where bounds taken from int_periods by subqueries are joined to every row (at 2.4 M
    listed with 24 months of history int_continuity_members took 5.9 s against 7.9 s). Without
    them the run builds the latest delivered month, whose bounds only int_periods knows. The
    ref is taken either way, so the model depends on int_periods whatever the vars are. -#}
{% macro in_run_window(date_column, n) -%}
    {%- set periods = ref('int_periods') -%}
    {%- set first, last = run_month_vars() -%}
    {%- if first -%}
    {{ date_column }} between {{ window_start("date '" ~ first ~ "-01'", n) }}
        and last_day(date '{{ last }}-01')
    {%- else -%}
    {{ date_column }} between
        (select min({{ window_start('period_start', n) }}) from {{ periods }})
        and (select max(reference_date) from {{ periods }})
    {%- endif -%}
{%- endmacro %}

{#- One row per period of this run and each of the `n` calendar months of its window (the
    reference month and the n - 1 months before it, YYYY-MM), to join a month column on. An
    equality join is hashed, and DuckDB spills a hash join to disk; a join on a date range
    (`between`) keeps both sides in memory, and ran out of it at 2.4 M listed. -#}
{% macro period_window_months(n) -%}
    select periods.period, strftime({{ months_before('periods.period_start', 'months_back.k') }}, '%Y-%m') as window_month
    from {{ ref('int_periods') }} as periods
    cross join range(0, {{ n }}) as months_back(k)
{%- endmacro %}
