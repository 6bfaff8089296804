"""The demo generator, without a database: determinism, valid lines, and a market that looks real.

The statistics are measured on 2,000 creators of seed 1, the demo's own. The bounds hold with room
to spare for that seed (the observed values are in the comments), and were checked on seeds 2, 3 and 4.
"""

import dataclasses
import itertools
import json
import random
import re
import statistics
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta

import orjson
import pytest

from vetrina.creators.models import HANDLE_PATTERN
from vetrina.demo import vocabulary
from vetrina.demo.generator import (
    FEW_COMMENTS_PER_LIKE,
    FEW_VIEWS_PER_FOLLOWER,
    FOLLOWER_JUMP,
    LOW_ACTIVE_AUDIENCE,
    LOW_ENGAGEMENT,
    MAX_CREATORS,
    SIGNS,
    GeneratedCreator,
    OutOfRange,
    build_audience,
    generate_creators,
)
from vetrina.demo.profiles import tier_of
from vetrina.ingest.parsing import SHARE_SUM_TOLERANCE, parse_line

AS_OF = date(2026, 11, 20)
COUNT = 2_000


@pytest.fixture(scope="module")
def creators() -> list[GeneratedCreator]:
    return list(generate_creators(count=COUNT, seed=1, as_of=AS_OF))


@pytest.fixture(scope="module")
def numbers(creators: list[GeneratedCreator]) -> list["Numbers"]:
    return [Numbers(creator) for creator in creators]


class Numbers:
    """The section 3 numbers an authenticity score works from, computed from a generated line."""

    def __init__(self, creator: GeneratedCreator) -> None:
        line = creator.line
        self.creator = creator
        self.category = line["categories"][0]
        counts = [snapshot["count"] for snapshot in line["followers"]]
        self.reach = counts[-1]
        self.tier = tier_of(self.reach)
        recent = sorted(line["videos"], key=lambda video: (video["posted_at"], int(video["id"])))[-30:]
        views = sum(video["views"] for video in recent)
        likes = sum(video["likes"] for video in recent)
        comments = sum(video["comments"] for video in recent)
        shares = sum(video["shares"] for video in recent)
        self.engagement_rate = (likes + comments + shares) / views
        self.views_per_follower = views / len(recent) / self.reach
        self.comments_per_like = comments / likes
        self.active = line["audience"]["activity"]["active"]
        gains = [after - before for before, after in itertools.pairwise(counts)]
        # The largest day's gain against a usual day's change.
        self.spike = max(gains) / (statistics.median(abs(gain) for gain in gains) or 1)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[int(fraction * (len(ordered) - 1))]


def as_text(creator: GeneratedCreator) -> str:
    return json.dumps(creator.line, ensure_ascii=False, separators=(",", ":"))


# --- Determinism ---------------------------------------------------------------------------------


def test_the_same_seed_gives_the_same_lines():
    first = [as_text(creator) for creator in generate_creators(count=30, seed=7, as_of=AS_OF)]
    second = [as_text(creator) for creator in generate_creators(count=30, seed=7, as_of=AS_OF)]
    assert first == second


def test_another_seed_gives_other_creators():
    first = [creator.line for creator in generate_creators(count=30, seed=7, as_of=AS_OF)]
    second = [creator.line for creator in generate_creators(count=30, seed=8, as_of=AS_OF)]
    assert {line["handle"] for line in first} != {line["handle"] for line in second}
    video_ids = {video["id"] for line in first for video in line["videos"]}
    assert video_ids.isdisjoint(video["id"] for line in second for video in line["videos"])


def test_a_creator_does_not_depend_on_how_many_are_made():
    ten = list(generate_creators(count=10, seed=3, as_of=AS_OF))
    hundred = list(generate_creators(count=100, seed=3, as_of=AS_OF))
    assert ten == hundred[:10]


def test_it_refuses_what_it_cannot_make_before_making_anything():
    with pytest.raises(OutOfRange, match="at most"):
        generate_creators(count=MAX_CREATORS + 1, seed=1, as_of=AS_OF)
    with pytest.raises(OutOfRange, match="data date"):
        generate_creators(count=1, seed=1, as_of=date(2040, 1, 1))
    with pytest.raises(OutOfRange, match="none of the markets FR"):
        generate_creators(count=1, seed=1, as_of=AS_OF, markets=["FR"])


def test_it_keeps_to_the_markets_asked_for():
    countries = {
        creator.line["country"]
        for creator in generate_creators(count=50, seed=1, as_of=AS_OF, markets=["DE", "TW"])
    }
    assert countries == {"DE", "TW"}


# --- Valid lines ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seed", "as_of", "markets", "now"),
    [
        (1, AS_OF, None, None),
        (2, date(2025, 3, 1), ["IN", "TW"], None),
        # a data date after the clock's: the import runs then
        (17, date(2031, 6, 30), ["GB", "DE", "US"], datetime(2031, 7, 1, tzinfo=UTC)),
    ],
)
def test_each_creators_record_is_what_the_import_reads_its_line_into(seed, as_of, markets, now):
    # given 150 creators of each seed, the second family (creators 108 to 119) among them
    creators = list(generate_creators(count=150, seed=seed, as_of=as_of, markets=markets))
    # when / then: `vetrina seed` imports the record, `vetrina import` of the --out file the line; the
    # same values, of the same types, in the same order (a dict's order is its rows' order)
    for creator in creators:
        parsed = parse_line(orjson.dumps(creator.line).decode(), now=now)
        assert creator.record == parsed, creator.handle
        assert exactly(creator.record) == exactly(parsed), creator.handle
    # and the sample holds every kind the generator makes
    assert any(creator.family is not None for creator in creators)
    assert any(creator.inauthentic for creator in creators)
    assert any(creator.viral for creator in creators)


def exactly(value: object) -> object:
    """`value` with the type and the order of everything in it: equal records may differ in those."""
    if dataclasses.is_dataclass(value):
        return (type(value), [exactly(getattr(value, field.name)) for field in dataclasses.fields(value)])
    if isinstance(value, dict):
        return (type(value), [(key, exactly(item)) for key, item in value.items()])
    if isinstance(value, tuple | list):
        return (type(value), [exactly(item) for item in value])
    return (type(value), repr(value))


def test_every_generated_line_parses_with_audience_shares_summing_to_one(creators):
    for creator in creators:
        record = parse_line(as_text(creator))
        assert record.handle == creator.handle
        for dimension in record.audience.fixed.values():
            assert abs(sum(dimension.values()) - 1) <= SHARE_SUM_TOLERANCE
        assert record.audience.country is not None
        assert abs(sum(record.audience.country.values()) - 1) <= SHARE_SUM_TOLERANCE


def test_nothing_in_a_line_says_which_creators_are_inauthentic(creators):
    for creator in creators:
        text = as_text(creator).lower()
        assert "inauthentic" not in text
        assert not any(sign in text for sign in SIGNS)


def test_handles_are_unique_and_valid(creators):
    handles = [creator.handle for creator in creators]
    assert len(set(handles)) == len(handles)
    assert all(re.fullmatch(HANDLE_PATTERN, handle) for handle in handles)
    # Shaped like people's handles: no doubled or trailing dots.
    assert not any(".." in handle or handle.endswith(".") for handle in handles)


def test_names_come_from_the_creators_market(creators):
    for creator in creators:
        line = creator.line
        market = line["country"]
        if market == "TW":
            continue
        first_names = {vocabulary.ascii_slug(name) for name in vocabulary.FIRST_NAMES[market]}
        assert line["display_name"].split()[0] in vocabulary.FIRST_NAMES[market]
        assert any(name in line["handle"] for name in first_names)
    taiwanese = [creator.line["display_name"] for creator in creators if creator.line["country"] == "TW"]
    with_characters = [name for name in taiwanese if re.search(r"[\u4e00-\u9fff]", name)]
    # Observed: 142 of 178.
    assert len(with_characters) > len(taiwanese) / 2


def test_video_ids_are_unique_19_digit_numbers_led_by_the_posting_time(creators):
    ids = [video["id"] for creator in creators for video in creator.line["videos"]]
    assert len(set(ids)) == len(ids)
    assert all(len(video_id) == 19 and video_id.isdigit() for video_id in ids)
    for creator in creators[:50]:
        for video in creator.line["videos"]:
            posted = datetime.fromisoformat(video["posted_at"])
            assert int(video["id"]) >> 32 == int(posted.timestamp())


def test_follower_history_is_one_snapshot_a_day_ending_on_as_of(creators):
    for creator in creators:
        days = [date.fromisoformat(snapshot["date"]) for snapshot in creator.line["followers"]]
        assert days[-1] == AS_OF
        assert days == [days[0] + timedelta(days=offset) for offset in range(len(days))]
        assert 31 <= len(days) <= 121


# --- Realism -------------------------------------------------------------------------------------


def test_markets_are_skewed_as_real_ones_are(creators):
    shares = Counter(creator.line["country"] for creator in creators)
    # Observed: US 712, IN 570, GB 276, DE 264, TW 178.
    assert min(shares["US"], shares["IN"]) > max(shares["GB"], shares["DE"])
    assert min(shares["GB"], shares["DE"]) > shares["TW"] > 0


def test_the_generated_creators_span_many_first_categories_and_some_have_two(creators):
    categories = Counter(creator.line["categories"][0] for creator in creators)
    assert len(categories) >= 15  # observed: all 22
    assert any(len(creator.line["categories"]) > 1 for creator in creators)


def test_reach_has_a_heavy_tail(numbers):
    reach = sorted(number.reach for number in numbers)
    assert reach[0] >= 10_000
    assert reach[-1] <= 50_000_000
    # Observed: median 28k, top 1 % from 7.4M, largest 49.6M.
    assert statistics.median(reach) < 500_000
    assert percentile(reach, 0.99) > 5_000_000
    assert reach[-1] > 20_000_000


def test_videos_per_creator_and_posting_are_irregular(creators):
    counts = [len(creator.line["videos"]) for creator in creators]
    assert min(counts) >= 20
    assert max(counts) <= 120
    assert 35 <= statistics.mean(counts) <= 55  # observed 43.7
    variations = []
    for creator in creators:
        moments = sorted(
            datetime.fromisoformat(video["posted_at"]).timestamp() for video in creator.line["videos"]
        )
        assert moments[-1] - moments[0] <= 120 * 86_400
        assert moments[-1] < datetime(2026, 11, 21, tzinfo=UTC).timestamp()
        gaps = [after - before for before, after in itertools.pairwise(moments)]
        variations.append(statistics.pstdev(gaps) / statistics.mean(gaps))
    # Coefficient of variation of the gaps; observed: lowest 0.65, median 1.1.
    assert min(variations) > 0.5
    assert statistics.median(variations) > 0.8


def test_smaller_creators_engage_more(numbers):
    by_tier = defaultdict(list)
    for number in numbers:
        if not number.creator.inauthentic:
            by_tier[number.tier].append(number.engagement_rate)
    medians = [statistics.median(by_tier[tier]) for tier in sorted(by_tier)]
    # Observed: 7.2 %, 5.4 %, 4.5 %, 3.9 % from 10k-100k up to 10M+.
    assert medians == sorted(medians, reverse=True)
    everyone = [number.engagement_rate for number in numbers if not number.creator.inauthentic]
    assert sum(0.02 <= rate <= 0.10 for rate in everyone) > 0.8 * len(everyone)  # observed 90 %


def test_an_indian_gaming_creators_audience_is_young_android_and_indian():
    rng = random.Random(0)
    audiences = [build_audience(rng, market="IN", category="gaming", active_share=0.8) for _ in range(300)]
    assert all(audience["country"]["IN"] > 0.5 for audience in audiences)
    assert all(audience["device"]["android"] > audience["device"]["ios"] for audience in audiences)
    largest = Counter(max(audience["age"], key=audience["age"].__getitem__) for audience in audiences)
    assert largest["18-24"] > 0.95 * len(audiences)
    # And other countries too, served markets or not.
    assert any(set(audience["country"]) - {"IN", "US", "GB", "TW", "DE"} for audience in audiences)


def test_audiences_differ_by_market_and_category():
    rng = random.Random(0)
    us_beauty = [build_audience(rng, market="US", category="beauty", active_share=0.8) for _ in range(100)]
    de_automotive = [
        build_audience(rng, market="DE", category="automotive", active_share=0.8) for _ in range(100)
    ]
    assert statistics.mean(a["gender"]["female"] for a in us_beauty) > 0.7
    assert statistics.mean(a["gender"]["male"] for a in de_automotive) > 0.7
    assert statistics.mean(a["device"]["ios"] for a in us_beauty) > statistics.mean(
        a["device"]["ios"] for a in de_automotive
    )
    assert all(a["country"]["US"] > 0.3 for a in us_beauty)


def test_a_few_creators_are_not_verified(creators):
    unverified = sum(not creator.line["verified"] for creator in creators)
    assert 0.01 * COUNT <= unverified <= 0.06 * COUNT  # observed 71


# --- Inauthentic and viral creators --------------------------------------------------------------


def test_about_five_percent_are_inauthentic_each_with_some_signs(creators):
    inauthentic = [creator for creator in creators if creator.inauthentic]
    assert 0.03 * COUNT <= len(inauthentic) <= 0.07 * COUNT  # observed 101
    assert all(2 <= len(creator.signs) <= len(SIGNS) for creator in inauthentic)
    assert sum(len(creator.signs) < len(SIGNS) for creator in inauthentic) > 0.8 * len(inauthentic)
    assert Counter(sign for creator in inauthentic for sign in creator.signs).keys() == set(SIGNS)
    assert not any(creator.viral for creator in inauthentic)


def test_the_signs_show_in_the_numbers(numbers):
    authentic = [number for number in numbers if not number.creator.inauthentic]

    def showing(sign: str) -> list[Numbers]:
        return [number for number in numbers if sign in number.creator.signs]

    # A bought audience is less active than any real one.
    assert max(number.active for number in showing(LOW_ACTIVE_AUDIENCE)) < min(
        number.active for number in authentic
    )
    # Views per follower: below the 5th percentile of real creators (observed at most 0.059 against 0.152).
    floor = percentile([number.views_per_follower for number in authentic], 0.05)
    assert all(number.views_per_follower < floor for number in showing(FEW_VIEWS_PER_FOLLOWER))
    # Engagement against the creator's tier: below the 5th percentile of real creators' (at most 0.46 against 0.63).
    tier_median = {
        tier: statistics.median(number.engagement_rate for number in authentic if number.tier == tier)
        for tier in {number.tier for number in authentic}
    }
    relative = [number.engagement_rate / tier_median[number.tier] for number in authentic]
    floor = percentile(relative, 0.05)
    assert all(
        number.engagement_rate / tier_median[number.tier] < floor for number in showing(LOW_ENGAGEMENT)
    )
    # Comments per like against the category's: below the 5th percentile (at most 0.32 against 0.61).
    category_median = {
        category: statistics.median(
            number.comments_per_like for number in authentic if number.category == category
        )
        for category in {number.category for number in authentic}
    }
    relative = [number.comments_per_like / category_median[number.category] for number in authentic]
    floor = percentile(relative, 0.05)
    assert all(
        number.comments_per_like / category_median[number.category] < floor
        for number in showing(FEW_COMMENTS_PER_LIKE)
    )
    # A day's gain many times a usual day's (observed: at least 48x), which no real creator without a
    # viral video has (at most 5x).
    assert all(number.spike > 20 for number in showing(FOLLOWER_JUMP))
    assert all(number.spike < 10 for number in authentic if not number.creator.viral)


def test_some_real_creators_had_a_video_go_viral(creators):
    viral = [creator for creator in creators if creator.viral]
    assert len(viral) >= 0.01 * COUNT  # observed 72
    for creator in viral:
        videos = creator.line["videos"]
        top = max(videos, key=lambda video: video["views"])
        assert top["views"] > 10 * statistics.median(video["views"] for video in videos)
        # and the followers surged from the day it was posted, most of it in the first days
        snapshots = creator.line["followers"]
        gains = {
            after["date"]: after["count"] - before["count"] for before, after in itertools.pairwise(snapshots)
        }
        best_day = date.fromisoformat(max(gains, key=gains.__getitem__))
        posted_day = datetime.fromisoformat(top["posted_at"]).date()
        assert posted_day <= best_day <= posted_day + timedelta(days=2)


def test_every_creator_can_be_contacted_most_small_ones_at_their_own_address(creators):
    addresses = [creator.line["manager_email"] for creator in creators]
    own = [address for address in addresses if address.endswith("@inbox.example")]

    assert all("@" in address for address in addresses)
    # Managers are the rule only for large creators (profiles.TIER_MANAGED): most creators are small.
    assert len(own) > len(addresses) / 2
    assert len(own) < len(addresses)


# --- Look-alike families ---------------------------------------------------------------------------


def total_variation(a: dict[str, float], b: dict[str, float]) -> float:
    return sum(abs(a.get(key, 0.0) - b.get(key, 0.0)) for key in a.keys() | b.keys()) / 2


def test_every_tenth_block_of_twelve_is_a_family_of_authentic_look_alikes(creators):
    families: defaultdict[int, list[GeneratedCreator]] = defaultdict(list)
    for index, creator in enumerate(creators):
        assert creator.family == (index // 12 if index // 12 % 10 == 9 else None)
        if creator.family is not None:
            families[creator.family].append(creator)
    assert len(families) == COUNT // 120
    assert all(len(members) == 12 for members in families.values())
    for members in families.values():
        first = members[0].line
        assert all(not member.inauthentic and not member.viral for member in members)
        assert {member.line["country"] for member in members} == {first["country"]}
        assert all(member.line["categories"] == first["categories"] for member in members)
        reaches = [member.line["followers"][-1]["count"] for member in members]
        assert max(reaches) / min(reaches) < 2.5
        for member in members[1:]:
            for dimension in ("age", "gender", "device", "country"):
                assert total_variation(member.line["audience"][dimension], first["audience"][dimension]) < 0.1


def test_a_familys_audience_is_its_own_not_just_its_markets_and_categorys(creators):
    # Against the creators outside families with the same market and first category, a family's
    # members are nearer one another than those creators are to them.
    def age_gap(a: GeneratedCreator, b: GeneratedCreator) -> float:
        return total_variation(a.line["audience"]["age"], b.line["audience"]["age"])

    closer = 0
    compared = 0
    for member in (creator for creator in creators if creator.family is not None):
        kin = [c for c in creators if c.family == member.family and c is not member]
        strangers = [
            c
            for c in creators
            if c.family is None
            and c.line["country"] == member.line["country"]
            and c.line["categories"][0] == member.line["categories"][0]
        ]
        if not strangers:
            continue
        compared += 1
        closer += statistics.median(age_gap(member, c) for c in kin) < statistics.median(
            age_gap(member, c) for c in strangers
        )
    assert compared >= 100
    assert closer / compared > 0.9
