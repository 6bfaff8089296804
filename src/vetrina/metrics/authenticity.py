"""The authenticity score of docs/numbers.md: 0–100, built from five signals, each shown with its
value, the value typical for the creator's peer group (the median of its verified creators: metrics.peers),
and a sentence saying why it counts (the sentences are vetrina.metrics.presentation.authenticity's; this
module has the numbers).

How a score is made. Each signal turns the creator's number into a *doubt*, from 0 (nothing unusual)
to 1 (as far off as bought audiences are): a signal held against peers looks at value / typical, and
its doubt ramps, on a log scale, from 0 at the rule's `fine` ratio to 1 at its `bad` ratio; the
follower spike looks at the largest daily gain over the creator's usual daily change the same way,
and doubts nothing when a hit video explains the jump. A signal resting on little data carries part of
its weight (`evidence`), and two purchases that show in two numbers at once carry more (`PATTERNS`). The
score is 100 minus each signal's points, never below 0, with a confidence from how much data it rests
on. A score under SUSPICIOUS_BELOW is "suspicious".

Every weight and threshold is in the settings block below, each with why it is set so. The score reads
only what the database holds: the facts `compute` stores on the creator's row and the medians of its
peer group (`PeerGroup`, written by `peers.peers_recompute`); never the demo generator or its labels.
"""

import enum
import math
from dataclasses import dataclass
from datetime import date
from typing import Any

# --- Settings: every weight and threshold of the score --------------------------------------------

# A score under this is "suspicious" (docs/numbers.md's default threshold).
SUSPICIOUS_BELOW = 50.0
# How much data a score rests on (its confidence, docs/numbers.md). With fewer videos one lucky or
# unlucky video moves every ratio, and with a short history there are too few days to know the
# creator's usual change in followers from a jump. A score resting on at least HIGH_VIDEOS videos (half
# the core window), HIGH_HISTORY_DAYS days of follower history and four signals is "high"; on at least
# MIN_VIDEOS videos, MIN_HISTORY_DAYS days and three signals, "medium"; on less, "low" (still a score,
# as long as one signal can be judged).
# Below these, a signal's doubt carries only part of its weight (`evidence`): with 3 videos, one lucky
# or unlucky video is a third of every ratio; with a week of follower counts, the usual daily change is
# guessed from a handful of days, and an ordinary good day looks like a jump.
FULL_EVIDENCE_VIDEOS = 10
FULL_EVIDENCE_DAYS = 14
HIGH_VIDEOS = 15
HIGH_HISTORY_DAYS = 30
HIGH_SIGNALS = 4
MIN_VIDEOS = 5
MIN_HISTORY_DAYS = 14
MEDIUM_SIGNALS = 3
# A viral video brings followers on its own day and the few after it (most of a surge comes within
# three days): a jump that close after a video with VIRAL_LIFT times the creator's usual views is fans
# arriving, not followers bought. A hit of a few times the usual views is common and brings few
# followers; a video that goes viral gets tens of times them. 15x sits between the two.
JUMP_FOLLOWS_VIDEO_DAYS = 3
VIRAL_LIFT = 15.0
# A creator whose follower count never moved has a usual daily change of 0; counting it as one follower
# a day keeps a jump of a few followers from looking like an infinitely large one.
MIN_USUAL_DAILY_CHANGE = 1.0


@dataclass(frozen=True)
class Rule:
    weight: float  # points the signal takes off the score at full doubt
    fine: float  # the ratio at which doubt starts: ordinary creators rarely go past it
    bad: float  # the ratio at which doubt is full: where bought audiences are


# Weights: any two signals at full doubt take off more than 50 points, so two strong signs make a creator
# suspicious; one alone takes off at most 35, so an authentic creator with one odd number is not
# accused. The follower spike and the active share weigh most: each points at bought accounts directly,
# while a quiet or unwatched audience has innocent causes too (a dull month, a topic people don't
# comment on).
# Thresholds are ratios to the peers' median (the spike: times the creator's usual daily change).
# Ordinary creators spread around their peers' median by about a quarter to a third either way
# (log-normal), so `fine` sits about two such spreads below it: few honest creators reach it. `bad` is
# where an audience that is mostly bought lands.
RULES: dict[str, Rule] = {
    # Bought accounts never open the app. Active shares vary less than the other numbers (most
    # audiences are 60-90 % active, so rarely under 0.8 of the median); at 0.6 of it, the passive part
    # is twice the usual.
    "active_share": Rule(weight=35, fine=0.75, bad=0.6),
    # Likes, comments and shares per view: a real audience reacts. At 0.4 of the usual rate, three in
    # five of the reactions its size would bring are missing.
    "engagement_rate": Rule(weight=30, fine=0.6, bad=0.4),
    # A real audience grows by about the same every day: even a good day rarely brings 6x the usual
    # without a hit video. Bought followers arrive by the thousands in one day: 25x the usual and more.
    "follower_spike": Rule(weight=35, fine=8.0, bad=25.0),
    # The share of the followers a typical video reaches. It spreads more than engagement (a third
    # either way, and one video's luck), so the ramp starts lower; at a quarter of the usual, three in
    # four of the viewers its size would bring are missing.
    "views_per_follower": Rule(weight=30, fine=0.5, bad=0.25),
    # Bought likes come without comments. Comments per like spread like engagement, and more for small
    # creators whose few comments are counted in whole numbers, so the ramp starts at half the usual.
    "comments_per_like": Rule(weight=30, fine=0.5, bad=0.25),
}
SIGNALS = tuple(RULES)  # the order a page lists them in: docs/numbers.md's


@dataclass(frozen=True)
class Pattern:
    """A purchase that shows in two numbers at once: a signal's doubt weighs `extra` points more when
    another number is at least `above` times its typical value."""

    signal: str
    other: str
    above: float
    extra: float


# Bought likes come without comments and lift the likes per view above the peers'; a quiet audience has
# few comments too, but ordinary likes. Bought views come without reactions and lift the views per
# follower above the peers'; an audience that reacts little watches as usual. Either pair at full doubt
# takes 55 points: alone, it makes a creator suspicious.
PATTERNS = {
    pattern.signal: pattern
    for pattern in (
        Pattern(signal="comments_per_like", other="engagement_rate", above=1.5, extra=25),
        Pattern(signal="engagement_rate", other="views_per_follower", above=1.5, extra=25),
    )
}

# --- What the score reads -----------------------------------------------------------------------


class Unscored(enum.StrEnum):
    """Why a creator has no score (stored in Creator.authenticity_unscored)."""

    NO_SIGNALS = "no_signals"  # not one signal can be judged: too little data


class Confidence(enum.StrEnum):
    """How much data a score rests on (stored in Creator.authenticity_confidence)."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


@dataclass(frozen=True, slots=True)
class Judgement:
    """A score (0-100, one decimal) and its confidence; or no score and why."""

    score: float | None
    confidence: Confidence | None
    unscored: Unscored | None


@dataclass(frozen=True, slots=True)
class Facts:
    """What the score reads of one creator: stored numbers and facts of its own data (`compute`)."""

    video_count: int | None
    history_days: int | None
    active_share: float | None
    engagement_rate: float | None
    views_per_follower: float | None
    comments_per_like: float | None
    largest_daily_gain: float | None
    largest_daily_gain_on: date | None
    usual_daily_change: float | None
    largest_gain_video_lift: float | None

    @property
    def follower_spike(self) -> float | None:
        return follower_spike(self.largest_daily_gain, self.usual_daily_change)

    @property
    def spike_follows_a_hit(self) -> bool:
        lift = self.largest_gain_video_lift
        return lift is not None and lift >= VIRAL_LIFT


def follower_spike(largest_daily_gain: float | None, usual_daily_change: float | None) -> float | None:
    """The largest daily gain, in times the usual daily change."""
    if largest_daily_gain is None or usual_daily_change is None:
        return None
    return largest_daily_gain / max(usual_daily_change, MIN_USUAL_DAILY_CHANGE)


# Facts field -> the Creator field it is read from.
FACT_COLUMNS = {
    name: ("audience_activity_active" if name == "active_share" else name)
    for name in Facts.__dataclass_fields__
}


def facts_of(row: Any) -> Facts:
    """The facts of a Creator (or any object with its fields as attributes)."""
    return Facts(*(getattr(row, column) for column in FACT_COLUMNS.values()))


@dataclass(frozen=True, slots=True)
class Typical:
    """The medians of the verified creators of the creator's peer group (its tier, None for every
    verified creator, and category, "" for the whole tier); None where none has the number."""

    tier: int | None
    category: str
    active_share: float | None
    engagement_rate: float | None
    follower_spike: float | None
    views_per_follower: float | None
    comments_per_like: float | None


# --- Judging --------------------------------------------------------------------------------------


def value_of(signal: str, facts: Facts) -> float | None:
    return getattr(facts, signal)


def measure(signal: str, facts: Facts, typical: Typical | None) -> float | None:
    """What a signal's rule is applied to: value / typical, or for the spike, times the usual change."""
    if signal == "follower_spike":
        return facts.follower_spike
    value = value_of(signal, facts)
    peers = getattr(typical, signal) if typical is not None else None
    if value is None or not peers:
        return None
    return value / peers


def doubt(signal: str, facts: Facts, typical: Typical | None) -> float:
    """0 (nothing unusual) to 1 (as off as bought audiences are); 0 when it cannot be judged. Scaled down
    when the signal rests on little data (`evidence`)."""
    rule = RULES[signal]
    found = measure(signal, facts, typical)
    if found is None:
        return 0.0
    if signal == "follower_spike":
        if found <= rule.fine or facts.spike_follows_a_hit:
            return 0.0
        return min(math.log(found / rule.fine) / math.log(rule.bad / rule.fine), 1.0) * evidence(
            signal, facts
        )
    if found >= rule.fine:
        return 0.0
    if found <= 0:
        return evidence(signal, facts)
    return min(math.log(rule.fine / found) / math.log(rule.fine / rule.bad), 1.0) * evidence(signal, facts)


def evidence(signal: str, facts: Facts) -> float:
    """How much of its weight a signal's doubt may carry, from the data it rests on: in full from
    FULL_EVIDENCE_VIDEOS videos (the ratios of the videos) or FULL_EVIDENCE_DAYS days of follower
    history (the spike), in proportion below. The active share is the audience's, whatever the videos."""
    if signal == "active_share":
        return 1.0
    if signal == "follower_spike":
        return min((facts.history_days or 0) / FULL_EVIDENCE_DAYS, 1.0)
    return min((facts.video_count or 0) / FULL_EVIDENCE_VIDEOS, 1.0)


def raw_doubt(signal: str, facts: Facts, typical: Typical | None) -> float:
    """The signal's evidence before its thresholds: how far off the creator is, larger the worse, on a log
    scale (0 when it cannot be judged). For evaluating a signal alone; the score uses `doubt`."""
    found = measure(signal, facts, typical)
    if found is None:
        return 0.0
    if signal == "follower_spike":
        return 0.0 if facts.spike_follows_a_hit else math.log(max(found, 1.0))
    return -math.log(found) if found > 0 else math.inf


def judged_signals(facts: Facts, typical: Typical | None) -> int:
    """How many signals can be judged: the creator has the number and, but for the spike, its peers too."""
    return sum(1 for signal in SIGNALS if measure(signal, facts, typical) is not None)


def confidence_of(facts: Facts, judged: int) -> Confidence:
    videos, days = facts.video_count or 0, facts.history_days or 0
    if videos >= HIGH_VIDEOS and days >= HIGH_HISTORY_DAYS and judged >= HIGH_SIGNALS:
        return Confidence.HIGH
    if videos >= MIN_VIDEOS and days >= MIN_HISTORY_DAYS and judged >= MEDIUM_SIGNALS:
        return Confidence.MEDIUM
    return Confidence.LOW


def judge(facts: Facts, typical: Typical | None) -> Judgement:
    """The score with its confidence; no score only when not one signal can be judged."""
    judged = judged_signals(facts, typical)
    if not judged:
        return Judgement(score=None, confidence=None, unscored=Unscored.NO_SIGNALS)
    penalty = sum(points(signal, facts, typical) for signal in SIGNALS)
    return Judgement(
        score=round(max(100.0 - penalty, 0.0), 1),
        confidence=confidence_of(facts, judged),
        unscored=None,
    )


# What `judged_columns` needs of RULES and PATTERNS, looked up once: the divisor of each ramp (as `doubt`
# computes it) and the signals' weights.
_ACTIVE, _ENGAGEMENT, _SPIKE, _VIEWS, _COMMENTS = (RULES[signal] for signal in SIGNALS)
_ACTIVE_SPAN = math.log(_ACTIVE.fine / _ACTIVE.bad)
_ENGAGEMENT_SPAN = math.log(_ENGAGEMENT.fine / _ENGAGEMENT.bad)
_SPIKE_SPAN = math.log(_SPIKE.bad / _SPIKE.fine)
_VIEWS_SPAN = math.log(_VIEWS.fine / _VIEWS.bad)
_COMMENTS_SPAN = math.log(_COMMENTS.fine / _COMMENTS.bad)
_ENGAGEMENT_PATTERN = PATTERNS["engagement_rate"]
_COMMENTS_PATTERN = PATTERNS["comments_per_like"]
assert (_ENGAGEMENT_PATTERN.other, _COMMENTS_PATTERN.other) == ("views_per_follower", "engagement_rate")
assert set(PATTERNS) == {"engagement_rate", "comments_per_like"}


def judged_columns(
    video_count: int | None,
    history_days: int | None,
    active_share: float | None,
    engagement_rate: float | None,
    views_per_follower: float | None,
    comments_per_like: float | None,
    largest_daily_gain: float | None,
    usual_daily_change: float | None,
    largest_gain_video_lift: float | None,
    *,
    typical: Typical | None,
) -> tuple[float | None, str | None, str | None]:
    """`judge` of these facts as the three columns it is stored in (score, confidence, unscored): the
    same figures, worked out with the same operations in the same order, without the objects and calls
    `judge` goes through. The peers' pass judges every creator with it; test_authenticity holds the two
    together on many generated facts."""
    # measure()
    spike = (
        None
        if largest_daily_gain is None or usual_daily_change is None
        else largest_daily_gain / max(usual_daily_change, MIN_USUAL_DAILY_CHANGE)
    )
    if typical is None:
        active = engagement = views = comments = None
    else:
        peers = typical.active_share
        active = active_share / peers if active_share is not None and peers else None
        peers = typical.engagement_rate
        engagement = engagement_rate / peers if engagement_rate is not None and peers else None
        peers = typical.views_per_follower
        views = views_per_follower / peers if views_per_follower is not None and peers else None
        peers = typical.comments_per_like
        comments = comments_per_like / peers if comments_per_like is not None and peers else None
    judged = (
        (active is not None)
        + (engagement is not None)
        + (spike is not None)
        + (views is not None)
        + (comments is not None)
    )
    if not judged:
        return None, None, Unscored.NO_SIGNALS.value
    # evidence()
    videos, days = video_count or 0, history_days or 0
    of_videos = min(videos / FULL_EVIDENCE_VIDEOS, 1.0)
    # doubt() of each signal, times its weight (points())
    if active is None or active >= _ACTIVE.fine:
        active_points = _ACTIVE.weight * 0.0
    elif active <= 0:
        active_points = _ACTIVE.weight * 1.0
    else:
        active_points = _ACTIVE.weight * (min(math.log(_ACTIVE.fine / active) / _ACTIVE_SPAN, 1.0) * 1.0)
    weight = _ENGAGEMENT.weight
    if views is not None and views >= _ENGAGEMENT_PATTERN.above:
        weight += _ENGAGEMENT_PATTERN.extra
    if engagement is None or engagement >= _ENGAGEMENT.fine:
        engagement_points = weight * 0.0
    elif engagement <= 0:
        engagement_points = weight * of_videos
    else:
        engagement_points = weight * (
            min(math.log(_ENGAGEMENT.fine / engagement) / _ENGAGEMENT_SPAN, 1.0) * of_videos
        )
    if (
        spike is None
        or spike <= _SPIKE.fine
        or (largest_gain_video_lift is not None and largest_gain_video_lift >= VIRAL_LIFT)
    ):
        spike_points = _SPIKE.weight * 0.0
    else:
        spike_points = _SPIKE.weight * (
            min(math.log(spike / _SPIKE.fine) / _SPIKE_SPAN, 1.0) * min(days / FULL_EVIDENCE_DAYS, 1.0)
        )
    if views is None or views >= _VIEWS.fine:
        views_points = _VIEWS.weight * 0.0
    elif views <= 0:
        views_points = _VIEWS.weight * of_videos
    else:
        views_points = _VIEWS.weight * (min(math.log(_VIEWS.fine / views) / _VIEWS_SPAN, 1.0) * of_videos)
    weight = _COMMENTS.weight
    if engagement is not None and engagement >= _COMMENTS_PATTERN.above:
        weight += _COMMENTS_PATTERN.extra
    if comments is None or comments >= _COMMENTS.fine:
        comments_points = weight * 0.0
    elif comments <= 0:
        comments_points = weight * of_videos
    else:
        comments_points = weight * (
            min(math.log(_COMMENTS.fine / comments) / _COMMENTS_SPAN, 1.0) * of_videos
        )
    # judge(): summed in SIGNALS' order, as sum() adds them there
    penalty = sum((active_points, engagement_points, spike_points, views_points, comments_points))
    # confidence_of()
    if videos >= HIGH_VIDEOS and days >= HIGH_HISTORY_DAYS and judged >= HIGH_SIGNALS:
        confidence = Confidence.HIGH
    elif videos >= MIN_VIDEOS and days >= MIN_HISTORY_DAYS and judged >= MEDIUM_SIGNALS:
        confidence = Confidence.MEDIUM
    else:
        confidence = Confidence.LOW
    return round(max(100.0 - penalty, 0.0), 1), confidence.value, None


def pattern_shown(signal: str, facts: Facts, typical: Typical | None) -> bool:
    """Whether the signal's purchase pattern (PATTERNS) shows: the other number far above its typical."""
    pattern = PATTERNS.get(signal)
    if pattern is None:
        return False
    other = measure(pattern.other, facts, typical)
    return other is not None and other >= pattern.above


def points(signal: str, facts: Facts, typical: Typical | None) -> float:
    """The points a signal takes off the score: its weight, more when its purchase pattern shows, times
    its doubt."""
    weight = RULES[signal].weight
    if pattern_shown(signal, facts, typical):
        weight += PATTERNS[signal].extra
    return weight * doubt(signal, facts, typical)


def is_suspicious(score: float | None) -> bool | None:
    return None if score is None else score < SUSPICIOUS_BELOW


# --- The signals ---------------------------------------------------------------------------------


def signals(facts: Facts, typical: Typical | None) -> list[dict[str, Any]]:
    """Each signal with its value, the peers' typical value and the points it takes off the score (0 for
    the signals that do not count against the creator). The sentence saying why is the pages' and the
    API's: vetrina.metrics.presentation.authenticity."""
    return [
        {
            "name": signal,
            "value": value_of(signal, facts),
            "typical": getattr(typical, signal) if typical is not None else None,
            "points": points(signal, facts, typical),
            "pattern": pattern_shown(signal, facts, typical),
        }
        for signal in SIGNALS
    ]
