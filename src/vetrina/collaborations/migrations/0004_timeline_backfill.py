"""Requests made before the timeline existed get the steps their own fields record (sent, answered,
withdrawn, expired), so that every request has a timeline; accepted requests of a paid offer get the
offer's amount as their agreed price, as new acceptances do."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def backfill(apps, schema_editor):
    CollaborationRequest = apps.get_model("collaborations", "CollaborationRequest")
    RequestEvent = apps.get_model("collaborations", "RequestEvent")
    events = []
    requests = CollaborationRequest.objects.filter(events__isnull=True).select_related("offer")
    for request in requests.iterator(chunk_size=1000):
        events.append(RequestEvent(request=request, kind="sent", side="brand", at=request.sent_at))
        if request.answered_at is not None and request.state in ("accepted", "declined"):
            events.append(
                RequestEvent(
                    request=request,
                    kind=request.state,
                    side="creator",
                    actor_id=request.answered_by_id,
                    at=request.answered_at,
                    message=request.message,
                )
            )
        if request.withdrawn_at is not None:
            events.append(RequestEvent(request=request, kind="withdrawn", side="brand", at=request.withdrawn_at))
        if request.state == "expired":
            events.append(RequestEvent(request=request, kind="expired", side="system", at=request.expires_at))
        if len(events) >= 1000:
            RequestEvent.objects.bulk_create(events)
            events = []
    RequestEvent.objects.bulk_create(events)
    Offer = apps.get_model("collaborations", "Offer")
    offer = Offer.objects.filter(pk=OuterRef("offer_id"))
    CollaborationRequest.objects.filter(
        state="accepted",
        agreed_amount__isnull=True,
        offer__payment_option__in=["fixed_fee", "per_video"],
    ).update(
        agreed_amount=Subquery(offer.values("payment_amount")[:1]),
        agreed_currency=Subquery(offer.values("payment_currency")[:1]),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("collaborations", "0003_terms_counter_offers_and_timeline"),
    ]

    operations = [
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
