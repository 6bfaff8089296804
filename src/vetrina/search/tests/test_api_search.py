import pytest
from django.test import Client

from vetrina.creators.tests.factories import AudienceCountryFactory, CreatorFactory


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def handles(response) -> list[str]:
    return [card["handle"] for card in response.json()["results"]]


def test_it_answers_with_the_count_and_the_cards_of_the_design(brand_member):
    CreatorFactory.create(
        handle="asha.fits",
        display_name="Asha Sharma",
        country="IN",
        categories=["fashion", "beauty"],
        reach=1_200_000,
        avg_views=240_000.5,
        engagement_rate=0.061234,
        authenticity_score=92.0,
    )

    response = client_for(brand_member).get("/api/v1/creators")

    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "count_is_estimate": False,
        "results": [
            {
                "handle": "asha.fits",
                "display_name": "Asha Sharma",
                "country": "IN",
                "categories": ["fashion", "beauty"],
                "reach": 1_200_000,
                "avg_views": 240_000.5,
                "engagement_rate": 0.061234,
                "authenticity": 92.0,
                # No words asked for: no caption to show.
                "matched_caption": None,
            }
        ],
    }


def test_it_finds_only_verified_creators_even_for_staff(staff_user):
    CreatorFactory.create(handle="seen", verified=True)
    CreatorFactory.create(handle="unseen", verified=False)

    assert handles(client_for(staff_user).get("/api/v1/creators")) == ["seen"]


@pytest.mark.parametrize("role", ["visitor", "agency_member", "brand_member", "staff_user"])
def test_every_member_role_and_staff_may_search(db, request, role):
    CreatorFactory.create(handle="seen")

    assert handles(client_for(request.getfixturevalue(role)).get("/api/v1/creators")) == ["seen"]


def test_a_creator_side_account_may_not_search(creator_account):
    response = client_for(creator_account).get("/api/v1/creators")

    assert response.status_code == 403
    assert set(response.json()) == {"detail", "errors"}


def test_an_anonymous_caller_gets_401(db):
    assert Client().get("/api/v1/creators").status_code == 401


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"page_size": "101"}, "page_size"),
        ({"page": "0"}, "page"),
        ({"followers_min": "many"}, "followers_min"),
        ({"er_min": "1.5"}, "er_min"),
        ({"er_min": "nan"}, "er_min"),
        ({"authenticity_min": "101"}, "authenticity_min"),
        ({"country": "XX"}, "country"),
        ({"category": "knitting"}, "category"),
        ({"sort": "name"}, "sort"),
        ({"audience_age": "30-40", "audience_age_min": "0.2"}, "audience_age"),
        ({"audience_device_min": "0.5"}, "audience_device_min"),
        ({"audience_country": "IN", "audience_country_min": "-0.1"}, "audience_country_min"),
    ],
)
def test_a_bad_parameter_is_a_400_that_names_it(brand_member, query, field):
    response = client_for(brand_member).get("/api/v1/creators", query)

    assert response.status_code == 400
    assert field in [error["field"] for error in response.json()["errors"]]


def test_unknown_and_empty_parameters_are_ignored(brand_member):
    CreatorFactory.create(handle="seen")

    response = client_for(brand_member).get("/api/v1/creators", {"colour": "blue", "followers_min": ""})

    assert handles(response) == ["seen"]


def test_country_and_category_match_any_of_their_values_case_aside(brand_member):
    CreatorFactory.create(handle="in.fashion", country="IN", categories=["fashion"])
    CreatorFactory.create(handle="us.beauty", country="US", categories=["tech", "beauty"])
    CreatorFactory.create(handle="de.food", country="DE", categories=["food"])
    client = client_for(brand_member)

    both_countries = client.get("/api/v1/creators", {"country": ["in", "US"], "sort": "-followers"})
    both_categories = client.get(
        "/api/v1/creators", {"category": ["beauty", "fashion"], "sort": "-followers"}
    )

    assert handles(both_countries) == ["in.fashion", "us.beauty"]
    assert handles(both_categories) == ["in.fashion", "us.beauty"]


def test_every_word_must_start_a_word_of_the_handle_name_or_bio(brand_member):
    CreatorFactory.create(handle="anna_styles", display_name="Anna", bio="Outfits every day")
    CreatorFactory.create(handle="joanna", display_name="Jo", bio="Styles for Über-cool people")
    client = client_for(brand_member)

    def found(q: str) -> list[str]:
        return handles(client.get("/api/v1/creators", {"q": q, "sort": "-followers"}))

    assert found("ANN") == ["anna_styles"]  # not inside "joanna"
    assert found("sty") == ["anna_styles", "joanna"]
    assert found("anna out") == ["anna_styles"]
    assert found("anna cool") == []
    assert found("über") == ["joanna"]
    assert found("ÜBER-CO") == ["joanna"]


def test_a_least_share_of_zero_keeps_creators_without_that_audience_country(brand_member):
    # A missing audience country is a share of 0, which is at least 0.
    with_india = CreatorFactory.create(handle="with.india")
    AudienceCountryFactory.create(creator=with_india, country="IN", share=0.2)
    CreatorFactory.create(handle="without.india")
    client = client_for(brand_member)

    def found(least: str) -> list[str]:
        query = {"audience_country": "IN", "audience_country_min": least, "sort": "-followers"}
        return handles(client.get("/api/v1/creators", query))

    assert found("0") == ["with.india", "without.india"]
    assert found("0.2") == ["with.india"]
    assert found("0.21") == []


def test_a_creator_without_an_audience_dimension_has_a_share_of_zero(brand_member):
    CreatorFactory.create(handle="young", audience_age_18_24=0.5)
    CreatorFactory.create(handle="unknown.age", audience_age_18_24=None)
    client = client_for(brand_member)

    def found(least: str) -> list[str]:
        query = {"audience_age": "18-24", "audience_age_min": least, "sort": "-followers"}
        return handles(client.get("/api/v1/creators", query))

    assert found("0") == ["unknown.age", "young"]
    assert found("0.5") == ["young"]


def test_the_openapi_schema_describes_the_search(brand_member):
    schema = client_for(brand_member).get("/api/v1/openapi.json").json()

    operation = schema["paths"]["/api/v1/creators"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert {"q", "country", "category", "audience_country_min", "sort", "page", "page_size"} <= names
    assert "200" in operation["responses"]
