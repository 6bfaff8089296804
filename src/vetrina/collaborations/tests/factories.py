from datetime import date, timedelta

import factory
from django.utils import timezone

from vetrina.accounts.tests.factories import OrganisationFactory
from vetrina.collaborations.models import Campaign, CollaborationRequest, Offer, PaymentOption
from vetrina.creators.tests.factories import CreatorFactory


def due_in(days: int = 30) -> date:
    """A due date that stays in the future whenever the tests run."""
    return timezone.localdate() + timedelta(days=days)


def deliverables(count: int = 1) -> list[dict[str, str]]:
    """Good deliverables for terms sent through the API or the service."""
    return [
        {"brief": f"Video {n}: the serum on camera.", "due_date": due_in(30 + n).isoformat()}
        for n in range(count)
    ]


class CampaignFactory(factory.django.DjangoModelFactory[Campaign]):
    class Meta:
        model = Campaign

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Campaign {n}")


class OfferFactory(factory.django.DjangoModelFactory[Offer]):
    class Meta:
        model = Offer

    campaign = factory.SubFactory(CampaignFactory)
    description = "Three videos about our spring serum."
    payment_option = PaymentOption.FIXED_FEE
    payment_amount = 1500
    payment_currency = "USD"
    contact_name = "Anna Rossi"
    contact_email = "anna@acme.test"
    sent_at = factory.LazyFunction(timezone.now)


class CollaborationRequestFactory(factory.django.DjangoModelFactory[CollaborationRequest]):
    """A pending request; its offer's campaign is the request's campaign."""

    class Meta:
        model = CollaborationRequest

    campaign = factory.SubFactory(CampaignFactory)
    offer = factory.SubFactory(OfferFactory, campaign=factory.SelfAttribute("..campaign"))
    creator = factory.SubFactory(CreatorFactory, manager_email="team@creator.example")
    sent_to = factory.LazyAttribute(lambda request: request.creator.manager_email)
    sent_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyAttribute(lambda request: request.sent_at + timedelta(days=7))
