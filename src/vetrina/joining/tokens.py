"""The signed link that confirms a creator's e-mail. It names the application; it works once, because
confirming moves the application on from "e-mail not confirmed", which is what the link asks for."""

from datetime import timedelta

from vetrina.accounts.tokens import signed_id, signed_id_token

CONFIRM_LINK_MAX_AGE = timedelta(days=3)
_SALT = "vetrina.joining.confirm"


def confirm_token_for(application_id: int) -> str:
    return signed_id_token(application_id, salt=_SALT)


def confirm_application_id(token: str) -> int | None:
    """The application a confirmation link is for; None when it was altered or is too old."""
    return signed_id(token, salt=_SALT, max_age=CONFIRM_LINK_MAX_AGE)
