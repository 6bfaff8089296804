"""The signed link in a collaboration request's e-mail: it opens that request, and no other, with no
account. It carries the request's id, signed; what it may do is decided by the request's state (only a
pending request can be answered), so it needs no expiry of its own."""

from vetrina.accounts.tokens import signed_id, signed_id_token

_ANSWER_SALT = "vetrina.collaborations.answer"


def answer_token_for(request_id: int) -> str:
    return signed_id_token(request_id, salt=_ANSWER_SALT)


def answer_request_id(token: str) -> int | None:
    """The request a link is for; None when the link was altered."""
    return signed_id(token, salt=_ANSWER_SALT)
