"""The signed link that confirms a creator's e-mail. It names the application; it works once, because
confirming moves the application on from "e-mail not confirmed", which is what the link asks for."""

from datetime import timedelta

from django.core import signing

CONFIRM_LINK_MAX_AGE = timedelta(days=3)
_SALT = "vetrina.joining.confirm"


def confirm_token_for(application_id: int) -> str:
    return signing.dumps(application_id, salt=_SALT, compress=False)


def confirm_application_id(token: str) -> int | None:
    """The application a confirmation link is for; None when it was altered or is too old."""
    try:
        value = signing.loads(token, salt=_SALT, max_age=CONFIRM_LINK_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is one too
        return None
    return value if isinstance(value, int) else None
