"""The timeline's back-fill (migration 0004): requests made before the timeline get the steps their own
fields record, and accepted requests of a paid offer their agreed price."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from vetrina.accounts.tests.factories import OrganisationFactory
from vetrina.conftest import migrated_to
from vetrina.creators.tests.factories import CreatorFactory

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("collaborations", "0003_terms_counter_offers_and_timeline")]


def test_old_requests_get_their_steps_and_accepted_ones_their_price():
    # given requests from before the timeline: accepted, withdrawn, expired
    organisation = OrganisationFactory.create()
    creators = [CreatorFactory.create(handle=f"old.{n}") for n in range(3)]
    apps = migrated_to(BEFORE)
    Campaign = apps.get_model("collaborations", "Campaign")
    Offer = apps.get_model("collaborations", "Offer")
    Request = apps.get_model("collaborations", "CollaborationRequest")
    now = timezone.now()
    campaign = Campaign.objects.create(organisation_id=organisation.pk, name="Old")
    offer = Offer.objects.create(
        campaign=campaign,
        description="d",
        payment_option="fixed_fee",
        payment_amount=900,
        payment_currency="USD",
        contact_name="n",
        contact_email="n@x.test",
        sent_at=now - timedelta(days=9),
    )
    common = {"campaign": campaign, "offer": offer, "sent_to": "m@x.test", "sent_at": now - timedelta(days=9)}
    accepted = Request.objects.create(
        creator_id=creators[0].pk, state="accepted", answered_at=now, message="Yes", expires_at=now, **common
    )
    withdrawn = Request.objects.create(
        creator_id=creators[1].pk, state="withdrawn", withdrawn_at=now, expires_at=now, **common
    )
    expired = Request.objects.create(
        creator_id=creators[2].pk, state="expired", expires_at=now - timedelta(days=2), **common
    )
    # when the back-fill runs
    executor = MigrationExecutor(connection)
    migrated_to(executor.loader.graph.leaf_nodes())
    # then
    from vetrina.collaborations.models import CollaborationRequest

    def steps(pk):
        return list(CollaborationRequest.objects.get(pk=pk).events.values_list("kind", "side"))

    assert steps(accepted.pk) == [("sent", "brand"), ("accepted", "creator")]
    assert steps(withdrawn.pk) == [("sent", "brand"), ("withdrawn", "brand")]
    assert steps(expired.pk) == [("sent", "brand"), ("expired", "system")]
    row = CollaborationRequest.objects.get(pk=accepted.pk)
    assert (row.agreed_amount, row.agreed_currency) == (900, "USD")
