"""Whether a creator who joined by themselves may be listed: TikTok's marketplace defaults, each a setting
(docs/creators-joining.md), and the creator's own numbers against each. "Videos and views in the last 30
days" are defined in docs/numbers.md: the videos of the Videos chart's window (metrics.compute)."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vetrina.creators.models import Creator, Video
from vetrina.joining.models import CreatorApplication
from vetrina.lib.formatting import compact_number, day
from vetrina.metrics import compute


@dataclass(frozen=True)
class Condition:
    key: str
    label: str
    held: bool
    # The creator's own figure, in words ("24.1K followers"); empty when there is none yet.
    shown: str


@dataclass(frozen=True)
class Eligibility:
    conditions: list[Condition]

    @property
    def eligible(self) -> bool:
        return all(condition.held for condition in self.conditions)


def age_on(born: date, today: date) -> int:
    """Full years: a birthday on 29 February counts from 1 March in other years."""
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


@dataclass(frozen=True)
class RecentVideos:
    count: int
    views: int


def recent_videos(creator: Creator) -> RecentVideos:
    """The videos posted in the 30 days up to the end of the creator's data date, and their views."""
    as_of = creator.data_date
    if as_of is None:
        return RecentVideos(count=0, views=0)
    start = compute.trend_start(as_of)
    # A day's margin either side; compute.videos_series draws the exact line (UTC days).
    candidates = Video.objects.filter(
        creator=creator,
        posted_at__gte=datetime.combine(start, time.min, tzinfo=UTC),
        posted_at__lt=datetime.combine(as_of + timedelta(days=2), time.min, tzinfo=UTC),
    ).only("id", "posted_at", "views", "likes", "comments", "shares")
    window = compute.videos_series(candidates, as_of)
    return RecentVideos(count=len(window), views=sum(video.views for video in window))


def handle_taken(application: CreatorApplication) -> bool:
    """Another creator, imported or joined, holds the handle: the sync must not write over it."""
    others = Creator.objects.filter(handle=application.handle)
    if application.creator_id is not None:
        others = others.exclude(pk=application.creator_id)
    return others.exists()


def eligibility_of(application: CreatorApplication, *, today: date | None = None) -> Eligibility:
    today = today or timezone.localdate()
    age = age_on(application.date_of_birth, today)
    minimum_age = settings.VETRINA_CREATOR_MIN_AGE
    conditions = [
        Condition(
            "age",
            _("%(age)d or older") % {"age": minimum_age},
            age >= minimum_age,
            ngettext("You are %(age)d year old.", "You are %(age)d years old.", age) % {"age": age},
        ),
    ]
    taken = handle_taken(application)
    conditions.append(
        Condition(
            "handle",
            _("@%(handle)s is yours on Vetrina") % {"handle": application.handle},
            not taken,
            _("Another creator on Vetrina has this handle: write to us to claim it.") if taken else "",
        )
    )
    creator = application.creator
    conditions.append(
        Condition(
            "connected",
            _("TikTok connected and read"),
            creator is not None,
            _("Last read on %(date)s.") % {"date": day(application.synced_at)}
            if application.synced_at
            else "",
        )
    )
    followers = creator.reach if creator is not None else None
    minimum_followers = settings.VETRINA_CREATOR_MIN_FOLLOWERS
    conditions.append(
        Condition(
            "followers",
            _("At least %(count)s followers") % {"count": compact_number(minimum_followers)},
            followers is not None and followers >= minimum_followers,
            _("You have %(count)s.") % {"count": compact_number(followers)} if followers is not None else "",
        )
    )
    recent = recent_videos(creator) if creator is not None else None
    minimum_videos = settings.VETRINA_CREATOR_MIN_VIDEOS_30D
    minimum_views = settings.VETRINA_CREATOR_MIN_VIEWS_30D
    conditions.append(
        Condition(
            "videos",
            ngettext(
                "At least %(count)d video in the last 30 days",
                "At least %(count)d videos in the last 30 days",
                minimum_videos,
            )
            % {"count": minimum_videos},
            recent is not None and recent.count >= minimum_videos,
            ngettext("You posted %(count)d video.", "You posted %(count)d videos.", recent.count)
            % {"count": recent.count}
            if recent is not None
            else "",
        )
    )
    conditions.append(
        Condition(
            "views",
            _("At least %(count)s views in the last 30 days") % {"count": compact_number(minimum_views)},
            recent is not None and recent.views >= minimum_views,
            _("Your videos of the last 30 days have %(count)s.") % {"count": compact_number(recent.views)}
            if recent is not None
            else "",
        )
    )
    return Eligibility(conditions=conditions)
