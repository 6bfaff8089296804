"""A creator's facts just like its peers', for the authenticity tests: each test changes what it is about."""

import dataclasses
from datetime import date

from vetrina.metrics.authenticity import Facts, Typical

# Peers: fashion creators with 100k–1M followers (tier 2).
PEERS = Typical(
    tier=2,
    category="fashion",
    active_share=0.74,
    engagement_rate=0.05,
    follower_spike=3.0,
    views_per_follower=0.2,
    comments_per_like=0.02,
)


def creator(**changes) -> Facts:
    """A creator just like its peers, with the changes given."""
    ordinary = Facts(
        video_count=40,
        history_days=80,
        active_share=0.74,
        engagement_rate=0.05,
        views_per_follower=0.2,
        comments_per_like=0.02,
        largest_daily_gain=1_500.0,
        largest_daily_gain_on=date(2026, 11, 3),
        usual_daily_change=500.0,
        largest_gain_video_lift=None,
    )
    return dataclasses.replace(ordinary, **changes)
