import re

from django.test import Client

from vetrina.accounts.tests.factories import UserFactory

PASSWORD = "a-long-pass-phrase"


def test_members_log_in_with_their_e_mail_in_any_case(client: Client, brand_member):
    response = client.post("/login/", {"username": "Brand@Acme.test", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_staff_log_in_with_their_username(client: Client, staff_user):
    response = client.post(
        "/login/?next=/review/", {"username": "staff", "password": "pw", "next": "/review/"}
    )
    assert response["Location"] == "/review/"


def test_a_wrong_password_is_refused_with_a_message(client: Client, brand_member):
    response = client.post("/login/", {"username": brand_member.email, "password": "wrong"})
    assert response.status_code == 200
    assert "Please enter a correct" in response.content.decode()


def test_it_locks_out_after_five_failures_for_fifteen_minutes(client: Client, brand_member, axes_on):
    # when five log-ins fail
    for _ in range(5):
        client.post("/login/", {"username": brand_member.email, "password": "wrong"})
    # then even the right password is refused, with a clear message
    response = client.post("/login/", {"username": brand_member.email, "password": PASSWORD})
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many failed log-ins." in page
    assert "locked for 15 minutes" in page
    assert "_auth_user_id" not in client.session


def test_four_failures_do_not_lock_and_a_success_clears_them(client: Client, brand_member, axes_on):
    for _ in range(4):
        client.post("/login/", {"username": brand_member.email, "password": "wrong"})
    assert client.post("/login/", {"username": brand_member.email, "password": PASSWORD}).status_code == 302
    client.post("/logout/")
    for _ in range(4):
        client.post("/login/", {"username": brand_member.email, "password": "wrong"})
    assert client.post("/login/", {"username": brand_member.email, "password": PASSWORD}).status_code == 302


def test_the_lock_is_per_account_and_address(client: Client, brand_member, axes_on):
    other = UserFactory.create(username="other@acme.test")
    for _ in range(5):
        client.post("/login/", {"username": brand_member.email, "password": "wrong"})
    assert client.post("/login/", {"username": other.email, "password": PASSWORD}).status_code == 302


def test_failures_by_username_and_by_e_mail_count_against_one_account(client: Client, staff_user, axes_on):
    # when 4 log-ins fail by the username and 1 by the e-mail, in another case
    for _ in range(4):
        assert client.post("/login/", {"username": "staff", "password": "wrong"}).status_code == 200
    assert client.post("/login/", {"username": "Staff@Vetrina.test", "password": "wrong"}).status_code == 429
    # then the account is locked whichever name is typed, even with the right password
    for name in ("staff", "staff@vetrina.test"):
        response = client.post("/login/", {"username": name, "password": "pw"})
        assert response.status_code == 429
        assert "Logging in to this account from here is locked" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_client_guessing_across_many_accounts_is_locked_from_all(
    client: Client, brand_member, settings, axes_on
):
    # given a client that failed a few times at each of many accounts, never reaching one account's limit
    settings.VETRINA_LOGIN_CLIENT_FAILURE_LIMIT = 12
    for number in range(6):
        for _ in range(2):
            client.post("/login/", {"username": f"guess{number}@acme.test", "password": "wrong"})
    # then it cannot log in to any account, not even with the right password
    response = client.post("/login/", {"username": brand_member.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Logging in to any account from here is locked for 15 minutes" in response.content.decode()
    # while another client logs in to that account as usual
    elsewhere = Client(REMOTE_ADDR="192.0.2.7")
    assert (
        elsewhere.post("/login/", {"username": brand_member.email, "password": PASSWORD}).status_code == 302
    )


def test_a_client_under_its_limit_is_not_locked(client: Client, brand_member, settings, axes_on):
    settings.VETRINA_LOGIN_CLIENT_FAILURE_LIMIT = 12
    for number in range(11):
        client.post("/login/", {"username": f"guess{number}@acme.test", "password": "wrong"})
    assert client.post("/login/", {"username": brand_member.email, "password": PASSWORD}).status_code == 302


def test_a_short_or_common_password_is_refused_on_reset_with_the_rule_stated(
    client: Client, brand_member, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/password-reset/", {"email": brand_member.email})
    link = re.search(r"https?://[^/]+(/password-reset/\S+/\S+/)", mailoutbox[0].body)
    assert link is not None
    page = client.get(link.group(1), follow=True)
    assert "At least 12 characters, not a common password" in page.content.decode()
    response = client.post(
        page.redirect_chain[-1][0], {"new_password1": "gerd1234", "new_password2": "gerd1234"}
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "This password is too short. It must contain at least 12 characters." in text
    brand_member.refresh_from_db()
    assert brand_member.check_password(PASSWORD)


def test_log_out_is_a_post(client: Client, brand_member):
    client.force_login(brand_member)
    assert client.get("/logout/").status_code == 405
    assert client.post("/logout/")["Location"] == "/"
    assert "_auth_user_id" not in client.session


def test_the_e_mailed_password_reset_link_sets_a_new_password(
    client: Client, brand_member, mailoutbox, settings, django_capture_on_commit_callbacks
):
    # when
    settings.VETRINA_BASE_URL = "https://vetrina.example"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/password-reset/", {"email": "BRAND@acme.test"})
    # then
    assert response["Location"] == "/password-reset/sent/"
    [message] = mailoutbox
    assert message.subject == "Reset your Vetrina password"
    assert message.alternatives[0].mimetype == "text/html"
    link = re.search(r"https://vetrina\.example(/password-reset/\S+/\S+/)", message.body)
    assert link is not None
    # when the link is followed and a new password chosen
    page = client.get(link.group(1), follow=True)
    assert "Choose a new password" in page.content.decode()
    done = client.post(
        page.redirect_chain[-1][0], {"new_password1": "quiet-meadow-77", "new_password2": "quiet-meadow-77"}
    )
    assert done["Location"] == "/password-reset/complete/"
    brand_member.refresh_from_db()
    assert brand_member.check_password("quiet-meadow-77")


def test_password_reset_for_an_unknown_address_looks_the_same(
    client: Client, db, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/password-reset/", {"email": "nobody@nowhere.test"})
    assert response["Location"] == "/password-reset/sent/"
    assert mailoutbox == []


def test_behind_a_trusted_proxy_a_guessing_client_does_not_lock_out_the_others(
    brand_member, settings, axes_on
):
    # given one proxy in front: every connection comes from 127.0.0.1, the client is in X-Forwarded-For
    settings.VETRINA_TRUSTED_PROXIES = 1
    settings.VETRINA_LOGIN_CLIENT_FAILURE_LIMIT = 4
    guesser = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1")
    for number in range(4):
        guesser.post("/login/", {"username": f"guess{number}@acme.test", "password": "wrong"})
    # then the guessing client is locked
    assert guesser.post("/login/", {"username": brand_member.email, "password": PASSWORD}).status_code == 429
    # and a member coming through the same proxy from elsewhere logs in
    member = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert member.post("/login/", {"username": brand_member.email, "password": PASSWORD}).status_code == 302
