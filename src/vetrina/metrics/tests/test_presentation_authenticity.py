"""The authenticity signals in words: the sentences of the metrics page and the API's detail (no database)."""

import dataclasses

import pytest

from vetrina.metrics import authenticity
from vetrina.metrics.authenticity import Facts, Typical, Unscored
from vetrina.metrics.presentation.authenticity import authenticity_explained, explanation, unscored_text
from vetrina.metrics.tests.sample_facts import PEERS, creator

# 182,000 new followers in a day against a usual 3,950: 46x, far past the spike rule's `bad`.
BOUGHT_JUMP = {"largest_daily_gain": 182_000.0, "usual_daily_change": 3_950.0}


def explained(facts: Facts, typical: Typical | None = PEERS) -> dict[str, str]:
    """Each signal's sentence, by signal name."""
    return {
        signal["name"]: explanation(signal, facts, typical) for signal in authenticity.signals(facts, typical)
    }


def test_the_spike_names_the_day_and_the_size_of_the_jump():
    assert explained(creator(**BOUGHT_JUMP))["follower_spike"] == (
        "Followers jumped by +182,000 on 3 Nov, 46× the usual daily change, with no hit video before it: "
        "followers who arrive all at once without a reason are often bought (−35 points)."
    )


def test_a_jump_right_after_a_viral_video_is_explained_by_the_hit():
    sentence = explained(creator(**BOUGHT_JUMP, largest_gain_video_lift=40.0))["follower_spike"]
    assert "right after a video with 40× the usual views: new fans of a hit, not bought ones." in sentence


def test_it_explains_a_low_active_share_against_the_peers():
    assert explained(creator(active_share=0.31))["active_share"] == (
        "Only 31% of the audience is active, against 74% typical for Fashion creators with 100k–1M "
        "followers: most followers never watch (−35 points)."
    )


@pytest.mark.parametrize(
    ("tier", "category", "peers"),
    [
        (2, "fashion", "Fashion creators with 100k–1M followers"),
        (2, "", "creators with 100k–1M followers"),
        (None, "", "verified creators"),
    ],
)
def test_it_names_the_peer_group_the_typical_value_is_the_median_of(tier, category, peers):
    typical = dataclasses.replace(PEERS, tier=tier, category=category)
    assert explained(creator(), typical)["comments_per_like"] == (
        f"2.0 comments come per 100 likes, against 2.0 typical for {peers}: people talk back."
    )


def test_a_number_it_cannot_judge_says_why_it_does_not_count():
    # given no activity figures, and peers without engagement figures
    facts = creator(active_share=None, engagement_rate=0.012)
    # when
    sentences = explained(facts, dataclasses.replace(PEERS, engagement_rate=None))
    # then
    assert "not known" in sentences["active_share"]
    assert "no verified peers to compare with" in sentences["engagement_rate"]


def test_it_explains_why_there_is_no_score():
    assert unscored_text(Unscored.NO_SIGNALS) == (
        "Not scored: there are too few videos, follower counts or audience figures to judge even one "
        "signal by."
    )
    assert unscored_text(None) == "Not scored yet."


@pytest.mark.parametrize(
    ("engagement_rate", "ending"),
    [
        (0.0299, "(less than one point off)."),  # 0.598 of the peers': just past `fine`
        (0.0296, "(−1 point)."),  # 0.592 of the peers'
        (0.02, "(−30 points)."),  # 0.4 of the peers': `bad`
    ],
)
def test_it_says_how_many_points_a_signal_takes_off(engagement_rate, ending):
    assert explained(creator(engagement_rate=engagement_rate))["engagement_rate"].endswith(ending)


def test_it_gives_each_signal_its_sentence_and_an_unscored_creator_its_reason():
    # given the data of a scored creator and of one with too little data
    facts = creator(active_share=0.31)
    scored = {
        "score": 65.0,
        "confidence": "high",
        "suspicious": False,
        "signals": authenticity.signals(facts, PEERS),
        "unscored": None,
        "facts": facts,
        "typical": PEERS,
    }
    unscored = {
        **scored,
        "score": None,
        "confidence": None,
        "suspicious": None,
        "signals": [],
        "unscored": Unscored.NO_SIGNALS,
    }
    # when
    shown, not_shown = authenticity_explained(scored), authenticity_explained(unscored)
    # then
    assert (shown["reason"], shown["confidence"]) == (None, "high")
    assert [signal["name"] for signal in shown["signals"]] == list(authenticity.SIGNALS)
    assert shown["signals"][0]["explanation"].startswith("Only 31% of the audience is active")
    assert (not_shown["score"], not_shown["signals"]) == (None, [])
    assert not_shown["reason"] == unscored_text(Unscored.NO_SIGNALS)
    assert not_shown["confidence"] is None


def test_it_names_the_purchase_two_numbers_show_together():
    facts = creator(comments_per_like=0.003, engagement_rate=0.1)
    assert explained(facts)["comments_per_like"] == (
        "Only 0.3 comments come per 100 likes, against 2.0 typical for Fashion creators with 100k–1M "
        "followers, while the likes per view are well above theirs: bought likes come without comments "
        "(−55 points)."
    )
