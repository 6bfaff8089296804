"""The authenticity score from a creator's facts and its peers' typical values (no database)."""

import dataclasses
import itertools
import math
import random

import pytest

from vetrina.metrics import authenticity
from vetrina.metrics.authenticity import RULES, SIGNALS, VIRAL_LIFT, Confidence, Facts, Typical, Unscored
from vetrina.metrics.tests.sample_facts import PEERS, creator


def score_of(facts: Facts, typical: Typical | None) -> tuple[float | None, Unscored | None]:
    judged = authenticity.judge(facts, typical)
    return judged.score, judged.unscored


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
    score, reason = score_of(creator(), PEERS)
    # then
    assert (score, reason) == (100.0, None)
    assert authenticity.is_suspicious(score) is False


@pytest.mark.parametrize(("first", "second"), list(itertools.combinations(SIGNALS, 2)))
def test_any_two_strong_signs_make_a_creator_suspicious(first, second):
    # given
    facts = creator(**STRONG[first], **STRONG[second])
    # when
    score, _reason = score_of(facts, PEERS)
    # then: each takes its whole weight
    assert score == 100 - RULES[first].weight - RULES[second].weight
    assert authenticity.is_suspicious(score) is True


@pytest.mark.parametrize("signal", SIGNALS)
def test_one_strong_sign_alone_does_not_make_a_creator_suspicious(signal):
    score, _reason = score_of(creator(**STRONG[signal]), PEERS)
    assert score == 100 - RULES[signal].weight
    assert authenticity.is_suspicious(score) is False


@pytest.mark.parametrize("signal", SIGNALS)
def test_one_mildly_unusual_number_costs_a_few_points_only(signal):
    score, _reason = score_of(creator(**MILD[signal]), PEERS)
    assert score is not None
    assert 85 < score < 100


def test_doubt_grows_on_a_log_scale_between_the_thresholds():
    # given an engagement rate at the geometric mean of the two thresholds' rates
    rule = RULES["engagement_rate"]
    halfway = math.sqrt(rule.fine * rule.bad) * PEERS.engagement_rate  # type: ignore[operator]
    # when
    score, _reason = score_of(creator(engagement_rate=halfway), PEERS)
    # then it takes half the weight
    assert score == pytest.approx(100 - rule.weight / 2, abs=0.05)


def test_a_jump_right_after_a_viral_video_does_not_count():
    # given the same jump, once with no video before it and once after a video with 40x the usual views
    bought = creator(**STRONG["follower_spike"])
    fans = creator(**STRONG["follower_spike"], largest_gain_video_lift=40.0)
    # when / then
    assert score_of(bought, PEERS)[0] == 100 - RULES["follower_spike"].weight
    assert score_of(fans, PEERS)[0] == 100


def test_a_jump_after_an_ordinary_hit_still_counts():
    facts = creator(**STRONG["follower_spike"], largest_gain_video_lift=6.0)
    assert score_of(facts, PEERS)[0] == 100 - RULES["follower_spike"].weight


def test_the_spike_is_the_largest_gain_in_times_the_usual_change():
    # when
    signals = {
        signal["name"]: signal for signal in authenticity.signals(creator(**STRONG["follower_spike"]), PEERS)
    }
    # then: 182,000 / 3,950 = 46.1
    spike = signals["follower_spike"]
    assert spike["value"] == 182_000 / 3_950
    assert spike["typical"] == 3.0
    assert spike["points"] == RULES["follower_spike"].weight


def test_a_signal_has_its_value_the_typical_value_and_the_points_it_takes_off():
    signals = {
        signal["name"]: signal for signal in authenticity.signals(creator(**STRONG["active_share"]), PEERS)
    }
    assert signals["active_share"] == {
        "name": "active_share",
        "value": 0.31,
        "typical": 0.74,
        "points": RULES["active_share"].weight,
        "pattern": False,
    }


def test_it_lists_every_signal_in_the_design_order():
    names = [signal["name"] for signal in authenticity.signals(creator(), PEERS)]
    assert names == [
        "active_share",
        "engagement_rate",
        "follower_spike",
        "views_per_follower",
        "comments_per_like",
    ]


def test_it_scores_little_data_with_low_confidence_rather_than_not_at_all():
    # given two videos and five days of follower counts, its audience far less active than its peers'
    facts = creator(video_count=2, history_days=5, **STRONG["active_share"], **STRONG["engagement_rate"])
    # when
    judged = authenticity.judge(facts, PEERS)
    # then the active share counts in full (the audience's, whatever the videos), the engagement of two
    # videos for two tenths of its weight
    assert judged.score == 100 - RULES["active_share"].weight - RULES["engagement_rate"].weight * 2 / 10
    assert (judged.confidence, judged.unscored) == (Confidence.LOW, None)


@pytest.mark.parametrize(
    ("changes", "share"),
    [
        ({"video_count": 10}, 1.0),
        ({"video_count": 40}, 1.0),
        ({"video_count": 5}, 0.5),
        ({"video_count": 1}, 0.1),
        ({"video_count": None}, 0.0),
    ],
)
def test_a_video_signal_on_few_videos_carries_part_of_its_weight(changes, share):
    facts = creator(**STRONG["comments_per_like"], **changes)
    assert score_of(facts, PEERS)[0] == pytest.approx(100 - RULES["comments_per_like"].weight * share)


@pytest.mark.parametrize(("history_days", "share"), [(14, 1.0), (60, 1.0), (7, 0.5), (0, 0.0)])
def test_a_jump_in_a_short_history_carries_part_of_its_weight(history_days, share):
    facts = creator(**STRONG["follower_spike"], history_days=history_days)
    assert score_of(facts, PEERS)[0] == pytest.approx(100 - RULES["follower_spike"].weight * share)


@pytest.mark.parametrize(
    ("changes", "confidence"),
    [
        ({}, Confidence.HIGH),
        ({"video_count": 15, "history_days": 30}, Confidence.HIGH),
        ({"video_count": 14}, Confidence.MEDIUM),
        ({"history_days": 29}, Confidence.MEDIUM),
        ({"active_share": None, "comments_per_like": None}, Confidence.MEDIUM),  # three signals
        ({"video_count": 5, "history_days": 14}, Confidence.MEDIUM),
        ({"video_count": 4}, Confidence.LOW),
        ({"video_count": None}, Confidence.LOW),
        ({"history_days": 13}, Confidence.LOW),
        ({"history_days": None}, Confidence.LOW),
        # two signals: no audience figures, no likes, no follower snapshots to look for a jump in
        (
            {"active_share": None, "comments_per_like": None, "largest_daily_gain": None},
            Confidence.LOW,
        ),
    ],
)
def test_its_confidence_follows_how_much_data_the_score_rests_on(changes, confidence):
    assert authenticity.judge(creator(**changes), PEERS).confidence == confidence


def test_it_gives_no_score_only_when_no_signal_can_be_judged():
    # given a creator with no audience figures, no views and a single follower count
    facts = creator(
        video_count=0,
        history_days=0,
        active_share=None,
        engagement_rate=None,
        views_per_follower=None,
        comments_per_like=None,
        largest_daily_gain=None,
        largest_daily_gain_on=None,
        usual_daily_change=None,
    )
    # when / then
    assert authenticity.judge(facts, PEERS) == authenticity.Judgement(
        score=None, confidence=None, unscored=Unscored.NO_SIGNALS
    )
    assert authenticity.is_suspicious(None) is None


def test_a_number_it_cannot_judge_takes_nothing_off():
    # given no activity figures, and peers without engagement figures
    facts = creator(active_share=None, **STRONG["engagement_rate"])
    peers = dataclasses.replace(PEERS, engagement_rate=None)
    # when
    score, _reason = score_of(facts, peers)
    signals = {signal["name"]: signal for signal in authenticity.signals(facts, peers)}
    # then
    assert score == 100.0
    assert signals["active_share"]["value"] is None
    assert signals["active_share"]["points"] == signals["engagement_rate"]["points"] == 0.0


def test_without_peers_only_the_follower_spike_counts():
    facts = creator(**STRONG["active_share"], **STRONG["follower_spike"])
    assert score_of(facts, None) == (100 - RULES["follower_spike"].weight, None)


def test_a_flat_account_counts_its_usual_change_as_one_follower_a_day():
    # given a count that never moved, then a day of +5
    facts = creator(largest_daily_gain=5.0, usual_daily_change=0.0)
    # when / then
    assert facts.follower_spike == 5.0
    assert score_of(facts, PEERS) == (100.0, None)


def test_likes_without_comments_and_far_more_likes_per_view_than_peers_make_a_creator_suspicious():
    # given comments per like far under the peers' (bought likes), and engagement twice theirs
    quiet = creator(**STRONG["comments_per_like"])
    bought = creator(**STRONG["comments_per_like"], engagement_rate=2 * PEERS.engagement_rate)  # type: ignore[operator]
    # then a quiet audience costs the signal's weight, bought likes its weight and the pattern's
    assert score_of(quiet, PEERS)[0] == 100 - RULES["comments_per_like"].weight
    assert score_of(bought, PEERS)[0] == 100 - RULES["comments_per_like"].weight - 25
    assert authenticity.is_suspicious(score_of(bought, PEERS)[0])


def test_views_without_reactions_and_far_more_views_per_follower_than_peers_make_a_creator_suspicious():
    # given engagement far under the peers', and views per follower twice theirs
    bought = creator(**STRONG["engagement_rate"], views_per_follower=2 * PEERS.views_per_follower)  # type: ignore[operator]
    ordinary_views = creator(**STRONG["engagement_rate"])
    assert score_of(ordinary_views, PEERS)[0] == 100 - RULES["engagement_rate"].weight
    assert score_of(bought, PEERS)[0] == 100 - RULES["engagement_rate"].weight - 25


def generated_facts(rng: random.Random) -> Facts:
    """Facts over every branch of the score: missing numbers, zeros, values on the rules' thresholds and
    across their ramps, few and many videos and days, follower spikes with and without a viral video."""

    def ratio(typical: float) -> float | None:
        picked = rng.choice(
            [None, 0.0, -0.1, 1.0, *(rule.fine for rule in RULES.values()), *(r.bad for r in RULES.values())]
        )
        if rng.random() < 0.5:
            picked = rng.uniform(0.0, 2.0)
        return None if picked is None else picked * typical

    return Facts(
        video_count=rng.choice([None, 0, 1, 3, 5, 9, 10, 14, 15, 40]),
        history_days=rng.choice([None, 0, 5, 13, 14, 29, 30, 90]),
        active_share=ratio(PEERS.active_share or 1),
        engagement_rate=ratio(PEERS.engagement_rate or 1),
        views_per_follower=ratio(PEERS.views_per_follower or 1),
        comments_per_like=ratio(PEERS.comments_per_like or 1),
        largest_daily_gain=rng.choice([None, 0.0, 500.0, 4_000.0, 12_500.0, rng.uniform(0, 50_000)]),
        largest_daily_gain_on=None,
        usual_daily_change=rng.choice([None, 0.0, 0.5, 1.0, 500.0, rng.uniform(0, 2_000)]),
        largest_gain_video_lift=rng.choice([None, 1.0, VIRAL_LIFT, rng.uniform(0, 40)]),
    )


def generated_typical(rng: random.Random) -> Typical | None:
    if rng.random() < 0.1:
        return None
    return dataclasses.replace(
        PEERS,
        **{
            signal: rng.choice([getattr(PEERS, signal), getattr(PEERS, signal), None, 0.0])
            for signal in SIGNALS
            if signal != "follower_spike"
        },
    )


def test_the_peers_pass_judges_every_creator_as_judge_does():
    # given many generated facts and typical values, over every branch of the score
    rng = random.Random(26)
    for _case in range(20_000):
        facts, typical = generated_facts(rng), generated_typical(rng)
        # when judged both ways
        judged = authenticity.judge(facts, typical)
        columns = authenticity.judged_columns(
            facts.video_count,
            facts.history_days,
            facts.active_share,
            facts.engagement_rate,
            facts.views_per_follower,
            facts.comments_per_like,
            facts.largest_daily_gain,
            facts.usual_daily_change,
            facts.largest_gain_video_lift,
            typical=typical,
        )
        # then the stored columns are the same, to the last bit of the score
        expected = (
            judged.score,
            judged.confidence.value if judged.confidence else None,
            judged.unscored.value if judged.unscored else None,
        )
        assert columns == expected, (facts, typical)


def test_generated_facts_reach_every_kind_of_judgement():
    # given the generated facts of the test above
    rng = random.Random(26)
    judgements = [authenticity.judge(generated_facts(rng), generated_typical(rng)) for _case in range(5_000)]
    # then they cover scores from 0 to 100, every confidence, and no score at all
    scores = [judged.score for judged in judgements if judged.score is not None]
    assert min(scores) == 0.0
    assert max(scores) == 100.0
    assert len(set(scores)) > 300
    # and both purchase patterns show
    shown = {
        signal
        for _case in range(2_000)
        for signal in authenticity.PATTERNS
        if authenticity.pattern_shown(signal, generated_facts(rng), generated_typical(rng))
    }
    assert shown == set(authenticity.PATTERNS)
    assert {judged.confidence for judged in judgements} == {*Confidence, None}
    assert Unscored.NO_SIGNALS in {judged.unscored for judged in judgements}
