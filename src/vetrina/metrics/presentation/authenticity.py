"""The authenticity score in words (docs/numbers.md: "never a bare number"): why each signal counts,
why a creator has no score, and each signal's row on the metrics page. The API's detail carries the same
sentences. The numbers, weights and thresholds are vetrina.metrics.authenticity's.
"""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from vetrina.lib.formatting import (
    category_label,
    compact_number,
    day_month,
    fixed_number,
    percent,
    signed_whole_number,
    whole_number,
)
from vetrina.metrics.authenticity import RULES, Confidence, Facts, Typical, Unscored
from vetrina.metrics.tiers import TIER_LABELS

SIGNAL_LABELS = {
    "active_share": gettext_lazy("Active audience"),
    "engagement_rate": gettext_lazy("Engagement rate"),
    "follower_spike": gettext_lazy("Largest follower jump"),
    "views_per_follower": gettext_lazy("Views per follower"),
    "comments_per_like": gettext_lazy("Comments per like"),
}


def authenticity_explained(authenticity: dict[str, Any]) -> dict[str, Any]:
    """metrics.selectors.authenticity_of's data as the API and the page give it: each signal with the
    sentence saying why it counts, and without a score, the reason in words."""
    facts, typical = authenticity["facts"], authenticity["typical"]
    return {
        "score": authenticity["score"],
        "confidence": authenticity["confidence"],
        "suspicious": authenticity["suspicious"],
        "signals": [
            {**signal, "explanation": explanation(signal, facts, typical)}
            for signal in authenticity["signals"]
        ],
        "reason": None if authenticity["score"] is not None else unscored_text(authenticity["unscored"]),
    }


def unscored_text(reason: str | None) -> str:
    if reason == Unscored.NO_SIGNALS:
        return _(
            "Not scored: there are too few videos, follower counts or audience figures to judge even one signal by."
        )
    return _("Not scored yet.")


CONFIDENCE_LABELS = {
    Confidence.LOW: gettext_lazy("Low confidence"),
    Confidence.MEDIUM: gettext_lazy("Medium confidence"),
    Confidence.HIGH: gettext_lazy("High confidence"),
}


def confidence_text(confidence: str | None) -> str | None:
    """What a score's confidence means, for the page: how much data it rests on."""
    if confidence == Confidence.HIGH:
        return _(
            "The score rests on at least 15 videos, 30 days of follower counts and four signals or more."
        )
    if confidence == Confidence.MEDIUM:
        return _(
            "The score rests on at least 5 videos, 14 days of follower counts and three signals or more."
        )
    if confidence == Confidence.LOW:
        return _(
            "The score rests on little data (fewer videos, days of follower counts or signals): read it as a first hint."
        )
    return None


def signal_rows(signals: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each authenticity signal with its label and its value and typical value as a page shows them."""
    rows = []
    for signal in signals:
        name = signal["name"]
        if name == "follower_spike":
            shown = [
                _("%(times)s× the usual daily change") % {"times": compact_number(v)}
                if v is not None
                else None
                for v in (signal["value"], signal["typical"])
            ]
        else:
            shown = [percent(v) if v is not None else None for v in (signal["value"], signal["typical"])]
        rows.append(
            {
                **signal,
                "label": SIGNAL_LABELS.get(name, name),
                "value_shown": shown[0] or "—",
                "typical_shown": shown[1] or "—",
                "counts_against": signal.get("points", 0) > 0,
            }
        )
    return rows


def explanation(signal: dict[str, Any], facts: Facts, typical: Typical | None) -> str:
    """One sentence saying why a signal (metrics.authenticity.signals) counts or does not."""
    name, points = signal["name"], signal["points"]
    if name == "follower_spike":
        return _explain_spike(facts, points)
    value = signal["value"]
    peers_value = signal["typical"]
    if value is None:
        return {
            "active_share": _("How much of the audience is active is not known, so it does not count."),
            "engagement_rate": _("There are no views yet, so engagement does not count."),
            "views_per_follower": _("There are no views or followers yet, so this does not count."),
            "comments_per_like": _("There are no likes yet, so comments per like do not count."),
        }[name]
    shown = _shown(name, value)
    if not peers_value or typical is None:
        return _("%(fact)s; there are no verified peers to compare with yet, so it does not count.") % {
            "fact": _fact(name, shown)
        }
    context = {
        "value": shown,
        "typical": _shown(name, peers_value),
        "peers": group_phrase(typical.tier, typical.category),
    }
    if points > 0:
        sentence = {
            "active_share": (
                _(
                    "Only %(value)s of the audience is active, against %(typical)s typical for %(peers)s: most followers never watch"
                )
                if value < 0.5
                else _(
                    "Only %(value)s of the audience is active, against %(typical)s typical for %(peers)s: many followers never watch"
                )
            ),
            "engagement_rate": _(
                "Likes, comments and shares come to only %(value)s of views, against %(typical)s typical for %(peers)s: an audience this quiet is often bought"
            ),
            "views_per_follower": _(
                "A typical video gets views equal to only %(value)s of the followers, against %(typical)s typical for %(peers)s: many followers never watch"
            ),
            "comments_per_like": _(
                "Only %(value)s comments come per 100 likes, against %(typical)s typical for %(peers)s: bought likes come without comments"
            ),
        }[name] % context
        if signal.get("pattern"):
            sentence = {
                "engagement_rate": _(
                    "Likes, comments and shares come to only %(value)s of views, against %(typical)s typical for %(peers)s, while the views per follower are well above theirs: bought views come without reactions"
                ),
                "comments_per_like": _(
                    "Only %(value)s comments come per 100 likes, against %(typical)s typical for %(peers)s, while the likes per view are well above theirs: bought likes come without comments"
                ),
            }[name] % context
        return _lowers(sentence, points)
    return {
        "active_share": _(
            "%(value)s of the audience is active, against %(typical)s typical for %(peers)s: the followers watch."
        ),
        "engagement_rate": _(
            "Likes, comments and shares come to %(value)s of views, against %(typical)s typical for %(peers)s: people react to the videos."
        ),
        "views_per_follower": _(
            "A typical video gets views equal to %(value)s of the followers, against %(typical)s typical for %(peers)s: the followers watch."
        ),
        "comments_per_like": _(
            "%(value)s comments come per 100 likes, against %(typical)s typical for %(peers)s: people talk back."
        ),
    }[name] % context


def _explain_spike(facts: Facts, points: float) -> str:
    spike = facts.follower_spike
    if spike is None or facts.largest_daily_gain is None or facts.largest_daily_gain_on is None:
        return _("There are too few follower snapshots to look for jumps, so this does not count.")
    if facts.largest_daily_gain <= 0:
        return _("Followers never grew from one day to the next, so there is no jump to doubt.")
    context = {
        "gain": signed_whole_number(facts.largest_daily_gain),
        "day": day_month(facts.largest_daily_gain_on),
        "times": _times(spike),
    }
    if points > 0:
        sentence = (
            _(
                "Followers jumped by %(gain)s on %(day)s, %(times)s the usual daily change, with no hit video before it: followers who arrive all at once without a reason are often bought"
            )
            % context
        )
        return _lowers(sentence, points)
    if spike > RULES["follower_spike"].fine and facts.spike_follows_a_hit:
        assert facts.largest_gain_video_lift is not None
        return _(
            "Followers jumped by %(gain)s on %(day)s, %(times)s the usual daily change, right after a video with %(lift)s the usual views: new fans of a hit, not bought ones."
        ) % {**context, "lift": _times(facts.largest_gain_video_lift)}
    return (
        _(
            "No sudden jump in followers: the biggest day, %(day)s, brought %(gain)s, %(times)s the usual daily change."
        )
        % context
    )


def _lowers(sentence: str, points: float) -> str:
    shown = round(points)
    if shown < 1:
        return _("%(sentence)s (less than one point off).") % {"sentence": sentence}
    return ngettext("%(sentence)s (−%(points)s point).", "%(sentence)s (−%(points)s points).", shown) % {
        "sentence": sentence,
        "points": whole_number(shown),
    }


def _fact(signal: str, shown: str) -> str:
    return {
        "active_share": _("%(value)s of the audience is active"),
        "engagement_rate": _("Likes, comments and shares come to %(value)s of views"),
        "views_per_follower": _("A typical video gets views equal to %(value)s of the followers"),
        "comments_per_like": _("%(value)s comments come per 100 likes"),
    }[signal] % {"value": shown}


def group_phrase(tier: int | None, category: str) -> str:
    """ "Fashion creators with 100k–1M followers": a peer group (whom a typical value is the median of
    and a percentile compares with) without its size."""
    if tier is None:
        return _("verified creators")
    if category:
        return _("%(category)s creators with %(tier)s followers") % {
            "category": category_label(category),
            "tier": TIER_LABELS[tier],
        }
    return _("creators with %(tier)s followers") % {"tier": TIER_LABELS[tier]}


def sized_group_phrase(tier: int | None, category: str, size: int) -> str:
    """ "1,204 Fashion creators with 100k–1M followers": a peer group with its size."""
    context = {"count": whole_number(size)}
    if tier is None:
        return ngettext("%(count)s verified creator", "%(count)s verified creators", size) % context
    context["tier"] = str(TIER_LABELS[tier])
    if category:
        return ngettext(
            "%(count)s %(category)s creator with %(tier)s followers",
            "%(count)s %(category)s creators with %(tier)s followers",
            size,
        ) % {**context, "category": category_label(category)}
    return (
        ngettext(
            "%(count)s creator with %(tier)s followers", "%(count)s creators with %(tier)s followers", size
        )
        % context
    )


def _shown(signal: str, value: float) -> str:
    """A signal's value as a sentence shows it: shares as percentages, comments per 100 likes."""
    if signal == "comments_per_like":
        return fixed_number(value * 100, 1)
    # Engagement rates are a few per cent: one decimal tells 1.2 % from 1.8 %.
    return percent(value, decimals=1 if signal == "engagement_rate" else 0)


def _times(multiple: float) -> str:
    return _("%(number)s×") % {"number": whole_number(multiple)}
