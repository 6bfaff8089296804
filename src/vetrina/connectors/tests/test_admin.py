"""Staff read the TikTok connections in the admin, never a token."""

from vetrina.conftest import client_for
from vetrina.connectors.tests.fake_tiktok import connect


def test_staff_see_a_connection_and_none_of_its_tokens(fake_tiktok, creator_account, staff_user):
    connection = connect(fake_tiktok, creator_account)
    staff_user.is_superuser = True
    staff_user.save()
    client = client_for(staff_user)
    listing = client.get("/admin/connectors/tiktokconnection/")
    assert listing.status_code == 200
    assert "anna.styles" in listing.content.decode()
    page = client.get(f"/admin/connectors/tiktokconnection/{connection.pk}/change/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "anna.styles" in text
    for token in [*fake_tiktok.access_tokens, *fake_tiktok.refresh_tokens, connection.access_token_encrypted]:
        assert token not in text
    assert client.get("/admin/connectors/tiktokconnection/add/").status_code == 403
