"""What Vetrina holds about one account, as one JSON document the account's owner downloads
(docs/privacy.md)."""

from datetime import datetime
from typing import Any

from axes.models import AccessFailureLog, AccessLog

from vetrina.accounts.models import Application, User
from vetrina.api.models import ApiToken
from vetrina.collaborations.models import CollaborationRequest
from vetrina.connectors.models import TikTokConnection
from vetrina.notifications.models import Notification
from vetrina.shortlists.models import Shortlist


def _when(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def account_export(user: User) -> dict[str, Any]:
    """The account, its organisation, the lists it made, the requests it sent, its notifications, its API
    tokens (their names, never a secret), its log-in records and its applications."""
    organisation = user.organisation
    return {
        "account": {
            "username": user.username,
            "email": user.email,
            "name": user.get_full_name(),
            "role": user.role,
            "owner_of_organisation": user.is_owner,
            "language": user.language,
            "joined": _when(user.date_joined),
            "last_login": _when(user.last_login),
        },
        "organisation": organisation
        and {
            "name": organisation.name,
            "kind": organisation.kind,
            "country": str(organisation.country),
            "region": organisation.region,
            "phone": str(organisation.phone or ""),
            "created": _when(organisation.created_at),
        },
        "applications": [
            {
                "company_name": application.company_name,
                "applicant_type": application.applicant_type,
                "country": str(application.country),
                "region": application.region,
                "phone": str(application.phone or ""),
                "contact_name": application.contact_name,
                "contact_email": application.contact_email,
                "state": application.state,
                "applied": _when(application.created_at),
                "reviewed": _when(application.reviewed_at),
                "marketing_strategy": application.marketing_strategy,
                "target_audience": application.target_audience,
            }
            for application in Application.objects.filter(contact_email__iexact=user.email).order_by("pk")
            if user.email
        ],
        "lists_made": [
            {
                "name": shortlist.name,
                "description": shortlist.description,
                "created": _when(shortlist.created_at),
                "creators": [entry.creator.handle for entry in shortlist.entries.all()],
            }
            for shortlist in Shortlist.objects.filter(created_by=user)
            .prefetch_related("entries__creator")
            .order_by("pk")
        ],
        "requests_sent": [
            {
                "creator": request.creator.handle,
                "campaign": request.campaign.name,
                "sent_to": request.sent_to,
                "state": request.state,
                "sent": _when(request.sent_at),
                "answered": _when(request.answered_at),
                "offer": request.offer.description,
                "contact_name": request.offer.contact_name,
                "contact_email": request.offer.contact_email,
            }
            for request in CollaborationRequest.objects.filter(offer__sent_by=user)
            .select_related("creator", "campaign", "offer")
            .order_by("pk")
        ],
        "notifications": [
            {
                "kind": notification.kind,
                "created": _when(notification.created_at),
                "read": _when(notification.read_at),
            }
            for notification in Notification.objects.filter(user=user).order_by("pk")
        ],
        # The connected TikTok account, never its tokens.
        "tiktok": [
            {
                "username": connection.username,
                "state": connection.state,
                "scopes": sorted(connection.scope_set),
                "business_account": connection.is_business_account,
                "connected": _when(connection.connected_at),
                "last_synced": _when(connection.last_synced_at),
            }
            for connection in TikTokConnection.objects.filter(user=user)
        ],
        "api_tokens": [
            {
                "name": token.name,
                "scope": token.scope,
                "created": _when(token.created_at),
                "last_used": _when(token.last_used_at),
                "revoked": _when(token.revoked_at),
            }
            for token in ApiToken.objects.filter(user=user).order_by("pk")
        ],
        "login_records": [
            {
                "at": _when(record.attempt_time),
                "ip_address": record.ip_address,
                "user_agent": record.user_agent,
            }
            for record in AccessLog.objects.filter(username=user.username).order_by("attempt_time")
        ],
        "failed_logins": [
            {
                "at": _when(record.attempt_time),
                "ip_address": record.ip_address,
                "user_agent": record.user_agent,
            }
            for record in AccessFailureLog.objects.filter(username=user.username).order_by("attempt_time")
        ],
    }
