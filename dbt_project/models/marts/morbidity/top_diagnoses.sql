{#- The most frequent diagnoses (ICD-10 three-character categories) registered on the centre's
    primary-care contacts in the 12 months: contacts and persons per category, ranked, with the
    category's Swedish title where seeds/icd10_titles.csv has it. -#}
{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='period') }}

with periods as (
    select * from {{ ref('int_periods') }}
),

diagnosed_contacts as (
    select distinct contacts.unit_id as centre_id, contacts.contact_id, contacts.person_id,
           contacts.is_valid_person_id, contacts.contact_date, substr(codes.code, 1, 3) as category
    from {{ ref('int_contacts_classified') }} as contacts
    inner join {{ ref('stg_export__codes') }} as codes
        on codes.contact_id = contacts.contact_id and codes.code_type = 'DIA' and codes.is_well_formed
    where contacts.is_centre_primary_care and {{ in_run_window('contacts.contact_date', 12) }}
),

counted as (
    select
        coalesce(diagnosed_contacts.centre_id, 'REGION') as centre_id,
        periods.period,
        diagnosed_contacts.category,
        count(distinct diagnosed_contacts.contact_id) as contacts,
        count(distinct diagnosed_contacts.person_id) filter (where diagnosed_contacts.is_valid_person_id) as persons
    from diagnosed_contacts
    inner join periods on {{ in_months_window('diagnosed_contacts.contact_date', 12) }}
    group by grouping sets ((periods.period, diagnosed_contacts.centre_id, diagnosed_contacts.category),
                            (periods.period, diagnosed_contacts.category))
),

titles as (
    select * from {{ ref('icd10_titles') }}
)

select
    counted.centre_id,
    counted.period,
    counted.category,
    titles.title as category_title,
    counted.contacts,
    counted.persons,
    row_number() over (partition by counted.centre_id, counted.period
                       order by counted.contacts desc, counted.category) as rank
from counted
left join titles on titles.code = counted.category
qualify rank <= 15
