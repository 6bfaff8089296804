"""Similar creators (docs/numbers.md, "Similar creators"): who may be similar, and the similarity of
each, computed here again from the definitions, apart from the code under test (the oracle style)."""

import pytest
from django.test import Client

from vetrina.accounts.models import User
from vetrina.creators.models import Creator
from vetrina.creators.tests.factories import AudienceCountryFactory, CreatorFactory

API = "/api/v1/creators/{}/similar"
PAGE = "/creators/{}/similar/"

AGES = ("13_17", "18_24", "25_34", "35_44", "45_54", "55_plus")


def audience(ages: tuple[float, ...], female: float, ios: float) -> dict[str, float]:
    columns = {f"audience_age_{bracket}": share for bracket, share in zip(AGES, ages, strict=True)}
    columns |= {"audience_gender_female": female, "audience_gender_male": 1 - female - 0.01}
    columns |= {"audience_gender_other": 0.01, "audience_device_ios": ios, "audience_device_android": 1 - ios}
    columns |= {"audience_device_other": 0.0}
    return columns


def make(
    handle: str, *, categories: list[str], reach: int | None, er: float | None, countries=None, **kwargs
) -> Creator:
    creator = CreatorFactory.create(
        handle=handle,
        display_name=handle.title(),
        categories=categories,
        reach=reach,
        engagement_rate=er,
        **kwargs,
    )
    for country, share in (countries or {}).items():
        AudienceCountryFactory.create(creator=creator, country=country, share=share)
    return creator


@pytest.fixture
def field(db) -> dict[str, Creator]:
    """Anna and the creators around her: three may be similar, five may not."""
    young = audience((0.1, 0.5, 0.3, 0.05, 0.03, 0.02), female=0.8, ios=0.6)
    close = audience((0.12, 0.45, 0.3, 0.07, 0.04, 0.02), female=0.75, ios=0.55)
    older = audience((0.0, 0.1, 0.2, 0.3, 0.2, 0.2), female=0.4, ios=0.3)
    return {
        "anna": make(
            "anna",
            categories=["fashion", "beauty"],
            reach=100_000,
            er=0.05,
            countries={"US": 0.7, "GB": 0.3},
            **young,
        ),
        # may be similar
        "twin": make(
            "twin",
            categories=["fashion", "beauty"],
            reach=120_000,
            er=0.045,
            countries={"US": 0.6, "CA": 0.4},
            **close,
        ),
        "cousin": make(
            "cousin", categories=["beauty"], reach=300_000, er=0.02, countries={"DE": 1.0}, **older
        ),
        "plain": make("plain", categories=["fashion"], reach=20_000, er=None),  # no audience, no ER
        # may not
        "self_sized_but_unverified": make(
            "unverified", categories=["fashion", "beauty"], reach=100_000, er=0.05, verified=False, **young
        ),
        "too_big": make("too.big", categories=["fashion"], reach=1_000_001, er=0.05, **young),
        "too_small": make("too.small", categories=["fashion"], reach=9_999, er=0.05, **young),
        "other_first_category": make(
            "fitness.first", categories=["fitness", "fashion"], reach=100_000, er=0.05
        ),
        "no_reach": make("no.reach", categories=["fashion"], reach=None, er=0.05),
    }


# --- The oracle: docs/numbers.md's definitions, written out again ----------------------------------


def shares_of(creator: Creator, prefix: str) -> dict[str, float] | None:
    values = {name: value for name, value in vars(creator).items() if name.startswith(prefix)}
    if all(value is None for value in values.values()):
        return None
    return {name: value or 0.0 for name, value in values.items()}


def countries_of(creator: Creator) -> dict[str, float] | None:
    return {row.country: row.share for row in creator.audience_countries.all()} or None


def distance(a: dict[str, float], b: dict[str, float]) -> float:
    keys = set(a) | set(b)
    return 0.5 * sum(abs(a.get(k, 0) - b.get(k, 0)) for k in keys)


def expected_alike(a: Creator, b: Creator) -> float | None:
    gaps = []
    for side_a, side_b in (
        (shares_of(a, "audience_age_"), shares_of(b, "audience_age_")),
        (shares_of(a, "audience_gender_"), shares_of(b, "audience_gender_")),
        (shares_of(a, "audience_device_"), shares_of(b, "audience_device_")),
        (countries_of(a), countries_of(b)),
    ):
        if side_a and side_b:
            gaps.append(distance(side_a, side_b))
    return 1 - sum(gaps) / len(gaps) if gaps else None


def expected_similarity(a: Creator, b: Creator) -> float:
    parts = []  # (weight, value) of the defined parts
    alike = expected_alike(a, b)
    if alike is not None:
        parts.append((0.4, alike))
    parts.append(
        (0.2, len(set(a.categories) & set(b.categories)) / len(set(a.categories) | set(b.categories)))
    )
    assert a.reach is not None and b.reach is not None  # noqa: PT018 (the oracle's own precondition)
    parts.append((0.25, min(a.reach, b.reach) / max(a.reach, b.reach)))
    if a.engagement_rate and b.engagement_rate:
        parts.append(
            (0.15, min(a.engagement_rate, b.engagement_rate) / max(a.engagement_rate, b.engagement_rate))
        )
    return sum(weight * value for weight, value in parts) / sum(weight for weight, _ in parts)


@pytest.fixture
def signed_in(client: Client, brand_member: User) -> Client:
    client.force_login(brand_member)
    return client


def test_the_similar_creators_are_the_eligible_ones_most_alike_first(signed_in: Client, field):
    anna = field["anna"]
    response = signed_in.get(API.format("anna"))
    assert response.status_code == 200
    results = response.json()["results"]

    eligible = [field["twin"], field["cousin"], field["plain"]]
    expected = sorted(eligible, key=lambda c: (-expected_similarity(anna, c), c.handle))
    assert [found["handle"] for found in results] == [c.handle for c in expected]
    for found, creator in zip(results, expected, strict=True):
        assert found["similarity"] == pytest.approx(expected_similarity(anna, creator), abs=1e-9)
        alike = expected_alike(anna, creator)
        assert found["audience_alike"] == (None if alike is None else pytest.approx(alike, abs=1e-9))
        assert found["reach_ratio"] == pytest.approx(creator.reach / anna.reach)
        assert found["shared_categories"] == [c for c in creator.categories if c in anna.categories]


def test_each_result_says_why_in_words(signed_in: Client, field):
    results = {found["handle"]: found for found in signed_in.get(API.format("anna")).json()["results"]}
    twin_alike = round(100 * (expected_alike(field["anna"], field["twin"]) or 0))
    assert results["twin"]["reasons"] == f"same categories; audience {twin_alike}% alike; 1.2× the followers"
    cousin_alike = round(100 * (expected_alike(field["anna"], field["cousin"]) or 0))
    assert results["cousin"]["reasons"] == f"also Beauty; audience {cousin_alike}% alike; 3.0× the followers"
    # no audience to compare: that part is left out of the sentence too
    assert results["plain"]["reasons"] == "also Fashion; 0.2× the followers"


def test_a_creator_without_reach_has_no_similar_creators(staff_client: Client, field):
    response = staff_client.get(API.format("no.reach"))
    assert response.status_code == 200
    assert response.json() == {"handle": "no.reach", "results": []}


def test_limit_keeps_the_first_and_is_checked(signed_in: Client, field):
    first = signed_in.get(API.format("anna"), {"limit": 1}).json()["results"]
    everything = signed_in.get(API.format("anna")).json()["results"]
    assert [found["handle"] for found in first] == [everything[0]["handle"]]
    for wrong in ("0", "51", "many"):
        response = signed_in.get(API.format("anna"), {"limit": wrong})
        assert response.status_code == 400
        assert response.json()["errors"][0]["field"] == "limit"


def test_members_ask_about_verified_creators_only(signed_in: Client, staff_client: Client, field):
    assert signed_in.get(API.format("unverified")).status_code == 404
    assert signed_in.get(PAGE.format("unverified")).status_code == 404
    # staff may look at any creator; the results are verified creators all the same
    results = staff_client.get(API.format("unverified")).json()["results"]
    assert results
    assert "unverified" not in {found["handle"] for found in results}
    assert all(Creator.objects.get(handle=found["handle"]).verified for found in results)


def test_the_metrics_page_fetches_its_similar_creators_after_it_loads(signed_in: Client, field):
    page = signed_in.get("/creators/anna/").content.decode()
    assert 'hx-get="/creators/anna/similar/"' in page
    fragment = signed_in.get(PAGE.format("anna"), headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment
    assert fragment.index("@twin") < fragment.index("@cousin") < fragment.index("@plain")
    assert "same categories; audience" in fragment
    # without JavaScript, the link opens the same list as a page of its own
    whole = signed_in.get(PAGE.format("anna")).content.decode()
    assert "<title>Creators like Anna · Vetrina</title>" in whole
    assert "@twin" in whole


def test_a_creator_who_paused_requests_is_not_suggested(signed_in: Client, field):
    # given Anna's closest look-alike pauses requests (docs/creators-joining.md: hidden as from search)
    Creator.objects.filter(handle="twin").update(requests_paused=True)
    # when brands ask for creators like Anna, through the API and on the metrics page
    results = signed_in.get(API.format("anna")).json()["results"]
    fragment = signed_in.get(PAGE.format("anna"), headers={"HX-Request": "true"}).content.decode()
    # then the others are there and the paused creator is not
    assert {found["handle"] for found in results} == {"cousin", "plain"}
    assert "@twin" not in fragment
    assert "@cousin" in fragment


def test_a_creator_with_nobody_alike_says_so(signed_in: Client, db):
    make("alone", categories=["gaming"], reach=50_000, er=0.05)
    fragment = signed_in.get(PAGE.format("alone"), headers={"HX-Request": "true"}).content.decode()
    assert "No verified creator is like this one yet" in fragment


def test_the_similar_creators_show_their_faces_over_their_initials(signed_in: Client, field):
    # given a look-alike with a picture
    Creator.objects.filter(handle="twin").update(avatar_url="https://images.twin.example/face.jpg")
    # when
    fragment = signed_in.get(PAGE.format("anna"), headers={"HX-Request": "true"}).content.decode()
    # then the picture lies over its initials, and a creator without one keeps the initials alone
    twin = Creator.objects.get(handle="twin")
    initials = "".join(word[0] for word in twin.display_name.split()[:2]).upper()
    assert f'<img src="https://images.twin.example/face.jpg" alt="" data-initials="{initials}"' in fragment
    assert fragment.count("<img ") == 1
