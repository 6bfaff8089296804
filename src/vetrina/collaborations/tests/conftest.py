"""Set-up shared by the collaborations tests: two creators to contact, the brand's shortlist of them, and
good terms to send them."""

import pytest

from vetrina.accounts.models import User
from vetrina.collaborations.terms import OfferTerms
from vetrina.collaborations.tests.factories import deliverables
from vetrina.creators.models import Creator
from vetrina.creators.tests.factories import CreatorFactory
from vetrina.shortlists.models import Shortlist
from vetrina.shortlists.tests.factories import ShortlistEntryFactory, ShortlistFactory


@pytest.fixture
def creators() -> list[Creator]:
    return [
        CreatorFactory.create(handle="asha.fits", display_name="Asha", manager_email="team@asha.test"),
        CreatorFactory.create(handle="rk.style", display_name="Rohan", manager_email="team@rk.test"),
    ]


@pytest.fixture
def shortlist(brand_member: User, creators: list[Creator]) -> Shortlist:
    shortlist = ShortlistFactory.create(organisation=brand_member.organisation, name="Spring launch")
    for creator in creators:
        ShortlistEntryFactory.create(shortlist=shortlist, creator=creator)
    return shortlist


@pytest.fixture
def terms() -> OfferTerms:
    return OfferTerms.model_validate(
        {
            "campaign_name": "Spring glow",
            "description": "Three videos about our spring serum.",
            "payment_option": "fixed_fee",
            "payment_amount": "1500",
            "payment_currency": "USD",
            "contact_name": "Anna Rossi",
            "contact_email": "anna@acme.test",
            "contact_phone": "+442079460958",
            "deliverables": deliverables(2),
        }
    )
