"""A list's combined audience against a plain reading of docs/numbers.md ("A list's audience"),
computed from the raw rows the test stores, never by the code under test: on the page, in the API and
in the CSV. Creators without a reach, with a reach of 0 or without audience figures, and an empty list."""

import csv
import io
import random
from typing import Any

import pytest
from django.test import Client

from vetrina.conftest import client_for
from vetrina.creators.audience import SHARE_COLUMNS
from vetrina.creators.tests.factories import AudienceCountryFactory, CreatorFactory
from vetrina.lib.continents import CONTINENT_OF_COUNTRY
from vetrina.lib.formatting import exact_percent, percent, plain_decimal
from vetrina.metrics.tests.oracle import reach_weighted, weighted_basis
from vetrina.shortlists.tests.factories import ShortlistEntryFactory, ShortlistFactory

pytestmark = pytest.mark.django_db

FIXED = {dimension: list(buckets) for dimension, buckets in SHARE_COLUMNS.items()}
COUNTRIES = ["IN", "US", "GB", "DE", "BR", "IT"]


def random_shares(rng: random.Random, buckets: list[str]) -> dict[str, float]:
    weights = [rng.choice([0, 1, 2, 5, 13]) for _ in buckets]
    if not any(weights):
        weights[0] = 1
    return {bucket: weight / sum(weights) for bucket, weight in zip(buckets, weights, strict=True)}


def raw_creators(count: int, seed: int) -> list[dict[str, Any]]:
    """Creators as raw rows: a reach (sometimes undefined or 0) and each dimension's shares, sometimes
    unknown (None)."""
    rng = random.Random(seed)
    creators = []
    for index in range(count):
        creator: dict[str, Any] = {
            "handle": f"creator.{seed}.{index}",
            "reach": rng.choice([None, 0, 950, 12_000, 250_000, 1_300_000, 48_000_000]),
        }
        for dimension, buckets in FIXED.items():
            creator[dimension] = random_shares(rng, buckets) if rng.random() < 0.75 else None
        countries = rng.sample(COUNTRIES, rng.randint(1, 4))
        creator["country"] = random_shares(rng, countries) if rng.random() < 0.75 else None
        creators.append(creator)
    return creators


def stored_list(organisation: Any, creators: list[dict[str, Any]]) -> Any:
    shortlist = ShortlistFactory.create(organisation=organisation, name="Autumn")
    for raw in creators:
        columns = {
            SHARE_COLUMNS[dimension][bucket]: (raw[dimension] or {}).get(bucket) if raw[dimension] else None
            for dimension, buckets in FIXED.items()
            for bucket in buckets
        }
        creator = CreatorFactory.create(handle=raw["handle"], reach=raw["reach"], **columns)
        for country, share in (raw["country"] or {}).items():
            AudienceCountryFactory.create(creator=creator, country=country, share=share)
        ShortlistEntryFactory.create(shortlist=shortlist, creator=creator)
    return shortlist


def continents_of(creators: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each creator with its countries summed by continent, creator by creator."""
    summed = []
    for creator in creators:
        by_continent: dict[str, float] | None = None
        if creator["country"]:
            by_continent = {}
            for country, share in creator["country"].items():
                continent = CONTINENT_OF_COUNTRY[country]
                by_continent[continent] = by_continent.get(continent, 0.0) + share
        summed.append({**creator, "continent": by_continent})
    return summed


def assert_shares_equal(found: dict[str, float] | None, expected: dict[str, float] | None) -> None:
    if expected is None:
        assert found is None
        return
    assert found is not None
    # A bucket every counted creator has at 0 may be listed or not; either way its share is 0.
    for bucket in set(found) | set(expected):
        assert found.get(bucket, 0.0) == pytest.approx(expected.get(bucket, 0.0), rel=1e-12, abs=1e-15)


@pytest.fixture
def brand(brand_member) -> Client:
    return client_for(brand_member)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_api_gives_the_reach_weighted_audience_of_the_raw_rows(brand, brand_member, seed):
    creators = raw_creators(14, seed)
    shortlist = stored_list(brand_member.organisation, creators)

    body = brand.get(f"/api/v1/shortlists/{shortlist.pk}").json()

    audience = body["audience"]
    assert audience["total_reach"] == sum(creator["reach"] or 0 for creator in creators)
    with_continents = continents_of(creators)
    for dimension in [*FIXED, "country", "continent"]:
        combined = audience["combined"][dimension]
        assert_shares_equal(combined["shares"], reach_weighted(with_continents, dimension))
        assert (combined["creators"], combined["reach"]) == weighted_basis(with_continents, dimension)
    # and each creator's own audience, largest reach first
    assert [row["handle"] for row in audience["creators"]] == [
        creator["handle"]
        for creator in sorted(creators, key=lambda c: (c["reach"] is None, -(c["reach"] or 0), c["handle"]))
    ]
    own = {row["handle"]: row["audience"] for row in audience["creators"]}
    for creator in creators:
        assert own[creator["handle"]]["country"] == creator["country"]
        assert own[creator["handle"]]["gender"] == creator["gender"]


def test_creators_without_audience_or_reach_leave_the_shares_to_the_others(brand, brand_member):
    # given one creator with an audience, one as big without one, one with an audience and no reach
    creators: list[dict[str, Any]] = [
        {
            "handle": "known.one",
            "reach": 100_000,
            "age": None,
            "gender": {"female": 0.8, "male": 0.2, "other": 0.0},
            "device": None,
            "activity": None,
            "country": {"IT": 1.0},
        },
        {
            "handle": "unknown.one",
            "reach": 900_000,
            "age": None,
            "gender": None,
            "device": None,
            "activity": None,
            "country": None,
        },
        {
            "handle": "no.reach",
            "reach": None,
            "age": None,
            "gender": {"female": 0.0, "male": 1.0, "other": 0.0},
            "device": None,
            "activity": None,
            "country": {"US": 1.0},
        },
    ]
    shortlist = stored_list(brand_member.organisation, creators)

    combined = brand.get(f"/api/v1/shortlists/{shortlist.pk}").json()["audience"]["combined"]

    # then the known creator's shares stand alone, not diluted by the 900K without figures
    assert combined["gender"] == {
        "shares": {"female": 0.8, "male": 0.2, "other": 0.0},
        "creators": 1,
        "reach": 100_000,
    }
    assert combined["country"]["shares"] == {"IT": 1.0}
    assert combined["age"] == {"shares": None, "creators": 0, "reach": 0}


def test_an_empty_list_has_no_audience(brand, brand_member):
    shortlist = ShortlistFactory.create(organisation=brand_member.organisation)

    audience = brand.get(f"/api/v1/shortlists/{shortlist.pk}").json()["audience"]
    page = brand.get(f"/shortlists/{shortlist.pk}/").content.decode()

    assert audience["total_reach"] == 0
    assert audience["creators"] == []
    assert all(
        value == {"shares": None, "creators": 0, "reach": 0} for value in audience["combined"].values()
    )
    assert "The combined audience shows once the list has creators." in page


def test_the_page_draws_each_combined_share_as_a_chart_and_each_creator_in_a_row(brand, brand_member):
    creators = raw_creators(6, seed=5)
    # one of them, at least, with a reach and a gender split
    creators[0].update(reach=250_000, gender={"female": 0.6, "male": 0.35, "other": 0.05})
    shortlist = stored_list(brand_member.organisation, creators)

    page = brand.get(f"/shortlists/{shortlist.pk}/").content.decode()

    for dimension in [*FIXED, "country", "continent"]:
        if reach_weighted(continents_of(creators), dimension) is not None:
            assert f'id="chart-list-{dimension}"' in page
    # the chart's table holds the combined share of the raw rows, as the page formats shares
    gender = reach_weighted(creators, "gender")
    assert gender is not None
    female = gender["female"]
    assert f'<th scope="row">Female</th><td title="{exact_percent(female)}">{percent(female)}</td>' in page
    counted, _reach = weighted_basis(creators, "gender")
    assert f"From {counted} of {len(creators)} creators" in page
    for creator in creators:
        assert f'<tr data-audience-handle="{creator["handle"]}">' in page


def test_the_csv_has_each_creators_audience_and_the_combined_row(brand, brand_member):
    creators = raw_creators(8, seed=7)
    shortlist = stored_list(brand_member.organisation, creators)

    response = brand.get(f"/shortlists/{shortlist.pk}/export.csv")

    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["handle"] for row in rows] == [creator["handle"] for creator in creators] + [""]
    for row, creator in zip(rows, creators, strict=False):
        for dimension, buckets in FIXED.items():
            for bucket in buckets:
                share = creator[dimension][bucket] if creator[dimension] else None
                assert row[f"{SHARE_COLUMNS[dimension][bucket]}_percent"] == plain_decimal(
                    share, places=1, scale=100
                )
    combined = rows[-1]
    assert combined["display_name"] == "All creators, reach-weighted"
    assert combined["reach_followers"] == str(sum(creator["reach"] or 0 for creator in creators))
    for dimension, buckets in FIXED.items():
        expected = reach_weighted(creators, dimension)
        for bucket in buckets:
            share = expected.get(bucket, 0.0) if expected else None
            assert combined[f"{SHARE_COLUMNS[dimension][bucket]}_percent"] == plain_decimal(
                share, places=1, scale=100
            )
    countries = reach_weighted(creators, "country")
    if countries:
        top = min(countries.items(), key=lambda item: (-item[1], item[0]))
        assert (combined["top_audience_country"], combined["top_audience_country_percent"]) == (
            top[0],
            plain_decimal(top[1], places=1, scale=100),
        )


def test_another_organisations_list_is_404_for_its_audience_too(agency_member, brand_member):
    shortlist = stored_list(brand_member.organisation, raw_creators(2, seed=9))
    agency = client_for(agency_member)
    assert agency.get(f"/api/v1/shortlists/{shortlist.pk}").status_code == 404
    assert agency.get(f"/shortlists/{shortlist.pk}/").status_code == 404
    assert agency.get(f"/shortlists/{shortlist.pk}/export.csv").status_code == 404


def test_removing_a_creator_redraws_the_combined_audience_without_it(brand, brand_member):
    creators = raw_creators(4, seed=11)
    creators[0].update(reach=250_000, country={"IT": 1.0})
    creators[1].update(reach=750_000, country={"JP": 1.0})  # nobody else's country
    shortlist = stored_list(brand_member.organisation, creators)

    response = brand.post(
        f"/shortlists/{shortlist.pk}/creators/{creators[1]['handle']}/remove/", headers={"HX-Request": "true"}
    )

    fragment = response.content.decode()
    # the table, and the combined audience out of band, from the creators left
    assert fragment.lstrip().startswith('<div id="shortlist-creators"')
    assert (
        '<section id="shortlist-audience" class="shortlist-audience" aria-labelledby="audience-title" hx-swap-oob="true">'
        in fragment
    )
    assert f'data-audience-handle="{creators[1]["handle"]}"' not in fragment
    left = creators[:1] + creators[2:]
    countries = reach_weighted(left, "country")
    assert countries is not None
    assert "Japan" not in fragment.split('id="shortlist-audience"', 1)[1]
    assert (
        f'<th scope="row">Italy</th><td title="{exact_percent(countries["IT"])}">{percent(countries["IT"])}</td>'
        in fragment
    )
