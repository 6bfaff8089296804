import factory

from vetrina.accounts.tests.factories import OrganisationFactory
from vetrina.creators.tests.factories import CreatorFactory
from vetrina.shortlists.models import Shortlist, ShortlistEntry


class ShortlistFactory(factory.django.DjangoModelFactory[Shortlist]):
    class Meta:
        model = Shortlist

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"List {n}")
    description = ""


class ShortlistEntryFactory(factory.django.DjangoModelFactory[ShortlistEntry]):
    class Meta:
        model = ShortlistEntry

    shortlist = factory.SubFactory(ShortlistFactory)
    creator = factory.SubFactory(CreatorFactory)
