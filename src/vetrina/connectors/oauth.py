"""The pieces of an OAuth start that live in the creator's session until TikTok sends them back: the
`state` that ties the answer to this browser, the PKCE verifier, and where to return."""

import base64
import hashlib
import secrets
from dataclasses import asdict, dataclass
from typing import Any

from django.contrib.sessions.backends.base import SessionBase
from django.utils.http import url_has_allowed_host_and_scheme

_SESSION_KEY = "vetrina.connectors.tiktok_oauth"


@dataclass(frozen=True)
class PendingAuthorization:
    state: str
    code_verifier: str
    next_path: str

    @property
    def code_challenge(self) -> str:
        # RFC 7636's S256: the unpadded base64url of the verifier's SHA-256.
        digest = hashlib.sha256(self.code_verifier.encode("ascii")).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def local_path(candidate: str | None, *, default: str) -> str:
    """`candidate` when it is a path on this site ("/requests/"), else `default`: never another host,
    a scheme-relative //host or a backslash trick, so the callback cannot send anyone elsewhere."""
    if (
        candidate
        and candidate.startswith("/")
        and not candidate.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(candidate, allowed_hosts=None)
    ):
        return candidate
    return default


def authorization_start(session: SessionBase, *, next_path: str) -> PendingAuthorization:
    pending = PendingAuthorization(
        state=secrets.token_urlsafe(32), code_verifier=secrets.token_urlsafe(64), next_path=next_path
    )
    session[_SESSION_KEY] = asdict(pending)
    return pending


def authorization_finish(session: SessionBase, *, state: str | None) -> PendingAuthorization | None:
    """The pending authorization whose state TikTok sent back, used up; None when there is none or the
    state differs (a forged or replayed answer)."""
    stored: Any = session.pop(_SESSION_KEY, None)
    if (
        not isinstance(stored, dict)
        or not state
        or not secrets.compare_digest(str(stored.get("state")), state)
    ):
        return None
    return PendingAuthorization(**stored)
