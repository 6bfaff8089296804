"""A stress data set for the authenticity score, made independently of the demo generator
(vetrina.demo.generator): other distributions, and the cases a score tuned on the demo may not have met.

The demo draws every number log-normally around a profile, and gives a bought audience signs that sit far
outside the authentic ranges. Here numbers are drawn from gamma and uniform distributions on log scales,
with wider and overlapping ranges, and creators come in *kinds*:

- authentic: ordinary; `niche_quiet` (categories whose audiences rarely comment); `viral` (a real hit
  and the followers it brings); `giveaway` (a "comment to win" video that brings a burst of real but
  passive followers); `small` (a few hundred to a few thousand followers, a short history);
  `few_videos` (one to four videos); `huge` (10M followers and more, few views per follower).
- inauthentic: `burst` (bought followers in one day); `drip` (bought followers fed in over weeks, no
  single jump); `bought_views` (views without the likes and comments they would bring);
  `bought_likes` (likes without comments); `mixed` (followers bought in a burst or a drip, and likes).

Each creator is a line of the import format (docs/import-format.md); the labels go to a file of their
own (`write`), never into the database. Run `python -m bench authenticity` to score them.
"""

import json
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

AS_OF = date(2026, 11, 20)
DAY_S = 86_400

AUTHENTIC_KINDS = {
    "ordinary": 52,
    "niche_quiet": 8,
    "viral": 7,
    "giveaway": 4,
    "small": 8,
    "few_videos": 6,
    "huge": 3,
}
INAUTHENTIC_KINDS = {"burst": 3, "drip": 3, "bought_views": 2, "bought_likes": 2, "mixed": 2}
INAUTHENTIC = set(INAUTHENTIC_KINDS)

# Comments per like by category: some audiences talk (finance, education), some barely (art, diy…).
QUIET = ("art", "diy", "home", "outdoors", "music")
TALKATIVE = ("finance", "education", "books", "tech")
ORDINARY = ("fashion", "beauty", "food", "fitness", "travel", "comedy", "dance", "gaming", "pets")
CATEGORIES = (*QUIET, *TALKATIVE, *ORDINARY)


@dataclass(frozen=True)
class Stress:
    line: dict[str, Any]
    kind: str

    @property
    def inauthentic(self) -> bool:
        return self.kind in INAUTHENTIC


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _log_uniform(rng: random.Random, low: float, high: float) -> float:
    return math.exp(rng.uniform(math.log(low), math.log(high)))


def _noise(rng: random.Random, shape: float) -> float:
    """A positive factor of mean 1: gamma-distributed, wider the smaller the shape."""
    return rng.gammavariate(shape, 1 / shape)


def creators(count: int, seed: int) -> Iterator[Stress]:
    rng = random.Random(f"stress-{seed}")
    for index in range(count):
        inauthentic = rng.random() < 0.12
        kind = _pick(rng, INAUTHENTIC_KINDS if inauthentic else AUTHENTIC_KINDS)
        yield _creator(rng, index=index, seed=seed, kind=kind)


def _creator(rng: random.Random, *, index: int, seed: int, kind: str) -> Stress:
    category = rng.choice(QUIET) if kind == "niche_quiet" else rng.choice(CATEGORIES)
    # Reach: log-uniform over the tiers, with kinds of their own at the ends.
    if kind == "small":
        reach = int(_log_uniform(rng, 150, 5_000))
    elif kind == "huge":
        reach = int(_log_uniform(rng, 10_000_000, 80_000_000))
    else:
        reach = int(_log_uniform(rng, 2_000, 12_000_000))
    history = rng.randint(3, 25) if kind in ("small", "few_videos") else rng.randint(15, 150)
    videos = (
        rng.randint(1, 4)
        if kind == "few_videos"
        else rng.randint(2, 9)
        if kind == "small"
        else rng.randint(6, 90)
    )
    # Snapshots: daily for most, every few days for some (a collector that polls less often).
    every = 1 if rng.random() < 0.7 else rng.randint(2, 6)

    # Views per follower: small accounts reach past their followers, huge ones reach a sliver of them.
    vpf = _log_uniform(rng, 0.15, 1.6) * (reach / 10_000) ** -0.22
    if kind == "huge":
        vpf *= 0.5
    like_rate = _log_uniform(rng, 0.03, 0.14)
    if category in QUIET:
        comments_per_like = _log_uniform(rng, 0.002, 0.008)
    elif category in TALKATIVE:
        comments_per_like = _log_uniform(rng, 0.02, 0.08)
    else:
        comments_per_like = _log_uniform(rng, 0.006, 0.03)
    share_rate = _log_uniform(rng, 0.0008, 0.012)
    active = rng.betavariate(9, 3)  # mean 0.75, most between 0.55 and 0.9

    # Followers, day by day from the oldest: a steady drift with day-to-day noise, then the kind's events.
    # Real and bought followers are counted apart: bought ones never watch.
    daily = reach * _log_uniform(rng, 0.0002, 0.006) * (1 if rng.random() < 0.85 else -0.3)
    gains = [daily * _noise(rng, 3.0) for _ in range(history)]
    bought_gains = [0.0] * history
    hit_day = None
    giveaway_day = None
    if kind == "viral" and history > 4:
        hit_day = rng.randint(2, history - 2)
        for after in range(rng.randint(1, 3)):
            if hit_day + after < history:
                gains[hit_day + after] += reach * rng.uniform(0.03, 0.25) / (after + 1)
    if kind == "giveaway" and history > 4:
        giveaway_day = rng.randint(2, history - 2)
        gains[giveaway_day] += reach * rng.uniform(0.1, 0.5)
    if kind == "burst" or (kind == "mixed" and rng.random() < 0.5):
        day = rng.randint(1, history - 1) if history > 2 else history - 1
        bought_gains[day] = reach * rng.uniform(0.1, 1.2)
    elif kind in ("drip", "mixed"):
        weeks = rng.randint(2, 7)
        start = max(0, history - weeks * 7 - rng.randint(0, 20))
        bought = reach * rng.uniform(0.3, 2.0)
        for day in range(start, history):
            bought_gains[day] = bought / (history - start)
    real_counts = [max(reach - sum(gains) - sum(bought_gains), 50.0)]
    bought_counts = [0.0]
    for gain, bought_gain in zip(gains, bought_gains, strict=True):
        real_counts.append(max(real_counts[-1] + gain, 10.0))
        bought_counts.append(bought_counts[-1] + bought_gain)
    counts = [r + b for r, b in zip(real_counts, bought_counts, strict=True)]
    real = [r / c for r, c in zip(real_counts, counts, strict=True)]
    real_share_now = real[-1]

    # Videos: spread over the history, each with views from the real followers of its day.
    first_s = int(datetime.combine(AS_OF - timedelta(days=history), datetime.min.time(), UTC).timestamp())
    times = [rng.randint(first_s, first_s + history * DAY_S) for _ in range(videos)]
    # The hit and the giveaway are videos posted on the day their followers start to arrive.
    hit_moment = first_s + hit_day * DAY_S + rng.randint(0, DAY_S - 1) if hit_day is not None else None
    giveaway_moment = (
        first_s + giveaway_day * DAY_S + rng.randint(0, DAY_S - 1) if giveaway_day is not None else None
    )
    times[0] = hit_moment or giveaway_moment or times[0]
    times.sort()
    lines = []
    for position, moment in enumerate(times):
        day = min((moment - first_s) // DAY_S, history)
        watching = counts[day] * real[day]
        views = max(int(watching * vpf * _noise(rng, 1.5)), 0)
        likes = views * like_rate * _noise(rng, 4.0)
        comments = likes * comments_per_like * _noise(rng, 2.0)
        if moment == hit_moment:
            lift = _log_uniform(rng, 20, 200)
            views, likes, comments = int(views * lift), likes * lift, comments * lift
        if moment == giveaway_moment:
            # "Comment and follow to win": a few times the views, and comments by the thousand.
            views = int(views * rng.uniform(2, 6))
            likes *= rng.uniform(2, 6)
            comments = likes * rng.uniform(0.3, 1.5)
        if kind == "bought_views" or (kind == "mixed" and rng.random() < 0.3):
            views = int(views * rng.uniform(3, 12))
        if kind in ("bought_likes", "mixed"):
            likes *= rng.uniform(3, 10)
        lines.append(
            {
                "id": str(7_000_000_000_000_000_000 + seed * 10**12 + index * 1_000 + position),
                "posted_at": datetime.fromtimestamp(moment, UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "views": views,
                "likes": int(likes),
                "comments": int(comments),
                "shares": int(views * share_rate * _noise(rng, 2.0)),
            }
        )
    if giveaway_day is not None:
        active *= rng.uniform(0.6, 0.85)  # the new fans came for the prize, and many stay passive
    active = min(max(active * real_share_now + rng.uniform(0, 0.08) * (1 - real_share_now), 0.02), 0.98)
    followers = [
        {"date": (AS_OF - timedelta(days=history - day)).isoformat(), "count": int(counts[day])}
        for day in range(history + 1)
        if (history - day) % every == 0
    ]
    line = {
        "handle": f"stress.{seed}.{index}",
        "display_name": f"Stress {index}",
        "country": rng.choice(["US", "US", "GB", "IN", "DE"]),
        "categories": [category],
        "verified": rng.random() < 0.93,
        "followers": followers,
        "videos": lines,
        "audience": {"activity": {"active": round(active, 4), "passive": round(1 - round(active, 4), 4)}},
    }
    return Stress(line=line, kind=kind)


def write(folder: Path, *, count: int, seed: int) -> tuple[Path, Path]:
    """The creators as an import file, and their labels in a file of their own: (creators, labels)."""
    generated = list(creators(count, seed))
    data = folder / f"stress-{seed}.jsonl"
    data.write_text("".join(json.dumps(item.line) + "\n" for item in generated), encoding="utf-8")
    labels = folder / f"stress-{seed}-labels.json"
    labels.write_text(
        json.dumps(
            {
                "inauthentic": [
                    {"handle": item.line["handle"], "signs": [item.kind]}
                    for item in generated
                    if item.inauthentic
                ],
                "viral": [item.line["handle"] for item in generated if item.kind == "viral"],
                "kinds": {item.line["handle"]: item.kind for item in generated},
            },
            indent=1,
        ),
        encoding="utf-8",
    )
    return data, labels
