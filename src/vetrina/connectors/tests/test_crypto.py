"""The tokens at rest (connectors.crypto): encrypted under VETRINA_TIKTOK_TOKEN_KEY, which can change."""

import pytest

from vetrina.connectors.crypto import TokenKeyError, token_decrypt, token_encrypt


def test_a_token_comes_back_as_it_went_in_and_is_not_stored_readable(settings):
    settings.VETRINA_TIKTOK_TOKEN_KEYS = ["a long random key for the tests"]
    stored = token_encrypt("act.secret-token")
    assert "secret-token" not in stored
    assert token_decrypt(stored) == "act.secret-token"


def test_a_new_key_put_first_still_reads_tokens_of_the_old_one(settings):
    settings.VETRINA_TIKTOK_TOKEN_KEYS = ["the old key"]
    stored = token_encrypt("act.secret-token")
    settings.VETRINA_TIKTOK_TOKEN_KEYS = ["the new key", "the old key"]
    assert token_decrypt(stored) == "act.secret-token"


def test_another_key_cannot_read_a_token(settings):
    settings.VETRINA_TIKTOK_TOKEN_KEYS = ["one key"]
    stored = token_encrypt("act.secret-token")
    settings.VETRINA_TIKTOK_TOKEN_KEYS = ["another key"]
    with pytest.raises(TokenKeyError):
        token_decrypt(stored)
