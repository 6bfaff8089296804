"""The secrets inside links: invitation tokens (random, stored only as a hash), and signed links that
name a row (the strategy questionnaire's here; a collaboration request's answer link and a creator's
e-mail confirmation use the same two functions)."""

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


def signed_id_token(row_id: int, *, salt: str) -> str:
    """A link's token that names one row: its id and the time, signed under `salt` (one salt per kind of
    link, so that one kind's token never opens another's). Nothing is stored: the row's state decides
    whether the link still works, which is what makes it single-use."""
    return signing.dumps(row_id, salt=salt, compress=False)


def signed_id(token: str, *, salt: str, max_age: timedelta | None = None) -> int | None:
    """The id `signed_id_token` put in `token`; None when the token was altered, or is older than
    `max_age`."""
    try:
        value = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:  # SignatureExpired is a BadSignature
        return None
    return value if isinstance(value, int) else None


def strategy_token_for(application_id: int) -> str:
    return signed_id_token(application_id, salt=_STRATEGY_SALT)


def strategy_application_id(token: str) -> int | None:
    """The application a questionnaire link is for; None when the link was altered or is too old."""
    return signed_id(token, salt=_STRATEGY_SALT, max_age=STRATEGY_LINK_MAX_AGE)
