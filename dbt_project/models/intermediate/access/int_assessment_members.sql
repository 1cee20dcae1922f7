{#- 3:an. Primary-care contacts performed by the centre in the month with Vardgaranti = J, by
    licensed staff, with a Sokdatum on or before the contact. Within: date(Kontaktdatum) −
    Sokdatum <= assessment_max_days (3) calendar days (5 March -> 8 March is within).
    Exclusions: a care-guarantee contact without Sokdatum, or with a Sokdatum after the contact,
    is a registration error and left out of both numerator and denominator. -#}
with guarantee_contacts as (
    select * from {{ ref('int_centre_month_contacts') }}
    where is_care_guarantee and is_licensed
),

exclusions as (
    select contact_id
    from guarantee_contacts
    where sought_care_on is null or sought_care_on > contact_date
)

select
    guarantee_contacts.period,
    guarantee_contacts.centre_id,
    guarantee_contacts.contact_id,
    {{ days_between('guarantee_contacts.sought_care_on', 'guarantee_contacts.contact_date') }} as days_to_assessment,
    {{ days_between('guarantee_contacts.sought_care_on', 'guarantee_contacts.contact_date') }}
        <= {{ var("assessment_max_days") }} as is_within_limit
from guarantee_contacts
anti join exclusions using (contact_id)
