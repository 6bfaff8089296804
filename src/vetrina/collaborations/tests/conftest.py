"""Set-up shared by the collaborations tests: two creators to contact, and the brand's shortlist of
them."""

import pytest

from vetrina.accounts.models import User
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
