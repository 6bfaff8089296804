"""How well the authenticity score tells bought audiences apart, on two data sets made independently: the
demo generator's (`vetrina seed`) and the stress set (bench/stress_data.py: other distributions, and
the hard cases: niche quiet categories, viral hits, giveaways, small and huge accounts, few videos,
bought followers drip-fed, bought views, bought likes). Run with `python -m bench authenticity
[--creators N]`.

For each data set and seed: a fresh data folder, `vetrina migrate`, and `vetrina seed` or `vetrina
import` of the stress file, as their own processes (as the ingest benchmark runs them); then this module
again, as `python -m bench.authenticity DATA_DIR LABELS_FILE`, in a process whose Django reads that
folder. That process times `peers_recompute`, reads the scores and the signals' values from the
database and the labels from the labels file, and prints its figures.

The labels are read here, by the benchmark, and nowhere in Vetrina: the score never sees them.
"""

import json
import os
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench import stress_data
from bench.commands import environment, run_vetrina

ROOT = Path(__file__).resolve().parent.parent
SEEDS = (1, 2)
DEFAULT_CREATORS = 10_000
STRESS_CREATORS = 5_000
GOAL_AUC = 0.97
FALSE_ALARMS = 10
# What the figures meant when the stress set was new, and what was done about them (issue #24).
NOTE = (
    "Stress AUC before any tuning (peer groups of 30 and scores with a confidence in place, every signal at "
    "full weight whatever the data behind it): 0.9353 (seed 1) and 0.9323 (seed 2), 5,000 creators each; "
    "demo 1.0000. The false alarms then: creators with few videos or a short history (a lucky video or a "
    "good day read as a sign), giveaways (a burst of real but passive followers), viral hits, niche quiet "
    "categories; and bought views and bought likes, one signal each, scored about 67-69, above many "
    "authentic creators. Done: a video signal carries its whole weight from 10 videos and the follower jump "
    "from 14 days of history, in proportion below (stress 0.948, seed 1); two purchases that show in two "
    "numbers weigh 25 points more (few comments per like with likes per view 1.5x the peers'; low "
    "engagement with views per follower 1.5x): stress 0.977 and 0.970, demo unchanged. Left: giveaways "
    "(about half flagged, hurt by the active share and the jump: nothing the stored facts hold tells "
    "their burst of passive fans from bought followers) and viral hits seen through sparse follower counts."
)


def run(work: Path, *, creators: int = DEFAULT_CREATORS) -> dict[str, Any]:
    sets: dict[str, dict[str, Any]] = {"demo": {}, "stress": {}}
    for seed in SEEDS:
        folder = work / f"demo-{seed}"
        folder.mkdir()
        print(f"  demo, seed {seed}: seeding {creators:,} creators…", file=sys.stderr)
        run_vetrina(["migrate", "--verbosity", "0"], folder)
        run_vetrina(["seed", "--creators", str(creators), "--seed", str(seed), "--verbosity", "0"], folder)
        sets["demo"][str(seed)] = _figures("demo", seed, folder, folder / "seed-labels.json")
    for seed in SEEDS:
        folder = work / f"stress-{seed}"
        folder.mkdir()
        count = min(creators, STRESS_CREATORS)
        print(f"  stress, seed {seed}: importing {count:,} creators…", file=sys.stderr)
        # The labels stay in the work folder, beside the data folder: never in the database.
        data, labels = stress_data.write(work, count=count, seed=seed)
        run_vetrina(["migrate", "--verbosity", "0"], folder)
        run_vetrina(["import", str(data), "--verbosity", "0"], folder)
        sets["stress"][str(seed)] = _figures("stress", seed, folder, labels)
    return {
        "what": (
            "ROC AUC of the authenticity score (lower score = more suspicious) and of each signal's raw "
            "evidence alone, against each data set's labels; precision and recall of 'suspicious' "
            "(score < 50), and of each signal alone (suspicious when its doubt exceeds one half); the "
            "authentic creators the score suspects most, with the signal that cost them most. Demo: "
            "vetrina seed. Stress: bench/stress_data.py, imported. SQLite, one fresh database per set "
            "and seed."
        ),
        "data": {
            "demo_creators": creators,
            "stress_creators": min(creators, STRESS_CREATORS),
            "seeds": list(SEEDS),
        },
        "goal": f"score AUC >= {GOAL_AUC} on each data set and seed",
        "goal_met": all(figures["goal_met"] for found in sets.values() for figures in found.values()),
        "note": NOTE,
        **sets,
    }


def _figures(name: str, seed: int, folder: Path, labels: Path) -> dict[str, Any]:
    figures = json.loads(_child(folder, labels))
    score = figures["score"]
    print(
        f"  {name}, seed {seed}: AUC {score['auc']:.4f}, precision {score['precision']}, "
        f"recall {score['recall']}",
        file=sys.stderr,
    )
    return figures


def _child(data_dir: Path, labels: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "bench.authenticity", str(data_dir), str(labels)],
        env=environment(data_dir),
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"evaluating {data_dir} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


# --- Figures ---------------------------------------------------------------------------------------


def roc_auc(scores: Sequence[float], positive: Sequence[bool]) -> float | None:
    """The probability that a random positive scores above a random negative, ties counting one half:
    the Mann-Whitney statistic over ranks, tied scores sharing their average rank."""
    order = sorted(range(len(scores)), key=lambda index: scores[index])
    ranks = [0.0] * len(scores)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and scores[order[end + 1]] == scores[order[start]]:
            end += 1
        for index in order[start : end + 1]:
            ranks[index] = (start + end) / 2 + 1  # ranks count from 1
        start = end + 1
    positives = sum(positive)
    negatives = len(positive) - positives
    if not positives or not negatives:
        return None
    rank_sum = sum(rank for rank, is_positive in zip(ranks, positive, strict=True) if is_positive)
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


def precision_recall(flagged: Sequence[bool], positive: Sequence[bool]) -> dict[str, float | int | None]:
    true = sum(1 for f, p in zip(flagged, positive, strict=True) if f and p)
    flagged_count = sum(flagged)
    positives = sum(positive)
    return {
        "flagged": flagged_count,
        "precision": true / flagged_count if flagged_count else None,
        "recall": true / positives if positives else None,
    }


def evaluate(labels_file: Path) -> dict[str, Any]:
    """The figures of this process's database against the labels file (Django set up)."""
    from vetrina.creators.models import Creator
    from vetrina.metrics import authenticity
    from vetrina.metrics.models import PeerGroup
    from vetrina.metrics.peers import NOT_COMPUTED, peers_recompute, typical_for
    from vetrina.metrics.presentation.authenticity import explanation
    from vetrina.metrics.tiers import tier_of

    # The whole pass, writes included: blank what it writes first.
    Creator.objects.update(**NOT_COMPUTED)
    start = time.perf_counter()
    peers_recompute()
    seconds = time.perf_counter() - start

    labels = json.loads(labels_file.read_text(encoding="utf-8"))
    signs = {entry["handle"]: entry["signs"] for entry in labels["inauthentic"]}
    viral = set(labels["viral"])
    kinds = labels.get("kinds", {})
    groups = {(group.tier, group.category): group for group in PeerGroup.objects.all()}
    creators = []
    for creator in Creator.objects.order_by("handle"):
        typical = None
        if creator.peer_group_size:
            typical = typical_for(groups.get((creator.peer_group_tier, creator.peer_group_category)))
        creators.append((creator, authenticity.facts_of(creator), typical))
    scored = [entry for entry in creators if entry[0].authenticity_score is not None]
    positive = [creator.handle in signs for creator, _facts, _typical in scored]
    scores = [creator.authenticity_score or 0.0 for creator, _facts, _typical in scored]

    signals = {}
    for signal in authenticity.SIGNALS:
        doubts = [authenticity.doubt(signal, facts, typical) for _creator, facts, typical in scored]
        raw = [authenticity.raw_doubt(signal, facts, typical) for _creator, facts, typical in scored]
        signals[signal] = {
            "auc": roc_auc(raw, positive),
            **precision_recall([doubt > 0.5 for doubt in doubts], positive),
        }
    auc = roc_auc([-score for score in scores], positive)
    by_signs: dict[str, dict[str, float | int | None]] = {}
    for count in sorted({len(found) for found in signs.values()}):
        caught = [
            creator.authenticity_score is not None
            and creator.authenticity_score < authenticity.SUSPICIOUS_BELOW
            for creator, _facts, _typical in scored
            if len(signs.get(creator.handle, ())) == count
        ]
        by_signs[str(count)] = {
            "creators": len(caught),
            "recall": sum(caught) / len(caught) if caught else None,
        }

    authentic = sorted(
        (entry for entry in scored if entry[0].handle not in signs),
        key=lambda entry: (entry[0].authenticity_score, entry[0].handle),
    )
    false_alarms = []
    for creator, facts, typical in authentic[:FALSE_ALARMS]:
        judged = authenticity.signals(facts, typical)
        worst = max(judged, key=lambda signal: signal["points"])
        false_alarms.append(
            {
                "handle": creator.handle,
                "score": creator.authenticity_score,
                "confidence": creator.authenticity_confidence,
                "kind": kinds.get(creator.handle),
                "tier": tier_of(creator.reach),
                "category": creator.primary_category,
                "peer_group": [creator.peer_group_tier, creator.peer_group_category, creator.peer_group_size],
                "viral": creator.handle in viral,
                "hurt_by": worst["name"] if worst["points"] > 0 else None,
                "why": [explanation(signal, facts, typical) for signal in judged if signal["points"] > 0],
            }
        )
    by_kind = {}
    for kind in sorted(set(kinds.values())):
        members = [entry for entry in scored if kinds.get(entry[0].handle) == kind]
        flagged = [
            entry for entry in members if (entry[0].authenticity_score or 0.0) < authenticity.SUSPICIOUS_BELOW
        ]
        by_kind[kind] = {
            "creators": len(members),
            "flagged": len(flagged),
            "mean_score": round(
                sum(entry[0].authenticity_score or 0.0 for entry in members) / len(members), 1
            )
            if members
            else None,
        }
    best_signal = max(figures["auc"] or 0.0 for figures in signals.values())
    return {
        "creators": len(creators),
        "scored": len(scored),
        "confidence": dict(Counter(creator.authenticity_confidence for creator, _f, _t in scored)),
        "inauthentic": len(signs),
        "viral": len(viral),
        "peers_recompute_seconds": round(seconds, 3),
        "score": {
            "auc": auc,
            "threshold": authenticity.SUSPICIOUS_BELOW,
            **precision_recall([score < authenticity.SUSPICIOUS_BELOW for score in scores], positive),
            "recall_by_number_of_signs": by_signs,
        },
        "signals": signals,
        "best_signal_auc": best_signal,
        "goal_met": auc is not None and auc >= GOAL_AUC,
        "by_kind": by_kind,
        "false_alarms": false_alarms,
    }


def main(data_dir: str, labels_file: str) -> None:
    os.environ["VETRINA_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vetrina.config.settings")
    import django

    django.setup()
    print(json.dumps(evaluate(Path(labels_file))))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
