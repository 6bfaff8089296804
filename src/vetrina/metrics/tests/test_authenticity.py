"""The authenticity score from a creator's facts and its peers' typical values (no database)."""

import dataclasses
import itertools
import math
from datetime import date

import pytest

from vetrina.metrics import authenticity
from vetrina.metrics.authenticity import RULES, SIGNALS, Facts, Typical, Unscored

# Peers: creators with 100k–1M followers (tier 2), whatever their category.
PEERS = Typical(
    tier=2,
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


# Each sign as bought audiences show it: far beyond the rule's `bad` threshold...
STRONG = {
    "active_share": {"active_share": 0.31},  # 0.42 of the peers'
    "engagement_rate": {"engagement_rate": 0.012},  # 0.24 of the peers'
    "follower_spike": {"largest_daily_gain": 182_000.0, "usual_daily_change": 3_950.0},  # 46x
    "views_per_follower": {"views_per_follower": 0.03},  # 0.15 of the peers'
    "comments_per_like": {"comments_per_like": 0.003},  # 0.15 of the peers'
}
# ...and as an honest creator's odd number may be: just past the rule's `fine` threshold.
MILD = {
    "active_share": {"active_share": 0.53},  # 0.72 of the peers'
    "engagement_rate": {"engagement_rate": 0.028},  # 0.56 of the peers'
    "follower_spike": {"largest_daily_gain": 5_000.0},  # 10x the usual 500
    "views_per_follower": {"views_per_follower": 0.09},  # 0.45 of the peers'
    "comments_per_like": {"comments_per_like": 0.009},  # 0.45 of the peers'
}


def test_a_creator_like_its_peers_scores_100():
    # when
    score, reason = authenticity.score(creator(), PEERS)
    # then
    assert (score, reason) == (100.0, None)
    assert authenticity.is_suspicious(score) is False


@pytest.mark.parametrize(("first", "second"), list(itertools.combinations(SIGNALS, 2)))
def test_any_two_strong_signs_make_a_creator_suspicious(first, second):
    # given
    facts = creator(**STRONG[first], **STRONG[second])
    # when
    score, _reason = authenticity.score(facts, PEERS)
    # then: each takes its whole weight
    assert score == 100 - RULES[first].weight - RULES[second].weight
    assert authenticity.is_suspicious(score) is True


@pytest.mark.parametrize("signal", SIGNALS)
def test_one_strong_sign_alone_does_not_make_a_creator_suspicious(signal):
    score, _reason = authenticity.score(creator(**STRONG[signal]), PEERS)
    assert score == 100 - RULES[signal].weight
    assert authenticity.is_suspicious(score) is False


@pytest.mark.parametrize("signal", SIGNALS)
def test_one_mildly_unusual_number_costs_a_few_points_only(signal):
    score, _reason = authenticity.score(creator(**MILD[signal]), PEERS)
    assert score is not None
    assert 85 < score < 100


def test_doubt_grows_on_a_log_scale_between_the_thresholds():
    # given an engagement rate at the geometric mean of the two thresholds' rates
    rule = RULES["engagement_rate"]
    halfway = math.sqrt(rule.fine * rule.bad) * PEERS.engagement_rate  # type: ignore[operator]
    # when
    score, _reason = authenticity.score(creator(engagement_rate=halfway), PEERS)
    # then it takes half the weight
    assert score == pytest.approx(100 - rule.weight / 2, abs=0.05)


def test_a_jump_right_after_a_viral_video_does_not_count():
    # given the same jump, once with no video before it and once after a video with 40x the usual views
    bought = creator(**STRONG["follower_spike"])
    fans = creator(**STRONG["follower_spike"], largest_gain_video_lift=40.0)
    # when / then
    assert authenticity.score(bought, PEERS)[0] == 100 - RULES["follower_spike"].weight
    assert authenticity.score(fans, PEERS)[0] == 100
    [spike] = [signal for signal in authenticity.signals(fans, PEERS) if signal["name"] == "follower_spike"]
    assert "right after a video with 40× the usual views" in spike["explanation"]


def test_a_jump_after_an_ordinary_hit_still_counts():
    facts = creator(**STRONG["follower_spike"], largest_gain_video_lift=6.0)
    assert authenticity.score(facts, PEERS)[0] == 100 - RULES["follower_spike"].weight


def test_the_spike_names_the_day_and_the_size_of_the_jump():
    # when
    signals = {
        signal["name"]: signal for signal in authenticity.signals(creator(**STRONG["follower_spike"]), PEERS)
    }
    # then: 182,000 / 3,950 = 46.1
    spike = signals["follower_spike"]
    assert spike["value"] == 182_000 / 3_950
    assert spike["typical"] == 3.0
    assert spike["explanation"] == (
        "Followers jumped by +182,000 on 3 Nov, 46× the usual daily change, with no hit video before it: "
        "followers who arrive all at once without a reason are often bought (−35 points)."
    )


def test_it_explains_a_low_active_share_against_the_peers():
    signals = {
        signal["name"]: signal for signal in authenticity.signals(creator(**STRONG["active_share"]), PEERS)
    }
    assert signals["active_share"] == {
        "name": "active_share",
        "value": 0.31,
        "typical": 0.74,
        "explanation": (
            "Only 31 % of the audience is active, against 74 % typical for creators with 100k–1M "
            "followers: most followers never watch (−35 points)."
        ),
    }


def test_it_names_the_tier_the_typical_value_is_the_median_of():
    signals = {signal["name"]: signal for signal in authenticity.signals(creator(), PEERS)}
    assert signals["comments_per_like"]["explanation"] == (
        "2.0 comments come per 100 likes, against 2.0 typical for creators with 100k–1M followers: "
        "people talk back."
    )


def test_it_lists_every_signal_in_the_design_order():
    names = [signal["name"] for signal in authenticity.signals(creator(), PEERS)]
    assert names == [
        "active_share",
        "engagement_rate",
        "follower_spike",
        "views_per_follower",
        "comments_per_like",
    ]


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"video_count": 4}, Unscored.FEW_VIDEOS),
        ({"video_count": None}, Unscored.FEW_VIDEOS),
        ({"history_days": 13}, Unscored.SHORT_HISTORY),
        ({"history_days": None}, Unscored.SHORT_HISTORY),
    ],
)
def test_it_gives_no_score_but_a_reason_with_too_little_data(changes, reason):
    assert authenticity.score(creator(**STRONG["active_share"], **changes), PEERS) == (None, reason)
    assert authenticity.is_suspicious(None) is None


def test_it_scores_five_videos_and_fourteen_days():
    assert authenticity.score(creator(video_count=5, history_days=14), PEERS) == (100.0, None)


def test_a_number_it_cannot_judge_takes_nothing_off():
    # given no activity figures, and peers without engagement figures
    facts = creator(active_share=None, **STRONG["engagement_rate"])
    peers = dataclasses.replace(PEERS, engagement_rate=None)
    # when
    score, _reason = authenticity.score(facts, peers)
    signals = {signal["name"]: signal for signal in authenticity.signals(facts, peers)}
    # then
    assert score == 100.0
    assert signals["active_share"]["value"] is None
    assert "not known" in signals["active_share"]["explanation"]
    assert "no verified peers to compare with" in signals["engagement_rate"]["explanation"]


def test_without_peers_only_the_follower_spike_counts():
    facts = creator(**STRONG["active_share"], **STRONG["follower_spike"])
    assert authenticity.score(facts, None) == (100 - RULES["follower_spike"].weight, None)


def test_a_flat_account_counts_its_usual_change_as_one_follower_a_day():
    # given a count that never moved, then a day of +5
    facts = creator(largest_daily_gain=5.0, usual_daily_change=0.0)
    # when / then
    assert facts.follower_spike == 5.0
    assert authenticity.score(facts, PEERS) == (100.0, None)


def test_it_explains_why_there_is_no_score():
    assert authenticity.unscored_text(Unscored.FEW_VIDEOS) == "Not scored: fewer than 5 videos to judge by."
    assert (
        authenticity.unscored_text(Unscored.SHORT_HISTORY)
        == "Not scored: fewer than 14 days of follower history."
    )


@pytest.mark.parametrize(
    ("engagement_rate", "ending"),
    [
        (0.0299, "(less than one point off)."),  # 0.598 of the peers': just past `fine`
        (0.0296, "(−1 point)."),  # 0.592 of the peers'
        (0.02, "(−30 points)."),  # 0.4 of the peers': `bad`
    ],
)
def test_it_says_how_many_points_a_signal_takes_off(engagement_rate, ending):
    signals = {
        signal["name"]: signal
        for signal in authenticity.signals(creator(engagement_rate=engagement_rate), PEERS)
    }
    assert signals["engagement_rate"]["explanation"].endswith(ending)
