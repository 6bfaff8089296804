"""The secrets inside links: invitation tokens (random, stored only as a hash) and the signed link to
the strategy questionnaire."""

import hashlib
import secrets
from datetime import timedelta

from django.core import signing

STRATEGY_LINK_MAX_AGE = timedelta(days=14)
_STRATEGY_SALT = "vetrina.accounts.strategy"


def invitation_token_new() -> tuple[str, str]:
    """A fresh token for the e-mail and the hash to store; the token itself is never stored."""
    token = secrets.token_urlsafe(32)
    return token, invitation_token_hash(token)


def invitation_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def strategy_token_for(application_id: int) -> str:
    return signing.dumps(application_id, salt=_STRATEGY_SALT, compress=False)


def strategy_application_id(token: str) -> int | None:
    """The application a questionnaire link is for; None when the link was altered or is too old."""
    try:
        value = signing.loads(token, salt=_STRATEGY_SALT, max_age=STRATEGY_LINK_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is a BadSignature
        return None
    return value if isinstance(value, int) else None
