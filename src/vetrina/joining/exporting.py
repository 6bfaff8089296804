"""What a creator who joined takes with them when they leave: their creator in the import format
(docs/import-format.md, the line `vetrina import` reads back) and what they told us when applying."""

from typing import Any

from vetrina.ingest.exporting import creator_line
from vetrina.joining.models import CreatorApplication


def creator_data_export(application: CreatorApplication) -> dict[str, Any]:
    creator = application.creator
    # The rate the creator set last: their creator's once it exists (they edit it there).
    rate = (creator.rate_per_video, creator.rate_currency) if creator is not None else None
    return {
        "application": {
            "handle": application.handle,
            "email": application.email,
            "country": str(application.country),
            "categories": application.categories,
            "languages": application.languages,
            "date_of_birth": application.date_of_birth,
            "rate_per_video": rate[0] if rate else application.rate_per_video,
            "rate_currency": rate[1] if rate else application.rate_currency,
            "state": application.state,
            "applied_at": application.created_at,
            "confirmed_at": application.confirmed_at,
            "last_sync": application.synced_at,
            "refusal_reason": application.refusal_reason,
            # The refusals applied again after, oldest first.
            "earlier_refusals": [
                {"refused_at": refusal.refused_at, "reason": refusal.reason}
                for refusal in application.earlier_refusals.all()
            ],
        },
        # One line of the import format: the creator as Vetrina holds it, videos and history included.
        "creator": creator_line(creator.pk) if creator is not None else None,
    }
