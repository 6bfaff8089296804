import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from vetrina.accounts.models import User
from vetrina.collaborations.models import CollaborationRequest
from vetrina.collaborations.tests.factories import CollaborationRequestFactory
from vetrina.creators.models import Creator, FollowerSnapshot, Video
from vetrina.joining.models import CreatorApplication
from vetrina.joining.services import creator_application_verify
from vetrina.joining.tests.helpers import (
    API_BODY,
    CONTACT_FORM,
    PASSWORD,
    client_of,
    joined,
    request_send,
    synced,
)
from vetrina.search.filters import SearchFilters
from vetrina.search.selectors import creators_search

pytestmark = pytest.mark.django_db


def verified(staff_user) -> CreatorApplication:
    application = synced(joined())
    creator_application_verify(application=application, reviewed_by=staff_user)
    application.refresh_from_db()
    return application


def found(viewer) -> list[str]:
    return [
        card["handle"]
        for card in creators_search(viewer=viewer, filters=SearchFilters.model_validate({})).results
    ]


def test_the_space_shows_each_condition_with_the_creators_numbers():
    application = synced(joined(), followers=9_999)
    page = client_of(application).get("/my-creator/").content.decode()
    assert "At least 10K followers" in page
    assert "You have 10K." in page or "You have 9,999." in page or "You have 9.9K." in page
    assert "You posted 3 videos." in page


def test_the_creator_edits_their_profile_and_search_reads_it(staff_user, brand_member):
    application = verified(staff_user)
    response = client_of(application).post(
        "/my-creator/profile/",
        {
            "bio": "Sourdough every morning.",
            "main_category": "food",
            "other_categories": ["travel"],
            "languages": ["en", "it"],
            "rate_per_video": "300",
            "rate_currency": "EUR",
        },
    )
    assert response.status_code == 302
    creator = Creator.objects.get(handle="nina.bakes")
    assert creator.bio == "Sourdough every morning."
    assert creator.categories == ["food", "travel"]
    assert (creator.rate_per_video, creator.rate_currency) == (Decimal("300.00"), "EUR")
    results = creators_search(
        viewer=brand_member, filters=SearchFilters.model_validate({"q": "sourdough"})
    ).results
    assert [card["handle"] for card in results] == ["nina.bakes"]


def test_a_paused_creator_is_hidden_from_search_and_takes_no_new_request(staff_user, brand_member):
    application = verified(staff_user)
    existing = CollaborationRequestFactory.create(creator=application.creator)
    client_of(application).post("/my-creator/pause/", {"paused": "1"})
    assert "nina.bakes" not in found(brand_member)
    with pytest.raises(ValidationError, match="is not taking requests"):
        request_send(brand_member, [Creator.objects.get(handle="nina.bakes")])
    assert CollaborationRequest.objects.filter(pk=existing.pk).exists()
    client_of(application).post("/my-creator/pause/", {"paused": "0"})
    assert "nina.bakes" in found(brand_member)


def test_the_creator_sees_their_page_as_brands_do():
    application = synced(joined())
    response = client_of(application).get("/my-creator/preview/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "@nina.bakes" in page
    assert "Similar creators" not in page


def test_the_download_is_the_creator_in_the_import_format():
    application = synced(joined())
    response = client_of(application).get("/my-creator/export.json")
    assert response["Content-Disposition"].startswith("attachment;")
    document = json.loads(response.content)
    assert document["creator"]["handle"] == "nina.bakes"
    assert document["creator"]["followers"][-1]["count"] == 24_100
    assert len(document["creator"]["videos"]) == 3
    assert document["application"]["date_of_birth"] == "1998-04-02"


def test_leaving_erases_the_creator_and_keeps_the_requests_anonymised(staff_user):
    application = verified(staff_user)
    creator_id = application.creator_id
    assert creator_id is not None
    request = CollaborationRequestFactory.create(creator=application.creator, sent_to="nina@bakes.test")
    client = client_of(application)
    assert client.post("/my-creator/leave/", {"password": "wrong"}).status_code == 400
    response = client.post("/my-creator/leave/", {"password": PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(email="nina@bakes.test").exists()
    assert not CreatorApplication.objects.exists()
    creator = Creator.objects.get(pk=creator_id)
    assert creator.handle == f"former-{creator_id}"
    assert (creator.verified, creator.bio, creator.manager_email, creator.reach) == (False, "", "", None)
    assert not Video.objects.filter(creator_id=creator_id).exists()
    assert not FollowerSnapshot.objects.filter(creator_id=creator_id).exists()
    request.refresh_from_db()
    assert request.creator_id == creator_id
    assert request.sent_to == ""


def test_the_api_refuses_a_request_to_a_paused_creator_with_a_clear_message(staff_user, brand_member):
    from vetrina.conftest import client_for

    application = verified(staff_user)
    client_of(application).post("/my-creator/pause/", {"paused": "1"})
    response = client_for(brand_member).post(
        "/api/v1/collaborations", {**API_BODY, "creators": ["nina.bakes"]}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "@nina.bakes is not taking requests now" in response.content.decode()
    assert not CollaborationRequest.objects.exists()


def test_the_contact_form_refuses_a_paused_creator_with_a_clear_message(staff_user, brand_member):
    from vetrina.conftest import client_for

    application = verified(staff_user)
    client_of(application).post("/my-creator/pause/", {"paused": "1"})
    response = client_for(brand_member).post("/contact/?creator=nina.bakes", CONTACT_FORM)
    assert response.status_code == 400
    assert "@nina.bakes is not taking requests now" in response.content.decode()
    assert not CollaborationRequest.objects.exists()


def test_your_data_sends_a_creator_who_joined_to_leave_from_their_space():
    application = synced(joined())
    client = client_of(application)
    assert "leave from My creator profile" in client.get("/account/").content.decode()
    assert client.post("/account/delete/", {"password": PASSWORD}).status_code == 403
    assert User.objects.filter(email="nina@bakes.test").exists()
