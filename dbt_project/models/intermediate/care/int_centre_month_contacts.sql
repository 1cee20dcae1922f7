{#- Primary-care contacts performed by each of the region's centres in each period's month
    (by the date of the contact, so a late registration counts in its own month). -#}
with contacts as (
    select * from {{ ref('int_contacts_classified') }}
    where is_centre_primary_care
),

periods as (
    select * from {{ ref('int_periods') }}
)

select
    periods.period,
    contacts.unit_id as centre_id,
    contacts.contact_id,
    contacts.person_id,
    contacts.is_valid_person_id,
    contacts.contact_date,
    contacts.contact_type,
    contacts.profession,
    contacts.profession_group,
    contacts.is_licensed,
    contacts.is_physical,
    contacts.staff_id,
    contacts.pnr_kind,
    contacts.is_care_guarantee,
    contacts.sought_care_on
from contacts
inner join periods on contacts.contact_month = periods.period
