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
