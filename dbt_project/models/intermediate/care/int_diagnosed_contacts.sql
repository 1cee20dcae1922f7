{#- Each diagnosis category (ICD-10, three characters) registered on a primary-care contact of
    the region's centres in the 12 months the run's windows reach, once per contact and
    category, with the contact's centre, person and month: what marts.top_diagnoses counts.
    Its own table, and staged within it (the window's contacts once, then the codes of those
    contacts only): written as one join inside top_diagnoses, DuckDB's plan ran out of its 4 GiB
    at 2.4 M listed with 12 months of history; as a table it takes a few seconds.
    The window is taken by the months of period_window_months, besides in_run_window's date
    range: with only a date range here whose bounds were subqueries on int_periods, this model
    ran out of the 4 GiB at 2.4 M listed with 12 months of history (tried 2026-11-25). The
    date range, constant when the run's months are given, lets the scan skip older row groups.
-#}
with window_contacts as materialized (
    select contact_id, unit_id as centre_id, person_id, is_valid_person_id, contact_month
    from {{ ref('int_contacts_classified') }}
    where is_centre_primary_care
      and {{ in_run_window('contact_date', 12) }}
      and contact_month in (select window_month from ({{ period_window_months(12) }}))
),

diagnosis_codes as (
    {#- once per contact and category here, on two short keys: a contact is one row of
        window_contacts (contact_id is unique in staging, tested), so the join below gives each
        row once, where a distinct over the joined rows hashed their pseudonyms too (6.2 -> 3.9 s
        at 2.4 M listed, the same rows). -#}
    select distinct contact_id, substr(code, 1, 3) as category
    from {{ ref('stg_export__codes') }}
    where code_type = 'DIA' and is_well_formed and contact_id in (select contact_id from window_contacts)
)

select window_contacts.*, diagnosis_codes.category
from diagnosis_codes
inner join window_contacts using (contact_id)
