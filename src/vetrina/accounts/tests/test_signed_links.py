"""Signed links that name a row (accounts.tokens.signed_id_token): the questionnaire's, a collaboration
request's answer link, a creator's e-mail confirmation. One way to make and read them, one salt each."""

import time
from datetime import timedelta
from unittest import mock

from django.core import signing

from vetrina.accounts.tokens import strategy_application_id, strategy_token_for
from vetrina.collaborations.tokens import answer_request_id, answer_token_for
from vetrina.joining.tokens import confirm_application_id, confirm_token_for

KINDS = [
    ("vetrina.accounts.strategy", strategy_token_for, strategy_application_id),
    ("vetrina.collaborations.answer", answer_token_for, answer_request_id),
    ("vetrina.joining.confirm", confirm_token_for, confirm_application_id),
]


def test_a_link_e_mailed_before_the_links_shared_their_code_still_opens_its_row():
    # The links in inboxes now (a pending creator's confirmation among them) were signed thus.
    for salt, _make, read in KINDS:
        assert read(signing.dumps(42, salt=salt, compress=False)) == 42


def test_each_kind_of_link_opens_its_own_kind_only():
    for _salt, make, read in KINDS:
        for _other_salt, other_make, _other_read in KINDS:
            assert read(other_make(7)) == (7 if other_make is make else None)


def test_an_altered_link_opens_nothing():
    for _salt, make, read in KINDS:
        token = make(7)
        assert read(token[:-2] + ("xx" if not token.endswith("xx") else "yy")) is None


def test_the_confirmation_and_the_questionnaire_links_expire_and_the_answer_link_does_not():
    long_ago = time.time() - timedelta(days=30).total_seconds()
    with mock.patch("django.core.signing.time.time", return_value=long_ago):
        old = {make: make(7) for _salt, make, _read in KINDS}
    assert strategy_application_id(old[strategy_token_for]) is None
    assert confirm_application_id(old[confirm_token_for]) is None
    assert answer_request_id(old[answer_token_for]) == 7
