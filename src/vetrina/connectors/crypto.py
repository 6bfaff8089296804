"""The TikTok tokens at rest: encrypted with Fernet (AES-128-CBC and HMAC-SHA256, from the `cryptography`
package) under VETRINA_TIKTOK_TOKEN_KEY. A database copy or backup alone does not open anyone's TikTok.

The setting may list several keys, comma-separated: the first encrypts, every one decrypts, so a new key
can be put first and the old one dropped once every token was refreshed (each refresh re-encrypts)."""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


class TokenKeyError(Exception):
    """A stored token cannot be decrypted with the configured keys (the key was changed)."""


def _fernet(secret: str) -> Fernet:
    # Any long random string makes a key: Fernet wants 32 bytes, base64-encoded, which SHA-256 gives.
    return Fernet(base64.urlsafe_b64encode(hashlib.sha256(secret.encode()).digest()))


def _cipher() -> MultiFernet:
    return MultiFernet([_fernet(secret) for secret in settings.VETRINA_TIKTOK_TOKEN_KEYS])


def token_encrypt(value: str) -> str:
    return _cipher().encrypt(value.encode()).decode("ascii") if value else ""


def token_decrypt(value: str) -> str:
    if not value:
        return ""
    try:
        return _cipher().decrypt(value.encode("ascii")).decode()
    except InvalidToken:
        raise TokenKeyError("the stored TikTok token does not open with VETRINA_TIKTOK_TOKEN_KEY") from None
