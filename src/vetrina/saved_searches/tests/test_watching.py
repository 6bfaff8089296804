"""The watch of saved searches against a plain-Python reading of docs/saved-searches.md and docs/api.md: which creators
are new matches, computed here from the raw rows and the history of what each check saw, never by the
code under test."""

import random
import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from vetrina.creators.models import Creator
from vetrina.creators.tests.factories import AudienceCountryFactory, CreatorFactory
from vetrina.mail.models import OutboxMessage
from vetrina.notifications.models import Notification
from vetrina.saved_searches.models import SavedSearch, SavedSearchMatch, WatchCheck
from vetrina.saved_searches.services import filters_from_mapping, saved_search_alerts_set, saved_search_create
from vetrina.saved_searches.watching import (
    CHECK_EVERY,
    saved_search_emails_send,
    saved_searches_check,
    saved_searches_watch,
)

pytestmark = pytest.mark.django_db


WORDS = ["anna", "annie", "bo", "bob", "style", "styles", "tech", "fit", "food", "travel"]
COUNTRIES = ["US", "GB", "IN", "IT"]
CATEGORIES = ["fashion", "beauty", "tech", "food"]
AUDIENCE_COUNTRIES = ["US", "IN", "GB"]
REACH = [None, 0, 999, 1000, 50_000, 120_000]
RATES = [None, 0.0, 0.03, 0.05, 0.12]
SHARES = [0.1, 0.3, 0.5]


def generated_creators(count: int, rng: random.Random, prefix: str) -> list[dict[str, Any]]:
    """Creators with few distinct values, so that filters land exactly on bounds."""
    return [
        {
            "handle": f"{prefix}.{index}",
            "display_name": f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)}",
            "bio": " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 3))),
            "country": rng.choice(COUNTRIES),
            "categories": rng.sample(CATEGORIES, rng.randint(1, 2)),
            "verified": rng.random() < 0.8,
            "reach": rng.choice(REACH),
            "engagement_rate": rng.choice(RATES),
            "audience_countries": {
                country: rng.choice([0.0, *SHARES])
                for country in rng.sample(AUDIENCE_COUNTRIES, rng.randint(0, 2))
            },
        }
        for index in range(count)
    ]


def stored(creators: list[dict[str, Any]]) -> None:
    for creator in creators:
        row = CreatorFactory.create(
            **{key: value for key, value in creator.items() if key != "audience_countries"}
        )
        for country, share in creator["audience_countries"].items():
            AudienceCountryFactory.create(creator=row, country=country, share=share)


def random_search(rng: random.Random) -> dict[str, Any]:
    """One to three filters, with values creators have. `q` takes words of four letters or more that
    name no category, so that the oracle below need not know the categories' names."""
    makers = {
        "q": lambda: rng.choice(["anna", "annie", "style", "styles", "trav"]),
        "country": lambda: rng.sample(COUNTRIES, rng.randint(1, 2)),
        "category": lambda: rng.sample(CATEGORIES, rng.randint(1, 2)),
        "followers_min": lambda: rng.choice([value for value in REACH if value is not None]),
        "er_min": lambda: rng.choice([value for value in RATES if value is not None]),
        "audience_country": lambda: rng.choice(AUDIENCE_COUNTRIES),
    }
    params: dict[str, Any] = {}
    for name in rng.sample(list(makers), rng.randint(1, 3)):
        params[name] = makers[name]()
        if name == "audience_country":
            params["audience_country_min"] = rng.choice(SHARES)
    return params


def matches(creator: dict[str, Any], params: dict[str, Any]) -> bool:
    """docs/api.md, read plainly: every filter holds; an undefined number fails any bound; a missing
    audience share is 0; every word of `q` starts a word of the handle, name or bio."""
    words = re.findall(r"[^\W_]+", f"{creator['handle']} {creator['display_name']} {creator['bio']}".lower())
    if "q" in params and not any(word.startswith(params["q"]) for word in words):
        return False
    if "country" in params and creator["country"] not in params["country"]:
        return False
    if "category" in params and not set(creator["categories"]) & set(params["category"]):
        return False
    if "followers_min" in params and (creator["reach"] is None or creator["reach"] < params["followers_min"]):
        return False
    rate = creator["engagement_rate"]
    if "er_min" in params and (rate is None or rate < params["er_min"]):
        return False
    if "audience_country" in params:
        share = creator["audience_countries"].get(params["audience_country"], 0.0)
        if share < params["audience_country_min"]:
            return False
    return creator["verified"]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_each_check_finds_exactly_the_new_matches_the_docs_define(brand_member, seed):
    # given a catalogue, and saved searches, some watched and some not
    rng = random.Random(seed)
    creators = generated_creators(60, rng, "first")
    stored(creators)
    searches: dict[int, dict[str, Any]] = {}
    watched: set[int] = set()
    for number in range(8):
        params = random_search(rng)
        saved = saved_search_create(
            organisation=brand_member.organisation,
            created_by=brand_member,
            name=f"Search {number}",
            filters=filters_from_mapping(params),
            alerts=number % 3 != 2,
        )
        searches[saved.pk] = params
        if number % 3 != 2:
            watched.add(saved.pk)
    now = timezone.now()
    first = saved_searches_check(now=now)
    assert first.took_stock
    assert not SavedSearchMatch.objects.exists()
    seen = {creator["handle"] for creator in creators if creator["verified"]}
    announced: dict[int, set[str]] = {pk: set() for pk in searches}

    for round_ in range(1, 4):
        # when creators arrive, some are verified and others lose it
        arriving = generated_creators(20, rng, f"round{round_}")
        stored(arriving)
        unverified = [creator for creator in creators if not creator["verified"]]
        verified = [creator for creator in creators if creator["verified"]]
        for creator in rng.sample(unverified, min(4, len(unverified))):
            creator["verified"] = True
        for creator in rng.sample(verified, 3):
            creator["verified"] = False
        for creator in creators:
            Creator.objects.filter(handle=creator["handle"]).update(verified=creator["verified"])
        creators += arriving
        now += timedelta(minutes=10)
        saved_searches_check(now=now)

        # then each watched search's new matches are the creators findable now and not at the last check,
        # matching its filters, never announced before; an unwatched search is not run
        findable = {creator["handle"] for creator in creators if creator["verified"]}
        for pk, params in searches.items():
            expected = set()
            if pk in watched:
                expected = {
                    creator["handle"]
                    for creator in creators
                    if creator["handle"] in findable - seen
                    and matches(creator, params)
                    and creator["handle"] not in announced[pk]
                }
            found = set(
                SavedSearchMatch.objects.filter(saved_search_id=pk, found_at=now).values_list(
                    "creator__handle", flat=True
                )
            )
            assert found == expected, (round_, params)
            announced[pk] |= expected
        seen = findable


@pytest.fixture
def watched_search(brand_member) -> SavedSearch:
    CreatorFactory.create(handle="old.fashion", country="IT", categories=["fashion"])
    saved_search = saved_search_create(
        organisation=brand_member.organisation,
        created_by=brand_member,
        name="Italian fashion",
        filters=filters_from_mapping({"country": "IT", "category": ["fashion"]}),
        alerts=True,
    )
    saved_searches_check(now=timezone.now())  # takes stock
    return saved_search


def test_the_first_check_takes_stock_and_announces_nobody(watched_search):
    assert not SavedSearchMatch.objects.exists()
    assert not Notification.objects.exists()


def test_a_new_creator_who_matches_rings_the_bell_of_the_members_who_opted_in(
    watched_search, brand_member, django_user_model
):
    # given a colleague who did not opt in, and one who left the organisation
    quiet = django_user_model.objects.create_user(
        username="quiet@acme.test",
        email="quiet@acme.test",
        role="brand",
        organisation=brand_member.organisation,
    )
    gone = django_user_model.objects.create_user(
        username="gone@acme.test",
        email="gone@acme.test",
        role="brand",
        organisation=brand_member.organisation,
    )
    saved_search_alerts_set(saved_search=watched_search, user=gone, on=True)
    gone.is_active = False
    gone.save()
    # when two creators arrive, one matching
    CreatorFactory.create(handle="new.fashion", country="IT", categories=["fashion", "beauty"])
    CreatorFactory.create(handle="new.tech", country="IT", categories=["tech"])
    report = saved_searches_check(now=timezone.now() + timedelta(minutes=10))
    # then the one who opted in is told, once, of one creator
    assert report.matches == {watched_search.pk: [Creator.objects.get(handle="new.fashion").pk]}
    notification = Notification.objects.get()
    assert (notification.user, notification.saved_search, notification.match_count) == (
        brand_member,
        watched_search,
        1,
    )
    assert quiet.notifications.count() == 0


def test_a_creator_is_announced_once_even_when_it_is_verified_again(watched_search):
    creator = CreatorFactory.create(handle="back.again", country="IT", categories=["fashion"])
    start = timezone.now()
    saved_searches_check(now=start + timedelta(minutes=10))
    Creator.objects.filter(pk=creator.pk).update(verified=False)
    saved_searches_check(now=start + timedelta(minutes=20))
    Creator.objects.filter(pk=creator.pk).update(verified=True)
    saved_searches_check(now=start + timedelta(minutes=30))
    assert SavedSearchMatch.objects.filter(creator=creator).count() == 1
    assert Notification.objects.count() == 1


def test_a_search_saved_since_the_last_check_is_told_only_of_creators_added_after_it(brand_member):
    saved_searches_check(now=timezone.now())  # takes stock
    before = CreatorFactory.create(handle="before.save", country="IT")
    saved_search = saved_search_create(
        organisation=brand_member.organisation,
        created_by=brand_member,
        name="Italy",
        filters=filters_from_mapping({"country": ["IT"]}),
        alerts=True,
    )
    after = CreatorFactory.create(handle="after.save", country="IT")
    assert before.created_at <= saved_search.created_at < after.created_at
    report = saved_searches_check(now=timezone.now() + timedelta(minutes=1))
    assert report.matches == {saved_search.pk: [after.pk]}


def test_a_saved_search_whose_filters_no_longer_hold_is_skipped(watched_search):
    # a category renamed since: the stored filters name one that no longer exists
    SavedSearch.objects.filter(pk=watched_search.pk).update(query="category=old-category&country=IT")
    CreatorFactory.create(handle="new.fashion", country="IT", categories=["fashion"])
    report = saved_searches_check(now=timezone.now() + timedelta(minutes=10))
    assert report.new_creators == 1
    assert report.searches_run == 0
    assert not SavedSearchMatch.objects.exists()


def test_a_check_with_nobody_new_runs_no_search(watched_search):
    report = saved_searches_check(now=timezone.now() + timedelta(minutes=10))
    assert (report.new_creators, report.searches_run, report.matches) == (0, 0, {})


def mails_to(address: str) -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(recipient=address, reason="saved_search_matches").order_by("pk"))


def test_the_new_matches_are_e_mailed_at_most_once_a_day(watched_search, brand_member):
    start = timezone.now() + timedelta(minutes=10)
    CreatorFactory.create(handle="first.match", country="IT", categories=["fashion"])
    saved_searches_check(now=start)
    assert saved_search_emails_send(now=start) == 1
    # another match an hour later: in the bell at once, but no second e-mail that day
    CreatorFactory.create(handle="second.match", country="IT", categories=["fashion"])
    saved_searches_check(now=start + timedelta(hours=1))
    assert saved_search_emails_send(now=start + timedelta(hours=1)) == 0
    assert saved_search_emails_send(now=start + timedelta(hours=23)) == 0
    assert Notification.objects.filter(user=brand_member).count() == 2
    # a day after the first, the second e-mail names only what is new since
    assert saved_search_emails_send(now=start + timedelta(hours=24, minutes=1)) == 1
    first, second = mails_to(brand_member.email)
    assert "@first.match" in first.text
    assert "@second.match" not in first.text
    assert "@second.match" in second.text
    assert "@first.match" not in second.text
    assert "Italian fashion" in second.text
    assert first.subject == "1 new creator matches your saved searches"
    # and nothing more to send after that
    assert saved_search_emails_send(now=start + timedelta(days=3)) == 0


def test_the_e_mail_speaks_the_members_language(watched_search, brand_member):
    brand_member.language = "it"
    brand_member.save()
    CreatorFactory.create(handle="nuova.moda", country="IT", categories=["fashion"])
    now = timezone.now() + timedelta(minutes=10)
    saved_searches_check(now=now)
    saved_search_emails_send(now=now)
    (message,) = mails_to(brand_member.email)
    assert message.language == "it"
    assert message.subject == "1 nuovo creator corrisponde alle tue ricerche salvate"


def test_matches_found_before_a_member_opted_in_are_not_e_mailed_to_them(watched_search, brand_member):
    saved_search_alerts_set(saved_search=watched_search, user=brand_member, on=False)
    CreatorFactory.create(handle="unwatched.match", country="IT", categories=["fashion"])
    now = timezone.now() + timedelta(minutes=10)
    saved_searches_check(now=now)
    # nobody watched it: not even run
    assert not SavedSearchMatch.objects.exists()
    saved_search_alerts_set(saved_search=watched_search, user=brand_member, on=True)
    assert saved_search_emails_send(now=now + timedelta(minutes=1)) == 0


def test_the_worker_checks_at_most_every_five_minutes_and_then_sends_what_is_due(
    watched_search, brand_member
):
    # given a check that has just run, and a new matching creator
    CreatorFactory.create(handle="new.fashion", country="IT", categories=["fashion"])
    # when the periodic job runs at once: nothing (the stock was taken a moment ago)
    saved_searches_watch()
    assert not SavedSearchMatch.objects.exists()
    # when it runs five minutes after the last check
    WatchCheck.objects.update(checked_at=timezone.now() - CHECK_EVERY)
    saved_searches_watch()
    # then the creator is found, rung in the bell and e-mailed
    assert list(SavedSearchMatch.objects.values_list("creator__handle", flat=True)) == ["new.fashion"]
    assert Notification.objects.filter(user=brand_member).count() == 1
    assert len(mails_to(brand_member.email)) == 1
