"""The score against the demo generator's creators: it tells the inauthentic ones apart (a regression
guard for `make bench`'s authenticity benchmark) and never reads the generator's labels."""

import ast
import json
from io import StringIO
from pathlib import Path

from django.core.management import call_command

from vetrina.creators.models import Creator
from vetrina.demo.services import labels_file
from vetrina.metrics import peers

METRICS_PACKAGE = Path(peers.__file__).resolve().parent


def seed(creators: int, seed: int) -> None:
    call_command(
        "seed", "--creators", str(creators), "--seed", str(seed), "--verbosity", "0", stdout=StringIO()
    )


def test_the_score_ranks_inauthentic_creators_below_authentic_ones(db):
    # given 500 generated creators, about 25 of them with a bought audience
    seed(500, seed=11)
    inauthentic = {entry["handle"] for entry in json.loads(labels_file().read_text())["inauthentic"]}
    scored = dict(Creator.objects.values_list("handle", "authenticity_score"))
    scores = {handle: score for handle, score in scored.items() if score is not None}
    assert len(scores) == len(scored) == 500
    bad = [score for handle, score in scores.items() if handle in inauthentic]
    good = [score for handle, score in scores.items() if handle not in inauthentic]
    assert len(bad) >= 10
    # when: the chance that an inauthentic creator scores lower than an authentic one, ties counting half
    pairs = [1.0 if b < g else 0.5 if b == g else 0.0 for b in bad for g in good]
    auc = sum(pairs) / len(pairs)
    # then
    assert auc >= 0.9


def test_the_score_is_the_same_without_the_labels_file(db):
    # given seeded creators and their scores
    seed(300, seed=4)
    columns = ["handle", "authenticity_score", "authenticity_unscored", *peers.PERCENTILES.values()]
    before = sorted(Creator.objects.values_list(*columns))
    # when the labels are gone and every number is computed again from scratch
    labels_file().unlink()
    Creator.objects.update(**peers.NOT_COMPUTED)
    call_command("recompute", stdout=StringIO(), verbosity=0)
    # then
    assert sorted(Creator.objects.values_list(*columns)) == before
    assert not labels_file().exists()


def test_no_metrics_module_imports_the_demo_generator_or_reads_its_labels():
    modules = [
        path
        for path in METRICS_PACKAGE.rglob("*.py")
        if "tests" not in path.relative_to(METRICS_PACKAGE).parts
    ]
    assert METRICS_PACKAGE / "authenticity.py" in modules
    for path in modules:
        text = path.read_text(encoding="utf-8")
        imported: set[str] = set()
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
                imported.update(f"{node.module}.{alias.name}" for alias in node.names)
        assert not [
            name for name in imported if name == "vetrina.demo" or name.startswith("vetrina.demo.")
        ], path
        assert "seed-labels" not in text, path
        assert "labels_file" not in text, path
        assert "LABELS_FILE" not in text, path
