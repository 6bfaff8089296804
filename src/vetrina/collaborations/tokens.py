"""The signed link in a collaboration request's e-mail: it opens that request, and no other, with no
account. It carries the request's id, signed; what it may do is decided by the request's state (only a
pending request can be answered), so it needs no expiry of its own."""

from django.core import signing

_ANSWER_SALT = "vetrina.collaborations.answer"


def answer_token_for(request_id: int) -> str:
    return signing.dumps(request_id, salt=_ANSWER_SALT, compress=False)


def answer_request_id(token: str) -> int | None:
    """The request a link is for; None when the link was altered."""
    try:
        value = signing.loads(token, salt=_ANSWER_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None
