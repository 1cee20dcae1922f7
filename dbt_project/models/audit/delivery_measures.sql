{#- What each month's delivery holds, per file, centre (and REGION) and measure: the figures the
    delivery checks compare with the same centre's trailing months (delivery_checks). Read from
    the raw deliveries by delivery_month, not from staging: the question is what this month's
    files held, before a later delivery replaced any of their rows.

    Computed for the run's months and, once, for the delivered months of their trailing window
    that have no measures yet (a warehouse loaded before these checks existed), so a month's
    checks have their history without a backfill. A month delivered again is measured again.

    Columns: value is the measure; denominator the volume it rests on (contacts for a rate per
    contact, doctor contacts for the share with a diagnosis, the month's rows per working day for
    the longest gap); scale is what a count is compared relative to (the rest of the
    region's rows of the file, so the region's seasons and month lengths cancel; 1 otherwise);
    file_share is the centre's share of the file's rows this month (its weight in the grade). -#}
{%- set window = var('delivery_history_months') %}

with delivered as (
    select distinct delivery_month as period
    from {{ source('raw', 'listning') }}
),

built as (
    select period, period_start from {{ ref('int_periods') }}
),

measured as (
    select period from built
    union
    select delivered.period
    from delivered
    inner join built
        on delivered.period < built.period
        and delivered.period >= strftime({{ months_before('built.period_start', window) }}, '%Y-%m')
    {% if is_incremental() %}
    where delivered.period not in (select distinct period from {{ this }})
    {% endif %}
),

centres as (
    select hsa_id as centre_id from {{ ref('centres') }}
),

doctor_professions as (
    select profession from {{ ref('professions') }} where profession_group = 'doctor'
),

{#- Every row of the month's files that the checks count, with its unit and date. -#}
file_rows as (
    select delivery_month as period, 'listning.csv' as file, "VardenhetHSAid" as unit_id,
           null::date as on_date, 1.0 as amount
    from {{ source('raw', 'listning') }}
    where delivery_month in (select period from measured)
    union all
    select delivery_month, 'vardkontakter.csv', "VardenhetHSAid", cast("Kontaktdatum" as date), 1.0
    from {{ source('raw', 'vardkontakter') }}
    where delivery_month in (select period from measured)
    union all
    select delivery_month, 'telefoni.csv', "VardenhetHSAid", cast("Inkommande" as date), 1.0
    from {{ source('raw', 'telefoni') }}
    where delivery_month in (select period from measured)
    union all
    select delivery_month, 'matvarden.csv', "VardenhetHSAid", "Datum", 1.0
    from {{ source('raw', 'matvarden') }}
    where delivery_month in (select period from measured)
    union all
    select delivery_month, 'lakemedel.csv', "VardenhetHSAid", "Datum", 1.0
    from {{ source('raw', 'lakemedel') }}
    where delivery_month in (select period from measured)
    union all
    {# Staffing is measured in full-time equivalents, not rows. #}
    select delivery_month, 'bemanning.csv', "VardenhetHSAid", null::date, coalesce("Sysselsattning", 0)
    from {{ source('raw', 'bemanning') }}
    where delivery_month in (select period from measured)
),

unit_totals as (
    select period, file, unit_id, sum(amount) as amount
    from file_rows
    group by all
),

region_totals as (
    select period, file, sum(amount) as amount
    from unit_totals
    group by all
),

centre_files as (
    select measured.period, files.file, centres.centre_id
    from measured
    cross join centres
    cross join (select distinct file from file_rows) as files
),

{#- Counts (and staffing FTE) per centre: the centre's rows against the rest of the region's. -#}
centre_volumes as (
    select
        centre_files.period,
        centre_files.file,
        centre_files.centre_id,
        coalesce(unit_totals.amount, 0) as amount,
        region_totals.amount - coalesce(unit_totals.amount, 0) as rest_of_region,
        coalesce(unit_totals.amount, 0) / nullif(region_totals.amount, 0) as file_share
    from centre_files
    left join unit_totals
        on centre_files.period = unit_totals.period
        and centre_files.file = unit_totals.file
        and centre_files.centre_id = unit_totals.unit_id
    left join region_totals
        on centre_files.period = region_totals.period
        and centre_files.file = region_totals.file
),

{#- Each centre's share of the file's rows (its weight in the grade); the region's is 1. -#}
file_shares as (
    select period, file, centre_id, file_share from centre_volumes
    union all
    select period, file, 'REGION', 1.0 from region_totals
),

volume_measures as (
    select period, file, centre_id,
           case file
               when 'listning.csv' then 'listed'
               when 'vardkontakter.csv' then 'contacts'
               when 'telefoni.csv' then 'calls'
               when 'matvarden.csv' then 'measurements'
               when 'lakemedel.csv' then 'prescriptions'
               when 'bemanning.csv' then 'staff_fte'
           end as measure,
           amount as value,
           amount as denominator,
           {#- Staffing is a level, compared as it is; the rest are counts relative to the region. -#}
           case when file = 'bemanning.csv' then 1 else rest_of_region end as scale,
           file_share
    from centre_volumes
),

{#- Rows of the other files per contact, for the region as a whole. -#}
region_rates as (
    select
        others.period,
        others.file,
        'REGION' as centre_id,
        case others.file
            when 'telefoni.csv' then 'calls_per_contact'
            when 'matvarden.csv' then 'measurements_per_contact'
            when 'lakemedel.csv' then 'prescriptions_per_contact'
        end as measure,
        others.amount / nullif(contacts.amount, 0) as value,
        contacts.amount as denominator,
        1 as scale,
        1.0 as file_share
    from region_totals as others
    inner join region_totals as contacts
        on others.period = contacts.period and contacts.file = 'vardkontakter.csv'
    where others.file in ('telefoni.csv', 'matvarden.csv', 'lakemedel.csv')
),

{#- Codes per contact and the share of doctor contacts with a diagnosis: each contact of the
    delivery with the codes delivered with it. -#}
delivered_codes as (
    select delivery_month as period, "KontaktID" as contact_id,
           count(*) as codes,
           bool_or("Kodtyp" = 'DIA') as has_diagnosis
    from {{ source('raw', 'diagnoser_atgarder') }}
    where delivery_month in (select period from measured)
    group by all
),

coded_contacts as (
    select
        contacts.delivery_month as period,
        contacts."VardenhetHSAid" as unit_id,
        contacts."Yrkeskategori" in (select profession from doctor_professions) as is_doctor_contact,
        coalesce(delivered_codes.codes, 0) as codes,
        coalesce(delivered_codes.has_diagnosis, false) as has_diagnosis
    from {{ source('raw', 'vardkontakter') }} as contacts
    left join delivered_codes
        on contacts.delivery_month = delivered_codes.period
        and contacts."KontaktID" = delivered_codes.contact_id
    where contacts.delivery_month in (select period from measured)
),

coding as (
    select
        period,
        case when grouping(unit_id) = 1 then 'REGION' else unit_id end as centre_id,
        count(*) as contacts,
        sum(codes) as codes,
        count(*) filter (where is_doctor_contact) as doctor_contacts,
        count(*) filter (where is_doctor_contact and has_diagnosis) as doctor_contacts_with_diagnosis
    from coded_contacts
    group by grouping sets ((period, unit_id), (period))
),

coding_with_share as (
    select coding.*, shares.file_share
    from coding
    inner join file_shares as shares
        on coding.period = shares.period and coding.centre_id = shares.centre_id
        and shares.file = 'vardkontakter.csv'
),

coding_measures as (
    select period, 'diagnoser_atgarder.csv' as file, centre_id, 'codes_per_contact' as measure,
           codes / nullif(contacts, 0) as value, contacts as denominator, 1 as scale, file_share
    from coding_with_share
    union all
    select period, 'diagnoser_atgarder.csv', centre_id, 'doctor_contacts_with_diagnosis',
           doctor_contacts_with_diagnosis / nullif(doctor_contacts, 0), doctor_contacts, 1, file_share
    from coding_with_share
),

{#- The longest run of working days without a single row, per file and centre: 0 for a busy
    centre in a whole month; 5 when the export left out the last week, 7 or 8 when a telephony
    file is cut ten days short, or when a centre's record system did not export for a while.
    Working days are Monday to Friday less seeds/holidays.csv, so weekends, Easter and Christmas
    are no gap; the denominator (rows per working day) says whether a centre is busy enough for
    a day without rows to mean anything. -#}
working_days as (
    select days.period, days.day,
           row_number() over (partition by days.period order by days.day) as day_number
    from (
        select period,
               cast(unnest(generate_series(cast(period || '-01' as date),
                                           last_day(cast(period || '-01' as date)), interval 1 day)) as date) as day
        from measured
    ) as days
    left join {{ ref('holidays') }} as holidays on days.day = holidays.holiday_date
    where isodow(days.day) <= 5 and holidays.holiday_date is null
),

gap_files as (
    select 'vardkontakter.csv' as file, 'contacts_longest_gap' as measure
    union all select 'telefoni.csv', 'calls_longest_gap'
    union all select 'matvarden.csv', 'measurements_longest_gap'
    union all select 'lakemedel.csv', 'prescriptions_longest_gap'
),

rows_per_day as (
    select
        period,
        file,
        case when grouping(unit_id) = 1 then 'REGION' else unit_id end as centre_id,
        on_date,
        count(*) as n
    from file_rows
    where file in (select file from gap_files)
      and strftime(on_date, '%Y-%m') = period
    group by grouping sets ((period, file, unit_id, on_date), (period, file, on_date))
),

gap_cells as (
    select measured.period, gap_files.file, gap_files.measure, units.centre_id
    from measured
    cross join gap_files
    cross join (select centre_id from centres union all select 'REGION') as units
),

empty_days as (
    {#- Consecutive empty working days share one island number: day_number minus their rank. -#}
    select
        cells.period, cells.file, cells.measure, cells.centre_id,
        working_days.day_number
            - row_number() over (partition by cells.period, cells.file, cells.centre_id
                                 order by working_days.day_number) as island
    from gap_cells as cells
    inner join working_days on cells.period = working_days.period
    left join rows_per_day
        on cells.period = rows_per_day.period and cells.file = rows_per_day.file
        and cells.centre_id = rows_per_day.centre_id and working_days.day = rows_per_day.on_date
    where rows_per_day.n is null
),

longest_gaps as (
    select period, file, centre_id, max(days) as longest_gap
    from (select period, file, centre_id, island, count(*) as days from empty_days group by all) as islands
    group by all
),

month_rows as (
    select period, file, centre_id, sum(n) as n from rows_per_day group by all
),

gap_measures as (
    select
        cells.period,
        cells.file,
        cells.centre_id,
        cells.measure,
        coalesce(longest_gaps.longest_gap, 0) as value,
        {#- The month's rows per working day, dated in the month. -#}
        coalesce(month_rows.n, 0) / day_counts.working_days as denominator,
        1 as scale,
        shares.file_share
    from gap_cells as cells
    left join longest_gaps
        on cells.period = longest_gaps.period and cells.file = longest_gaps.file
        and cells.centre_id = longest_gaps.centre_id
    left join month_rows
        on cells.period = month_rows.period and cells.file = month_rows.file
        and cells.centre_id = month_rows.centre_id
    inner join (select period, count(*) as working_days from working_days group by all) as day_counts
        on cells.period = day_counts.period
    left join file_shares as shares
        on cells.period = shares.period and cells.file = shares.file and cells.centre_id = shares.centre_id
)

select period, file, centre_id, measure,
       cast(value as double) as value,
       cast(denominator as double) as denominator,
       cast(scale as double) as scale,
       cast(file_share as double) as file_share
from (
    select * from volume_measures
    union all
    select * from region_rates
    union all
    select * from coding_measures
    union all
    select * from gap_measures
) as measures
