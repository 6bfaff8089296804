"""Demo creators that look like a real market, as lines of the import format (docs/import-format.md).

A creator is drawn in this order: a market (skewed as the real ones are), categories (by market), a
reach from a heavy-tailed distribution, a posting schedule, a daily follower history with drift,
videos whose views and engagement depend on tier and category, an audience from market and category
profiles plus the creator's own noise, and last a name, handle and bio from the market's name pools.
The numbers are in `profiles.py`, names and handles in `identities.py`, words in `vocabulary.py`.

About 5 % of creators look the ways bought audiences look, each showing some of `SIGNS`; about 3 %
of the others had a video go viral, which is what a legitimate jump in followers looks like. Nothing
in a line says which is which: `GeneratedCreator` carries that, for the tests and the labels file.

Each creator comes both as its line and as the record the import reads that line into
(`ingest.parsing.CreatorRecord`), made from the same values: `vetrina seed` imports the record, with
no JSON written and parsed in between. A test holds the two to `parse_line` of the line.

Families of look-alike creators are planted for the similar-creators lookup to be measured against:
the creators of every tenth block of FAMILY_SIZE share a market, their categories, about the same
reach and a distinctive audience, each with a little noise of their own. `GeneratedCreator.family`
says which family, for the labels file; nothing in a line does.

Deterministic: creator i is drawn from its own random.Random seeded from (seed, i), so it is the same
whatever the count; only its handle may gain a suffix to keep clear of earlier creators' handles. No
global random state, no set iteration order, no clock. The ingest benchmark seeds 100,000 creators,
so the inner loops make plain random() calls, draw normal noise from a table and build dicts directly.
"""

import calendar
import math
import random
from bisect import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache, partial
from statistics import NormalDist
from typing import Any

from django.utils.translation import gettext as _

from vetrina.demo import identities
from vetrina.demo import profiles as p
from vetrina.demo import vocabulary as words
from vetrina.demo.profiles import Weighted
from vetrina.ingest.parsing import AudienceRecord, CreatorRecord, SnapshotRecord, VideoRecord
from vetrina.lib.audience import AGE_BRACKETS, FIXED_DIMENSIONS
from vetrina.lib.formatting import whole_number

# The signs of a bought audience an inauthentic creator shows some of (docs/numbers.md's signals).
FOLLOWER_JUMP = "follower_jump"
LOW_ACTIVE_AUDIENCE = "low_active_audience"
LOW_ENGAGEMENT = "low_engagement"
FEW_VIEWS_PER_FOLLOWER = "few_views_per_follower"
FEW_COMMENTS_PER_LIKE = "few_comments_per_like"
SIGNS = (FOLLOWER_JUMP, LOW_ACTIVE_AUDIENCE, LOW_ENGAGEMENT, FEW_VIEWS_PER_FOLLOWER, FEW_COMMENTS_PER_LIKE)

# Video ids are built as TikTok's are, the posting time in the top bits: (unix_seconds << 32) | low.
# The low 32 bits hold the creator's index (21 bits), 4 bits of the seed (so that two seeds loaded into
# one database rarely collide) and the video's position (7 bits: at most 120 videos).
_SEED_BITS = 4
_POSITION_BITS = 7
MAX_CREATORS = 2 ** (32 - _SEED_BITS - _POSITION_BITS)
# From 1978 to January 2038 the ids have 19 digits and fit a signed 64-bit column.
EARLIEST_AS_OF = date(2000, 1, 1)
LATEST_AS_OF = date(2037, 12, 31)

DAY_S = 86_400
SHARE_DECIMALS = 4

# Standard normal draws come from a table of its quantiles: one random() instead of gauss()'s several
# calls, and fine enough for demo data (the tails stop at 3.8 sigma).
_NORMAL_STEPS = 2**13  # indexed by 13 random bits
_NORMAL = tuple(NormalDist().inv_cdf((step + 0.5) / _NORMAL_STEPS) for step in range(_NORMAL_STEPS))


def _normal(rng: random.Random, sigma: float) -> float:
    return sigma * _NORMAL[int(rng.random() * _NORMAL_STEPS)]


def _log_normal(sigma: float, mu: float = 0.0) -> tuple[float, ...]:
    return tuple(math.exp(mu + sigma * z) for z in _NORMAL)


# The per-video noise, log-normal. The views' mu keeps their mean at the creator's usual.
_VIEWS_NOISE = _log_normal(p.VIDEO_VIEWS_SPREAD, mu=-(p.VIDEO_VIEWS_SPREAD**2) / 2)
_ENGAGEMENT_NOISE = _log_normal(p.VIDEO_ENGAGEMENT_SPREAD)
_INTERACTION_NOISE = _log_normal(p.INTERACTION_SPREAD)  # comments and shares around their per-like rates
_DURATION_NOISE = _log_normal(p.DURATION_SPREAD)
# The records' videos and snapshots are built as the parser's fast readers build them, by tuple.__new__
# (C), not by the named tuples' own constructors (Python): millions of them at 100,000 creators.
_new_video = partial(tuple.__new__, VideoRecord)
_new_snapshot = partial(tuple.__new__, SnapshotRecord)


# Look-alike families: block b of FAMILY_SIZE creators (indices b*FAMILY_SIZE ...) is a family when
# b % FAMILY_EVERY == FAMILY_EVERY - 1, so the first hundred creators, which small demos and tests
# use, are drawn as they always were. A family's audience leaves the market's and category's usual
# one by FAMILY_TWIST (log-normal sigma of each share), its members the family's by MEMBER_NOISE.
FAMILY_SIZE = 12
FAMILY_EVERY = 10
FAMILY_TWIST = 0.5
MEMBER_NOISE = 0.05
MEMBER_REACH_SPREAD = 0.1


@dataclass(frozen=True, slots=True)
class GeneratedCreator:
    record: CreatorRecord  # what the import reads `line` into (parse_line), made without the JSON
    audience: dict[str, dict[str, float]]  # as the line gives it: the buckets drawn, activity included
    signs: tuple[str, ...]  # the signs of a bought audience it shows, in SIGNS order; () if authentic
    viral: bool  # authentic, with one video that went viral and the follower surge after it
    family: int | None = None  # the look-alike family it was planted in, if any

    @property
    def handle(self) -> str:
        return self.record.handle

    @property
    def line(self) -> dict[str, Any]:
        """The creator in the import format, ready for json.dumps: written from the record when asked
        for, as only a seed that writes its lines to a file needs it. Made beside each record, the
        lines' dicts (a video's, a day's followers) took about 7 % of the generating processes' samples
        in a profile of a seed of 20,000 creators without a file."""
        record = self.record
        return {
            "handle": record.handle,
            "display_name": record.display_name,
            "country": record.country,
            "categories": list(record.categories),
            "bio": record.bio,
            "languages": list(record.languages),
            "verified": record.verified,
            "manager_email": record.manager_email,
            "followers": [
                {"date": snapshot.date.isoformat(), "count": snapshot.count} for snapshot in record.followers
            ],
            "videos": [
                {
                    "id": str(video.id),
                    # A UTC moment in whole seconds: "2026-10-02T18:00:00+00:00" written with a Z.
                    "posted_at": video.posted_at.isoformat()[:-6] + "Z",
                    "views": video.views,
                    "likes": video.likes,
                    "comments": video.comments,
                    "shares": video.shares,
                    "duration_s": video.duration_s,
                    "caption": video.caption,
                }
                for video in record.videos
            ],
            "audience": self.audience,
        }

    @property
    def inauthentic(self) -> bool:
        return bool(self.signs)


@dataclass(frozen=True, slots=True)
class _Family:
    number: int
    market: str
    categories: tuple[str, ...]
    reach: int
    audience: dict[str, dict[str, float]]


class _Days:
    """Dates and times counted back from as_of, worked out once per run."""

    def __init__(self, as_of: date) -> None:
        self.as_of_s = calendar.timegm(as_of.timetuple())  # as_of's midnight, UTC
        self.end_s = self.as_of_s + DAY_S  # nothing is posted after as_of
        self.days = [as_of - timedelta(days=ago) for ago in range(p.MAX_HISTORY_DAYS + 1)]

    def ago(self, moment_s: int) -> int:
        """Days between the moment's (UTC) date and as_of."""
        return (self.end_s - 1 - moment_s) // DAY_S


class OutOfRange(ValueError):
    """Arguments the generator cannot honour; the message says which and why."""


def generate_creators(
    *, count: int, seed: int, as_of: date, markets: Sequence[str] | None = None
) -> Iterator[GeneratedCreator]:
    """`count` creators whose latest follower snapshot is on `as_of`; the same for the same arguments.

    `markets` limits them to those markets (default: every market of the model). The arguments are
    checked at once (OutOfRange), the creators made as they are asked for.
    """
    return _generate(count, creator_maker(count=count, seed=seed, as_of=as_of, markets=markets))


def creator_maker(
    *, count: int, seed: int, as_of: date, markets: Sequence[str] | None = None
) -> "CreatorMaker":
    """What `generate_creators` makes its creators with, for a caller that makes them in several
    processes: creator i is `finish(draft, claim(draft, taken))` of `draft(i)`, where `taken` holds
    the handles of creators 0 to i-1. Raises OutOfRange for arguments the generator cannot honour."""
    if not 0 <= count <= MAX_CREATORS:
        raise OutOfRange(
            _("The generator makes at most %(max)s creators.") % {"max": whole_number(MAX_CREATORS)}
        )
    if not EARLIEST_AS_OF <= as_of <= LATEST_AS_OF:
        raise OutOfRange(
            _("The data date must be between %(earliest)s and %(latest)s.")
            % {"earliest": EARLIEST_AS_OF, "latest": LATEST_AS_OF}
        )
    weights = {
        code: market.weight for code, market in p.MARKETS.items() if markets is None or code in markets
    }
    if not weights:
        raise OutOfRange(
            _("The generator knows none of the markets %(markets)s; it knows %(known)s.")
            % {"markets": ", ".join(markets or []), "known": ", ".join(p.MARKETS)}
        )
    return CreatorMaker(seed=seed, days=_Days(as_of), pick_market=Weighted(weights))


def _generate(count: int, maker: "CreatorMaker") -> Iterator[GeneratedCreator]:
    taken: set[str] = set()
    for index in range(count):
        draft = maker.draft(index)
        yield maker.finish(draft, maker.claim(draft, taken))


@dataclass(slots=True)
class Draft:
    """A creator drawn up to its handle: all of it that does not depend on earlier creators."""

    rng: random.Random  # where the rest of it is drawn from, after the handle
    market: str
    categories: list[str]
    signs: tuple[str, ...]
    viral: bool
    family: int | None
    history_days: int
    followers: list[int]
    videos: tuple[VideoRecord, ...]
    audience: dict[str, dict[str, float]]
    display_name: str
    bio: str
    languages: list[str]
    verified: bool
    managed: bool
    handle_base: str


class CreatorMaker:
    """Makes creator i of a seed in three steps, so that only the cheap middle one (the handle, which
    may take a suffix to keep clear of earlier creators' handles) needs the creators before it."""

    def __init__(self, *, seed: int, days: _Days, pick_market: Weighted[str]) -> None:
        self.seed = seed
        self.days = days
        self.pick_market = pick_market
        self.seed_bits = seed % 2**_SEED_BITS
        self._family: _Family | None = None  # the last family drawn: a family's creators come together

    def draft(self, index: int) -> Draft:
        # A string seed is hashed with SHA-512: the same generator on every machine and every run.
        rng = random.Random(f"vetrina-demo:{self.seed}:{index}")
        id_bits = (index << (_SEED_BITS + _POSITION_BITS)) | (self.seed_bits << _POSITION_BITS)
        market = self.pick_market.pick(rng)
        block = index // FAMILY_SIZE
        family = None
        if block % FAMILY_EVERY == FAMILY_EVERY - 1:
            if self._family is None or self._family.number != block:
                self._family = _family(seed=self.seed, number=block, pick_market=self.pick_market)
            family = self._family
        return _draft(
            rng, market=family.market if family else market, id_bits=id_bits, days=self.days, family=family
        )

    def claim(self, draft: Draft, taken: set[str]) -> str:
        """The creator's handle, which this adds to `taken`: the handles of every creator before it."""
        return identities.claim(draft.rng, draft.handle_base, taken)

    def finish(self, draft: Draft, handle: str) -> GeneratedCreator:
        return _finish(draft, handle, self.days)


def _family(*, seed: int, number: int, pick_market: Weighted[str]) -> _Family:
    """What a family's members share, drawn from a generator of the family's own."""
    rng = random.Random(f"vetrina-demo-family:{seed}:{number}")
    market = pick_market.pick(rng)
    categories = _categories(rng, market)
    usual = build_audience(rng, market=market, category=categories[0], active_share=0.5)
    return _Family(
        number=number,
        market=market,
        categories=tuple(categories),
        reach=_reach(rng, market),
        audience=_perturbed(rng, usual, FAMILY_TWIST),
    )


def _perturbed(
    rng: random.Random, audience: dict[str, dict[str, float]], sigma: float
) -> dict[str, dict[str, float]]:
    """Each share times log-normal noise, normalised again; the activity split is left as it is."""
    return {
        dimension: shares
        if dimension == "activity"
        else _shares(tuple(shares), [share * math.exp(_normal(rng, sigma)) for share in shares.values()])
        for dimension, shares in audience.items()
    }


def _draft(
    rng: random.Random, *, market: str, id_bits: int, days: _Days, family: _Family | None = None
) -> Draft:
    categories = _categories(rng, market)
    signs: tuple[str, ...] = ()
    if rng.random() < p.INAUTHENTIC_SHARE:
        chosen = rng.sample(SIGNS, p.SIGN_COUNTS.pick(rng))
        signs = tuple(sign for sign in SIGNS if sign in chosen)
    viral = not signs and rng.random() < p.VIRAL_SHARE
    reach = _reach(rng, market)
    if family is not None:
        # Look-alikes are authentic and steady: a bought audience or a viral surge would make them
        # unlike their family on purpose, which is not what the family is for.
        categories, signs, viral = list(family.categories), (), False
        spread = math.exp(_normal(rng, MEMBER_REACH_SPREAD))
        reach = min(max(int(family.reach * spread), p.MIN_REACH), p.MAX_REACH)
    category = categories[0]
    tier = p.tier_of(reach)
    history_days = int(rng.triangular(p.MIN_HISTORY_DAYS, p.MAX_HISTORY_DAYS + 1, p.MODE_HISTORY_DAYS))
    video_count = min(p.MIN_VIDEOS + int(rng.expovariate(1 / p.MEAN_EXTRA_VIDEOS)), p.MAX_VIDEOS)
    times = _posting_times(
        rng,
        count=video_count,
        first_s=days.end_s - history_days * DAY_S,
        last_s=days.end_s - 1,
        utc_offset_s=int(p.MARKETS[market].utc_offsets_h.pick(rng) * 3600),
    )
    viral_position = _viral_position(rng, times, days) if viral else None
    daily_growth = _daily_growth(rng, tier)
    jump_day = None
    jump_gain = 0.0
    if FOLLOWER_JUMP in signs:
        jump_day = 1 + int(rng.random() * min(p.JUMP_WITHIN_DAYS, history_days - 1))
        # A visible share of the followers, and many times what a usual day brings even to a creator
        # who grows fast.
        jump_gain = max(rng.uniform(*p.JUMP_GAIN), rng.uniform(*p.JUMP_TIMES_USUAL) * abs(daily_growth))
    followers = _follower_counts(
        rng,
        reach=reach,
        tier=tier,
        history_days=history_days,
        drift=daily_growth,
        jump_day=jump_day,
        jump_gain=jump_gain,
        surge_day=days.ago(times[viral_position]) if viral_position is not None else None,
    )
    videos = _videos(
        rng,
        times=times,
        followers=followers,
        # Bought followers do not watch: views come from the others.
        watching=[
            1.0 if jump_day is None or ago > jump_day else 1 / (1 + jump_gain)
            for ago in range(len(followers))
        ],
        market=market,
        category=category,
        tier=tier,
        signs=signs,
        viral_position=viral_position,
        days=days,
        id_bits=id_bits,
    )
    active_share = rng.uniform(
        *(p.ACTIVE_SHARE_BOUGHT if LOW_ACTIVE_AUDIENCE in signs else p.ACTIVE_SHARE_AUTHENTIC)
    )
    audience = build_audience(rng, market=market, category=category, active_share=active_share)
    if family is not None:
        own_activity = audience["activity"]
        audience = {**_perturbed(rng, family.audience, MEMBER_NOISE), "activity": own_activity}
    person = identities.person(rng, market)
    display_name = identities.display_name(rng, person, category)
    bio = identities.bio(rng, market, category)
    languages = list(p.MARKETS[market].languages.pick(rng))
    verified = rng.random() >= p.UNVERIFIED_SHARE
    managed = rng.random() < p.TIER_MANAGED[tier]
    return Draft(
        rng=rng,
        market=market,
        categories=categories,
        signs=signs,
        viral=viral,
        family=family.number if family is not None else None,
        history_days=history_days,
        followers=followers,
        videos=videos,
        audience=audience,
        display_name=display_name,
        bio=bio,
        languages=languages,
        verified=verified,
        managed=managed,
        # The handle last: only it may depend on earlier creators (a suffix when the name is taken).
        handle_base=identities.handle_base(rng, person, market, category),
    )


def _finish(draft: Draft, handle: str, days: _Days) -> GeneratedCreator:
    rng, followers, audience = draft.rng, draft.followers, draft.audience
    manager_email = identities.manager_email(rng, handle) if draft.managed else _own_email(handle)
    # Oldest first: from history_days days before as_of to as_of itself.
    oldest = draft.history_days
    counts = followers[oldest::-1]
    # The same values as the import reads them from the line: tuples for lists, dates and UTC datetimes
    # for their texts, and each fixed audience dimension with every bucket, in the vocabulary's order.
    record = CreatorRecord(
        handle=handle,
        display_name=draft.display_name,
        country=draft.market,
        categories=tuple(draft.categories),
        bio=draft.bio,
        avatar_url="",
        languages=tuple(draft.languages),
        verified=draft.verified,
        # Where requests go: the manager's address, or the creator's own (every demo creator can be
        # contacted, as a marketplace's creators can).
        manager_email=manager_email,
        followers=tuple(map(_new_snapshot, zip(days.days[oldest::-1], counts, strict=True))),
        videos=draft.videos,
        audience=AudienceRecord(
            fixed={
                dimension: {bucket: shares.get(bucket, 0.0) for bucket in FIXED_DIMENSIONS[dimension]}
                for dimension, shares in audience.items()
                if dimension != "country"
            },
            country=audience["country"],
        ),
    )
    return GeneratedCreator(
        record=record, audience=audience, signs=draft.signs, viral=draft.viral, family=draft.family
    )


def _own_email(handle: str) -> str:
    """A creator without a manager takes requests at an address of their own. Drawn from nothing, so
    that the creators generated after this one stay the same."""
    return f"{words.ascii_slug(handle)}@inbox.example"


_CATEGORY_PICKS = {
    market: Weighted(
        {name: category.weight * factors.get(name, 1.0) for name, category in p.CATEGORIES.items()}
    )
    for market, factors in p.MARKET_CATEGORY_FACTORS.items()
}


def _categories(rng: random.Random, market: str) -> list[str]:
    first = _CATEGORY_PICKS[market].pick(rng)
    categories = [first]
    related = p.RELATED_CATEGORIES[first]
    for _extra in range(p.EXTRA_CATEGORY_COUNTS.pick(rng)):
        category = related[int(rng.random() * len(related))]
        if category not in categories:
            categories.append(category)
    return categories


def _reach(rng: random.Random, market: str) -> int:
    # Pareto above MIN_REACH; the rare draw beyond MAX_REACH is drawn again, so nothing piles up there.
    while True:
        reach = int(p.MIN_REACH * rng.paretovariate(p.MARKETS[market].reach_tail))
        if reach <= p.MAX_REACH:
            return reach


def _posting_times(
    rng: random.Random, *, count: int, first_s: int, last_s: int, utc_offset_s: int
) -> list[int]:
    """`count` posting moments (unix seconds, oldest first) from first_s to last_s: irregular gaps,
    bursts, and the local hours the creator posts at."""
    random_ = rng.random
    log = math.log
    hour_weights, hour_total = p.POSTING_HOURS.cumulative, p.POSTING_HOURS.total
    habit_s = int(p.POSTING_HOURS.pick(rng) * 3600) if random_() < p.HABIT_SHARE else -1
    latest = last_s - int(min(rng.expovariate(1 / p.LATEST_POST_MEAN_DAYS), p.LATEST_POST_MAX_DAYS) * DAY_S)
    # The gaps between videos are exponential (-log of a uniform): a burst's in hours, the others scaled
    # so that the videos cover most (70-98 %) of the history.
    burst_s = p.BURST_GAP_H * 3600
    gaps = [(random_() < p.BURST_SHARE, -log(1.0 - random_())) for _gap in range(count - 1)]
    burst_total = burst_s * sum(gap for burst, gap in gaps if burst)
    ordinary_total = sum(gap for burst, gap in gaps if not burst) or 1.0
    scale = max((latest - first_s) * rng.uniform(0.7, 0.98) - burst_total, 0.0) / ordinary_total
    times = [latest]
    moment = latest
    for burst, gap in gaps:
        if burst:
            moment -= int(gap * burst_s)
        else:
            moment -= int(gap * scale)
            # Moved to an hour the creator posts at, the same local day (or the day before).
            if habit_s >= 0 and random_() < 0.5:
                time_of_day = (habit_s + int(1200 * _NORMAL[int(random_() * _NORMAL_STEPS)])) % DAY_S
            else:
                hour = bisect(hour_weights, random_() * hour_total, 0, 23)
                time_of_day = hour * 3600 + int(random_() * 3600)
            local = moment + utc_offset_s
            moment = local - local % DAY_S + time_of_day - utc_offset_s
            if moment >= times[-1]:
                moment -= DAY_S
        if moment < first_s:
            moment = first_s + int(random_() * 3600)
        times.append(moment)
    times.sort()
    return times


def _daily_growth(rng: random.Random, tier: int) -> float:
    """The creator's usual growth a day, a share of the followers."""
    if rng.random() < p.SHRINKING_SHARE:
        monthly = -rng.uniform(*p.SHRINKING_MONTHLY)
    else:
        monthly = p.TIER_MONTHLY_GROWTH[tier] * math.exp(_normal(rng, p.GROWTH_SPREAD))
    return (1 + monthly) ** (1 / 30) - 1


def _viral_position(rng: random.Random, times: list[int], days: _Days) -> int:
    """Which video went viral: one posted days to weeks ago, so that the surge after it shows."""
    earliest, latest = p.VIRAL_WITHIN_DAYS
    candidates = [position for position, moment in enumerate(times) if earliest <= days.ago(moment) <= latest]
    if candidates:
        return candidates[int(rng.random() * len(candidates))]
    older = [position for position, moment in enumerate(times) if days.ago(moment) >= 1]
    return older[-1] if older else 0


def _follower_counts(
    rng: random.Random,
    *,
    reach: int,
    tier: int,
    history_days: int,
    drift: float,
    jump_day: int | None,
    jump_gain: float,
    surge_day: int | None,
) -> list[int]:
    """Followers per day, indexed by days before as_of (0 is as_of, whose count is `reach`).

    A random walk of daily growth rates: the creator's usual growth (`drift`) and a little noise, plus
    a bought jump or a viral surge for the creators who have one. Walked back from as_of's count.
    """
    noise = abs(drift) * p.DAILY_NOISE_OF_DRIFT + p.DAILY_NOISE_FLOOR
    surge_gain = surge_keep = 0.0
    if surge_day is not None:
        surge_gain = rng.uniform(*p.VIRAL_GAIN) * p.TIER_VIRAL_GAIN[tier]
        surge_keep = math.exp(-1 / rng.uniform(*p.VIRAL_DECAY_DAYS))
    random_ = rng.random
    normal = _NORMAL
    counts = [reach] * (history_days + 1)
    count = float(reach)
    for ago in range(history_days):
        # The growth of day `ago` over the day before it.
        growth = drift + noise * normal[int(random_() * _NORMAL_STEPS)]
        if ago == jump_day:
            growth += jump_gain
        elif surge_day is not None and ago <= surge_day:
            # Each day of the surge brings a fixed share of what is left of it: most comes first.
            growth += surge_gain * (1 - surge_keep) * surge_keep ** (surge_day - ago)
        count /= 1 + growth
        counts[ago + 1] = round(count)
    return counts


@cache
def _captions(market: str, category: str) -> tuple[str, ...]:
    """Every caption (without hashtags) a creator of the market and category may write."""
    return tuple(
        pattern.format(subject=subject, n=n)
        for pattern in words.CAPTION_PATTERNS[market]
        for subject in words.CATEGORY_WORDS[category].subjects
        for n in range(1, 10)
    )


def _videos(
    rng: random.Random,
    *,
    times: list[int],
    followers: list[int],
    watching: list[float],
    market: str,
    category: str,
    tier: int,
    signs: tuple[str, ...],
    viral_position: int | None,
    days: _Days,
    id_bits: int,
) -> tuple[VideoRecord, ...]:
    """The videos as the import reads them from a line (`GeneratedCreator.line` writes them out)."""
    random_ = rng.random
    uniform = rng.uniform
    exp = math.exp
    profile = p.CATEGORIES[category]
    # The creator's usual numbers, or the bought-audience version of them.
    if FEW_VIEWS_PER_FOLLOWER in signs:
        views_per_follower = uniform(*p.VIEWS_PER_FOLLOWER_BOUGHT)
    else:
        views_per_follower = p.TIER_VIEWS_PER_FOLLOWER[tier] * profile.views
        views_per_follower *= exp(_normal(rng, p.VIEWS_PER_FOLLOWER_SPREAD))
        views_per_follower = min(max(views_per_follower, p.MIN_VIEWS_PER_FOLLOWER), p.MAX_VIEWS_PER_FOLLOWER)
    engagement = p.TIER_ENGAGEMENT[tier] * profile.engagement
    if LOW_ENGAGEMENT in signs:
        engagement *= uniform(*p.ENGAGEMENT_BOUGHT_FACTOR)
    else:
        engagement *= exp(_normal(rng, p.ENGAGEMENT_SPREAD))
    comments_per_like = profile.comments_per_like * exp(_normal(rng, p.RATE_SPREAD))
    if FEW_COMMENTS_PER_LIKE in signs:
        comments_per_like = profile.comments_per_like * uniform(*p.COMMENTS_PER_LIKE_BOUGHT_FACTOR)
    shares_per_like = profile.shares_per_like * exp(_normal(rng, p.RATE_SPREAD))
    like_share = 1 / (1 + comments_per_like + shares_per_like)
    duration_s = profile.duration_s * exp(_normal(rng, p.CREATOR_DURATION_SPREAD))

    captions = _captions(market, category)
    topic = words.CATEGORY_WORDS[category]
    tags = words.MARKET_HASHTAGS[market]
    hashtags = [
        f" {topic.hashtags[0]} {topic.hashtags[1 + int(random_() * 3)]} {tags[int(random_() * 3)]}",
        f" {topic.hashtags[0]} {tags[0]}",
        f" {topic.hashtags[int(random_() * 4)]}",
    ]
    fresh_s = p.FRESH_DAYS * DAY_S
    end_s = days.end_s
    fresh_from = end_s - fresh_s
    getrandbits = rng.getrandbits
    # Locals, not globals: this loop runs millions of times.
    views_noise, engagement_noise, interaction_noise, duration_noise = (
        _VIEWS_NOISE,
        _ENGAGEMENT_NOISE,
        _INTERACTION_NOISE,
        _DURATION_NOISE,
    )
    new_video, from_timestamp = _new_video, datetime.fromtimestamp
    hit_share, hit_factor = p.HIT_SHARE, p.HIT_FACTOR
    caption_count = len(captions)

    records = []
    for position, moment in enumerate(times):
        # Two calls give all the draws: 13-bit indexes into the noise tables (views, engagement,
        # comments and shares from the first; duration from the second), then caption and hashtags.
        noise = getrandbits(52)
        more = getrandbits(32)
        ago = (end_s - 1 - moment) // DAY_S
        views = followers[ago] * watching[ago] * views_per_follower
        rate = engagement * engagement_noise[noise >> 13 & 8191]
        shares_boost = 1.0
        if position == viral_position:
            # Many times the usual, whatever the noise: what makes it a viral video.
            views *= uniform(*p.VIRAL_VIEWS_FACTOR)
            rate *= uniform(0.9, 1.3)
            shares_boost = 1.5  # it went viral because people shared it
        else:
            views *= views_noise[noise & 8191]
            if random_() < hit_share:
                views *= uniform(*hit_factor)
        if moment > fresh_from:
            views *= 0.25 + 0.75 * (end_s - moment) / fresh_s
        views = int(views) + 20
        likes = views * rate * like_share
        duration = int(duration_s * duration_noise[more & 8191])
        video_id = (moment << 32) | id_bits | position
        video_likes = int(likes)
        video_comments = int(likes * comments_per_like * interaction_noise[noise >> 26 & 8191])
        video_shares = int(likes * shares_per_like * shares_boost * interaction_noise[noise >> 39])
        duration = 5 if duration < 5 else 600 if duration > 600 else duration
        caption = captions[(more >> 13 & 0xFFFF) % caption_count] + hashtags[(more >> 29) % 3]
        records.append(
            new_video(
                (
                    video_id,
                    from_timestamp(moment, UTC),
                    views,
                    video_likes,
                    video_comments,
                    video_shares,
                    duration,
                    caption,
                )
            )
        )
    return tuple(records)


def build_audience(
    rng: random.Random, *, market: str, category: str, active_share: float
) -> dict[str, dict[str, float]]:
    """The audience of a creator of `market` and `category`: the profiles plus the creator's own noise."""
    exp = math.exp
    profile = p.CATEGORIES[category]
    place = p.MARKETS[market]
    ages = [
        weight * factor * exp(_normal(rng, p.AGE_SPREAD))
        for weight, factor in zip(profile.ages, place.ages, strict=True)
    ]
    female = min(max(profile.female + place.female_shift + _normal(rng, p.FEMALE_SPREAD), 0.03), 0.95)
    other_gender = rng.uniform(0.005, 0.025)
    ios = min(
        max(place.ios * p.CATEGORY_IOS.get(category, 1.0) * exp(_normal(rng, p.IOS_SPREAD)), 0.01), 0.95
    )
    other_device = rng.uniform(0.003, 0.02)
    return {
        "age": _shares(AGE_BRACKETS, ages),
        "gender": _shares(("female", "male", "other"), [female, 1 - female - other_gender, other_gender]),
        "device": _shares(("ios", "android", "other"), [ios, 1 - ios - other_device, other_device]),
        "country": _countries(rng, market, category),
        "activity": _shares(("active", "passive"), [active_share, 1 - active_share]),
    }


def _countries(rng: random.Random, market: str, category: str) -> dict[str, float]:
    place = p.MARKETS[market]
    home = min(max(place.home * p.CATEGORY_HOME.get(category, 1.0) + _normal(rng, p.HOME_SPREAD), 0.3), 0.95)
    wanted = 3 + int(rng.random() * 4)
    picked: list[str] = []
    for _attempt in range(4 * wanted):
        country = place.abroad.pick(rng)
        if country not in picked:
            picked.append(country)
            if len(picked) == wanted:
                break
    weights = [place.abroad.weights[country] * rng.uniform(0.5, 1.5) for country in picked]
    abroad_total = sum(weights)
    values = [home, *((1 - home) * weight / abroad_total for weight in weights)]
    shares = _shares((market, *picked), values)
    # A country too small to show after rounding is left out rather than listed at 0.
    return {country: share for country, share in shares.items() if share > 0}


def _shares(buckets: Sequence[str], values: Sequence[float]) -> dict[str, float]:
    """Shares normalised to 1 and rounded; the rounding error goes to the largest, so they add up."""
    total = sum(values)
    shares = [round(value / total, SHARE_DECIMALS) for value in values]
    largest = shares.index(max(shares))
    shares[largest] = round(shares[largest] + 1 - sum(shares), SHARE_DECIMALS)
    return dict(zip(buckets, shares, strict=True))
