"""The numbers behind the demo generator's market: markets, categories, tiers, and what bought
audiences and viral videos look like. Each says why it is what it is; `generator.py` draws from them.
"""

import random
from bisect import bisect
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import accumulate


class Weighted[T]:
    """A weighted choice with its cumulative weights computed once (random.choices redoes that)."""

    def __init__(self, weights: Mapping[T, float]) -> None:
        self.weights = dict(weights)
        self.values = tuple(weights)
        self.cumulative = list(accumulate(weights.values()))
        self.total = self.cumulative[-1]
        self.last = len(self.values) - 1

    def pick(self, rng: random.Random) -> T:
        return self.values[bisect(self.cumulative, rng.random() * self.total, 0, self.last)]


# --- Markets -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Market:
    weight: float  # share of creators
    reach_tail: float  # Pareto exponent of reach: smaller, heavier tail (more stars)
    utc_offsets_h: Weighted[float]  # where its creators live (daylight saving ignored: an hour is noise)
    languages: Weighted[tuple[str, ...]]
    ages: tuple[float, ...]  # factors on the category's age profile (13-17 ... 55+)
    female_shift: float  # added to the category's female share
    ios: float  # iPhone share of the audience
    home: float  # share of the audience in the creator's own country...
    abroad: Weighted[str]  # ...and where the rest is: neighbours, diaspora, served markets or not


MARKETS = {
    # The largest short-video market. Eastern, Central, Mountain and Pacific time by population.
    "US": Market(
        weight=35,
        reach_tail=0.62,
        utc_offsets_h=Weighted({-5.0: 47, -6.0: 29, -7.0: 7, -8.0: 17}),
        languages=Weighted({("en",): 85, ("en", "es"): 15}),
        ages=(1.0, 1.0, 1.0, 1.0, 1.0, 1.0),
        female_shift=0.0,
        ios=0.6,
        home=0.7,
        abroad=Weighted({"CA": 5, "GB": 3, "MX": 3, "PH": 2, "BR": 2, "AU": 2, "IN": 2, "DE": 1, "NG": 1}),
    ),
    # As large through Reels, Shorts and local apps; young, mostly male, almost all Android, and
    # watched at home with a diaspora in the Gulf, the US and the UK.
    "IN": Market(
        weight=30,
        reach_tail=0.62,
        utc_offsets_h=Weighted({5.5: 1}),
        languages=Weighted(
            {("hi", "en"): 50, ("en",): 18, ("hi",): 10, ("ta", "en"): 6, ("te", "en"): 6, ("bn", "en"): 10}
        ),
        ages=(1.2, 1.3, 1.0, 0.65, 0.45, 0.35),
        female_shift=-0.1,
        ios=0.05,
        home=0.82,
        abroad=Weighted(
            {"US": 3, "AE": 2.5, "BD": 2, "NP": 1.5, "GB": 1.5, "PK": 1, "SA": 1, "CA": 1, "ID": 0.5}
        ),
    ),
    # English-speaking, so much of the audience is abroad.
    "GB": Market(
        weight=14,
        reach_tail=0.68,
        utc_offsets_h=Weighted({0.0: 1}),
        languages=Weighted({("en",): 95, ("en", "hi"): 5}),
        ages=(0.9, 1.0, 1.0, 1.0, 1.05, 1.05),
        female_shift=0.0,
        ios=0.52,
        home=0.52,
        abroad=Weighted(
            {"US": 6, "IE": 2.5, "AU": 2, "CA": 1.5, "IN": 1.5, "NG": 1, "DE": 1, "FR": 1, "ES": 1, "NL": 1}
        ),
    ),
    # An older audience, more Android than iPhone, and Austria and Switzerland share the language.
    "DE": Market(
        weight=13,
        reach_tail=0.70,
        utc_offsets_h=Weighted({1.0: 1}),
        languages=Weighted({("de",): 60, ("de", "en"): 40}),
        ages=(0.8, 0.9, 1.05, 1.15, 1.2, 1.2),
        female_shift=-0.02,
        ios=0.36,
        home=0.6,
        abroad=Weighted(
            {"AT": 5, "CH": 4, "TR": 1.5, "US": 1.5, "NL": 1, "PL": 1, "FR": 1, "IT": 1, "GB": 1, "BR": 0.5}
        ),
    ),
    # 24 million people: the fewest creators and fewer stars; watched across the Chinese-reading world.
    "TW": Market(
        weight=8,
        reach_tail=0.80,
        utc_offsets_h=Weighted({8.0: 1}),
        languages=Weighted({("zh-TW",): 60, ("zh-TW", "en"): 40}),
        ages=(0.8, 1.0, 1.15, 1.1, 0.9, 0.8),
        female_shift=0.03,
        ios=0.38,
        home=0.64,
        abroad=Weighted(
            {
                "HK": 4,
                "MY": 3,
                "SG": 2,
                "US": 2,
                "JP": 2,
                "MO": 1,
                "TH": 1,
                "ID": 1,
                "CA": 1,
                "AU": 1,
                "PH": 0.5,
            }
        ),
    ),
}
MIN_REACH = 10_000  # the marketplace lists creators from 10k followers
MAX_REACH = 50_000_000  # about the largest accounts in these markets


# --- Categories ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Category:
    weight: float  # how common among creators: lifestyle, comedy and beauty lead short video
    engagement: float  # factor on the tier's engagement rate: laughs and pets get more, money less
    views: float  # factor on the tier's views per follower
    comments_per_like: float  # people ask under a tutorial or a money video; they like a dance
    shares_per_like: float  # and share what is useful or funny
    duration_s: int  # a typical video: a dance is a chorus long, an explainer a minute
    female: float  # female share of the audience
    ages: tuple[int, ...]  # relative weights of 13-17, 18-24, 25-34, 35-44, 45-54, 55+


# fmt: off
CATEGORIES = {
    #                      weight  ER   views  c/like s/like  dur female  ages 13-17 ... 55+
    "lifestyle":  Category(10, 1.0,  1.0,  0.015, 0.05,  28, 0.66, (11, 35, 31, 13, 6, 4)),
    "comedy":     Category(9,  1.15, 1.2,  0.02,  0.12,  25, 0.50, (16, 38, 26, 11, 6, 3)),
    "beauty":     Category(8,  1.05, 1.0,  0.025, 0.04,  35, 0.86, (14, 38, 30, 11, 5, 2)),
    "fashion":    Category(8,  1.0,  1.0,  0.015, 0.035, 20, 0.78, (14, 40, 29, 10, 5, 2)),
    "food":       Category(8,  1.0,  1.1,  0.02,  0.09,  40, 0.60, (8, 28, 31, 17, 10, 6)),
    "gaming":     Category(7,  1.1,  1.0,  0.03,  0.04,  45, 0.22, (22, 42, 24, 8, 3, 1)),
    "dance":      Category(6,  1.15, 1.15, 0.008, 0.03,  18, 0.62, (24, 40, 22, 8, 4, 2)),
    "fitness":    Category(6,  1.0,  1.0,  0.02,  0.06,  30, 0.48, (8, 34, 34, 15, 6, 3)),
    "music":      Category(6,  1.0,  1.0,  0.01,  0.05,  22, 0.52, (18, 38, 25, 11, 5, 3)),
    "education":  Category(5,  0.85, 1.0,  0.035, 0.10,  60, 0.50, (14, 34, 28, 13, 7, 4)),
    "family":     Category(5,  1.05, 1.0,  0.025, 0.06,  30, 0.78, (4, 18, 38, 25, 10, 5)),
    "pets":       Category(5,  1.2,  1.2,  0.015, 0.10,  16, 0.64, (9, 28, 30, 17, 10, 6)),
    "travel":     Category(5,  1.0,  1.0,  0.015, 0.08,  30, 0.56, (5, 27, 35, 18, 10, 5)),
    "sports":     Category(4,  1.0,  1.0,  0.02,  0.06,  25, 0.25, (13, 33, 28, 15, 7, 4)),
    "tech":       Category(4,  0.8,  1.0,  0.035, 0.07,  50, 0.24, (10, 33, 32, 15, 7, 3)),
    "art":        Category(3,  1.0,  1.0,  0.02,  0.06,  35, 0.58, (10, 32, 30, 15, 8, 5)),
    "diy":        Category(3,  1.0,  1.0,  0.025, 0.09,  45, 0.55, (6, 22, 30, 21, 13, 8)),
    "finance":    Category(3,  0.8,  0.8,  0.045, 0.10,  55, 0.30, (3, 28, 38, 19, 8, 4)),
    "home":       Category(3,  1.0,  1.0,  0.02,  0.08,  35, 0.74, (3, 18, 33, 24, 14, 8)),
    "automotive": Category(2,  0.85, 1.0,  0.025, 0.05,  40, 0.14, (5, 25, 33, 20, 11, 6)),
    "books":      Category(2,  0.9,  0.8,  0.03,  0.05,  45, 0.72, (12, 35, 30, 13, 6, 4)),
    "outdoors":   Category(2,  0.9,  1.0,  0.015, 0.06,  40, 0.38, (5, 24, 32, 20, 12, 7)),
}
# fmt: on

# Where a market's creators depart from the overall mix: India's comedy, dance, music and study
# content; Taiwan's food and travel; Germany's cars and hiking; Britain's comedy, football and books.
MARKET_CATEGORY_FACTORS: dict[str, dict[str, float]] = {
    "US": {"family": 1.2, "fitness": 1.2, "finance": 1.2, "sports": 1.1},
    "IN": {"comedy": 1.5, "dance": 1.4, "music": 1.3, "education": 1.5, "tech": 1.3, "finance": 1.3},
    "TW": {"food": 1.8, "travel": 1.5, "beauty": 1.3, "tech": 1.2, "pets": 1.2, "automotive": 0.6},
    "DE": {"automotive": 2.0, "outdoors": 1.8, "diy": 1.5, "fitness": 1.2, "tech": 1.2, "dance": 0.6},
    "GB": {"comedy": 1.3, "fashion": 1.2, "sports": 1.4, "books": 1.4},
}
# A second or third category comes from the neighbours of the first.
RELATED_CATEGORIES: dict[str, tuple[str, ...]] = {
    "art": ("diy", "lifestyle", "education"),
    "automotive": ("tech", "lifestyle", "travel"),
    "beauty": ("fashion", "lifestyle"),
    "books": ("education", "lifestyle", "art"),
    "comedy": ("lifestyle", "family", "music"),
    "dance": ("music", "comedy", "fitness"),
    "diy": ("home", "art"),
    "education": ("tech", "finance", "books"),
    "family": ("lifestyle", "food", "home"),
    "fashion": ("beauty", "lifestyle"),
    "finance": ("education", "tech"),
    "fitness": ("sports", "food", "lifestyle"),
    "food": ("travel", "lifestyle", "family"),
    "gaming": ("tech", "comedy"),
    "home": ("diy", "lifestyle", "family"),
    "lifestyle": ("fashion", "travel", "food"),
    "music": ("dance", "comedy"),
    "outdoors": ("travel", "fitness", "sports"),
    "pets": ("family", "comedy", "outdoors"),
    "sports": ("fitness", "lifestyle"),
    "tech": ("gaming", "education"),
    "travel": ("food", "outdoors", "lifestyle"),
}
# Most creators list one category; a third add a neighbour, a few two.
EXTRA_CATEGORY_COUNTS = Weighted({0: 55, 1: 33, 2: 12})
# Tech and beauty audiences lean iPhone, gamers Android (factors on the market's iPhone share).
CATEGORY_IOS = {"tech": 1.1, "beauty": 1.08, "fashion": 1.08, "finance": 1.05, "gaming": 0.85}
# Music, dance, games and places travel across borders; jokes and family life stay home.
CATEGORY_HOME = {"travel": 0.85, "music": 0.9, "dance": 0.9, "gaming": 0.92, "comedy": 1.03, "family": 1.04}

# --- Tiers ---------------------------------------------------------------------------------------

# Follower tiers of docs/numbers.md from 10k up: 10k-100k, 100k-1M, 1M-10M, 10M and more.
TIER_FLOORS = (100_000, 1_000_000, 10_000_000)


def tier_of(reach: int) -> int:
    """0 for 10k-100k up to 3 for 10M and more."""
    return bisect(TIER_FLOORS, reach)


# Typical engagement rate per tier: a small creator's followers are closer and interact more. With the
# per-creator spread (log-normal sigma), rates land mostly between 2 % and 10 %.
TIER_ENGAGEMENT = (0.07, 0.055, 0.045, 0.038)
ENGAGEMENT_SPREAD = 0.25
# How far a creator's comments and shares per like stray from the category's (log-normal sigma).
RATE_SPREAD = 0.25
# Views per follower per tier: the feed shows a small creator's videos to many non-followers; a star's
# followers see a smaller share of each video. Mostly 0.1 to 0.5, never below MIN.
TIER_VIEWS_PER_FOLLOWER = (0.28, 0.22, 0.17, 0.13)
VIEWS_PER_FOLLOWER_SPREAD = 0.3
MIN_VIEWS_PER_FOLLOWER = 0.08  # an audience watching less than this is not there: bought followers
MAX_VIEWS_PER_FOLLOWER = 1.2
# Monthly follower growth per tier: small accounts grow fast in relative terms, stars slowly (times a
# log-normal factor, sigma GROWTH_SPREAD). Some creators are past their peak and slowly lose followers.
TIER_MONTHLY_GROWTH = (0.05, 0.03, 0.018, 0.01)
GROWTH_SPREAD = 0.6
SHRINKING_SHARE = 0.12
SHRINKING_MONTHLY = (0.002, 0.02)
# Day-to-day noise of the follower count: half the drift plus a floor, so a flat account still moves.
DAILY_NOISE_OF_DRIFT = 0.5
DAILY_NOISE_FLOOR = 0.0002
# How far a creator's audience strays from the market's and category's profiles.
AGE_SPREAD = 0.15  # log-normal sigma of each age bracket's weight
FEMALE_SPREAD = 0.06  # added to the female share
IOS_SPREAD = 0.12  # log-normal sigma of the iPhone share
HOME_SPREAD = 0.06  # added to the home country's share
# Share of creators with a manager's or agency's address: stars have one, small creators rarely.
TIER_MANAGED = (0.15, 0.45, 0.8, 0.95)

# --- Videos --------------------------------------------------------------------------------------

MIN_VIDEOS = 20
MAX_VIDEOS = 120
MEAN_EXTRA_VIDEOS = 25  # exponential above MIN_VIDEOS: most creators have 20-60 videos, mean ~45
# Days of history (snapshots and videos), triangular: mostly 60-90 days, mean 75.
MIN_HISTORY_DAYS = 30
MAX_HISTORY_DAYS = 120
MODE_HISTORY_DAYS = 75
# One video's views against the creator's usual: log-normal, and now and then a small hit.
VIDEO_VIEWS_SPREAD = 0.6
HIT_SHARE = 0.04
HIT_FACTOR = (3.0, 8.0)
VIDEO_ENGAGEMENT_SPREAD = 0.2
INTERACTION_SPREAD = 0.3  # a video's comments and shares around the creator's per-like rates
DURATION_SPREAD = 0.5
CREATOR_DURATION_SPREAD = 0.3  # a creator's usual length against the category's
# A video gathers its views over about three days; the newest have not had them all yet.
FRESH_DAYS = 3
# Share of videos posted within hours of the one before (a series, a trend caught while it lasts).
BURST_SHARE = 0.2
BURST_GAP_H = 2.5
# Local hours people post at, by weight: lunch and the evening, hardly at night.
_HOURS_0_TO_11 = (0.3, 0.2, 0.1, 0.1, 0.1, 0.2, 0.4, 0.6, 0.9, 1.0, 1.2, 1.4)
_HOURS_12_TO_23 = (2.0, 1.8, 1.3, 1.3, 1.5, 2.0, 2.6, 3.0, 3.0, 2.6, 1.8, 1.0)
POSTING_HOURS = Weighted(dict(enumerate((*_HOURS_0_TO_11, *_HOURS_12_TO_23))))
# Half the creators have a habit hour of their own, which they keep to about half the time.
HABIT_SHARE = 0.5
# Listed creators are active: the latest video is a day or two old (mean, and cap, in days).
LATEST_POST_MEAN_DAYS = 1.5
LATEST_POST_MAX_DAYS = 4

# --- Inauthentic and viral creators ----------------------------------------------------------------

INAUTHENTIC_SHARE = 0.05
# Each inauthentic creator shows some of the signs: usually two or three, rarely all five.
SIGN_COUNTS = Weighted({2: 40, 3: 35, 4: 20, 5: 5})
VIRAL_SHARE = 0.03  # of authentic creators
UNVERIFIED_SHARE = 0.03

# What each sign looks like, against the authentic ranges above.
JUMP_GAIN = (0.08, 0.35)  # a day's gain, a share of the followers: ~100x a usual day's...
JUMP_TIMES_USUAL = (30.0, 80.0)  # ...and at least this many times the creator's usual day
JUMP_WITHIN_DAYS = 29  # recent enough to show in the 30-day growth
ACTIVE_SHARE_AUTHENTIC = (0.6, 0.9)
ACTIVE_SHARE_BOUGHT = (0.2, 0.45)  # bought accounts never open the app
ENGAGEMENT_BOUGHT_FACTOR = (0.2, 0.4)  # times the tier's and category's typical rate
VIEWS_PER_FOLLOWER_BOUGHT = (0.01, 0.05)
COMMENTS_PER_LIKE_BOUGHT_FACTOR = (0.1, 0.3)  # bought likes come without comments

VIRAL_VIEWS_FACTOR = (20.0, 100.0)
VIRAL_WITHIN_DAYS = (3, 45)  # when the viral video was posted, in days before as_of
# Followers a viral video brings, a share of the total; it matters more to a small creator.
VIRAL_GAIN = (0.08, 0.5)
TIER_VIRAL_GAIN = (1.0, 0.6, 0.3, 0.2)
VIRAL_DECAY_DAYS = (1.2, 3.0)  # the surge's time constant: most of it comes in the first days

# --- Profiles ------------------------------------------------------------------------------------

# Handle shapes by how often they occur (see generator._handle_base).
HANDLE_SHAPES = Weighted(
    {
        "first.last": 24,
        "first_last": 10,
        "firstlast": 10,
        "first.word": 20,
        "firstword": 8,
        "first+digits": 8,
        "first.initial": 4,
        "its+firstlast": 3,
        "the+firstlast": 2,
        "first.tag": 5,
        "_first.last": 1,
        "firstlast+digits": 4,
    }
)
NO_BIO_SHARE = 0.08
