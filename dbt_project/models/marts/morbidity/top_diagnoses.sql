{#- The most frequent diagnoses (ICD-10 three-character categories) registered on the centre's
    primary-care contacts in the 12 months: contacts and persons per category, ranked, with the
    category's Swedish title where seeds/icd10_titles.csv has it. -#}
with diagnosed_contacts as (
    select contact_id, unit_id as centre_id, person_id, is_valid_person_id, contact_month, category
    from {{ ref('int_diagnosed_contacts') }}
    where {{ is_centre_primary_care('care_level', 'unit_id') }} and {{ in_run_window('contact_date', 12) }}
),

in_window as (
    select window_months.period, diagnosed_contacts.*
    from diagnosed_contacts
    inner join ({{ period_window_months(12) }}) as window_months
        on diagnosed_contacts.contact_month = window_months.window_month
),

{#- Distinct persons per centre and for REGION, each a plain `select distinct` first and counted
    after: a distinct aggregate per (period, centre, category) group kept a set of persons for
    each of hundreds of thousands of groups and ran out of memory on a run of three months at
    2.4 M listed, where a distinct can spill to disk. A contact is one row of in_window per
    period and category (diagnosed_contacts is distinct), so contacts are counted as rows. -#}
centre_persons as (
    select distinct period, centre_id, category, person_id
    from in_window
    where is_valid_person_id
),

region_persons as (
    select distinct period, category, person_id
    from in_window
    where is_valid_person_id
),

persons as (
    select centre_id, period, category, count(*) as persons
    from centre_persons
    group by all
    union all
    select 'REGION', period, category, count(*)
    from region_persons
    group by all
),

contacts as (
    select coalesce(centre_id, 'REGION') as centre_id, period, category, count(*) as contacts
    from in_window
    group by grouping sets ((period, centre_id, category), (period, category))
),

counted as (
    select contacts.centre_id, contacts.period, contacts.category, contacts.contacts,
           coalesce(persons.persons, 0) as persons
    from contacts
    left join persons using (centre_id, period, category)
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
                       order by counted.contacts desc, counted.category asc) as rank
from counted
left join titles on titles.code = counted.category
qualify rank <= 15
