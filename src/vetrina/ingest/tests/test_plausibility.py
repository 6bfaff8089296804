"""Implausible data is a bad line (docs/import-format.md): dated after the import, counts beyond any real
account or video, likes far above views, texts past their caps."""

from collections.abc import Callable
from datetime import UTC, datetime, time
from typing import Any

import orjson
import pytest

from vetrina.creators.models import Creator
from vetrina.creators.tests.factories import as_line, as_lines, line_data, video_data
from vetrina.demo.generator import generate_creators
from vetrina.demo.services import DEMO_AS_OF
from vetrina.ingest.importing import creators_import
from vetrina.ingest.parsing import BadLine, parse_line

# The import runs on 5 October 2026 at noon, UTC; the line's data ends on 2 October.
NOW = datetime(2026, 10, 5, 12, 0, tzinfo=UTC)


def snapshot(day: str, count: int = 121_000) -> dict[str, Any]:
    return {"date": day, "count": count}


def with_video(**overrides: Any) -> dict[str, Any]:
    return line_data(videos=[video_data(**overrides)])


IMPLAUSIBLE = [
    pytest.param(
        line_data(followers=[snapshot("2026-10-01"), snapshot("2030-01-01", 10**12)]),
        "followers[1].date: 2030-01-01 is in the future: the import runs on 2026-10-05",
        id="snapshot-in-2030",
    ),
    pytest.param(
        # 12:00 UTC on the 5th is already the 6th in UTC+14, but nowhere yet the 7th
        line_data(followers=[snapshot("2026-10-07")]),
        "followers[0].date: 2026-10-07 is in the future",
        id="snapshot-the-day-after-tomorrow",
    ),
    pytest.param(
        line_data(followers=[snapshot("2026-10-01", 10**9 + 1)]),
        "followers[0].count: must be at most 1000000000: no account has nearly that many followers",
        id="followers-above-a-billion",
    ),
    pytest.param(
        line_data(followers=[snapshot("2026-10-01", 10**12)]),
        "followers[0].count: must be at most 1000000000",
        id="followers-a-trillion",
    ),
    pytest.param(
        with_video(views=100, likes=999_999),
        "videos[0].likes: 999999 is far more than the video's 100 views (at most the views plus 10% and 100 more)",
        id="likes-far-above-views",
    ),
    pytest.param(
        with_video(views=1000, likes=100, comments=1201),
        "videos[0].comments: 1201 is far more",
        id="comments",
    ),
    pytest.param(with_video(views=0, likes=0, shares=101), "videos[0].shares: 101 is far more", id="shares"),
    pytest.param(
        with_video(views=10**10 + 1, likes=0),
        "videos[0].views: must be at most 10000000000: no video has nearly that many views",
        id="views-above-ten-billion",
    ),
    pytest.param(
        with_video(posted_at="2026-10-07T00:00:00Z"),
        "videos[0].posted_at: 2026-10-07T00:00:00+00:00 is in the future: the import runs on 2026-10-05",
        id="video-posted-on-a-day-not-begun-anywhere",
    ),
    pytest.param(
        with_video(posted_at="2031-01-01T00:00:00+02:00"),
        "videos[0].posted_at: 2030-12-31T22:00:00+00:00 is in the future",
        id="video-posted-in-2031",
    ),
    pytest.param(line_data(bio="x" * 1001), "bio: must be at most 1000 characters", id="bio-past-its-cap"),
    pytest.param(line_data(bio="x" * 52_000_000), "bio: must be at most 1000 characters", id="bio-of-52-mb"),
    pytest.param(
        with_video(caption="x" * 4001), "videos[0].caption: must be at most 4000 characters", id="caption"
    ),
]


@pytest.mark.parametrize("write", [as_line, orjson.dumps], ids=["spaced", "compact"])
@pytest.mark.parametrize(("data", "expected"), IMPLAUSIBLE)
def test_it_rejects_implausible_data_naming_the_field_and_the_rule(
    data: dict[str, Any], expected: str, write: Callable[[Any], str | bytes]
):
    # A compact line is read by the fast reader first, a spaced one by the careful reader alone: both agree.
    text = write(data)
    with pytest.raises(BadLine) as error:
        parse_line(text if isinstance(text, str) else text.decode(), now=NOW)
    assert str(error.value).startswith(expected)
    assert error.value.handle == "anna.styles"


ALLOWED = [
    pytest.param(line_data(followers=[snapshot("2026-10-06")]), id="tomorrow-where-it-is-already-tomorrow"),
    pytest.param(line_data(followers=[snapshot("2026-10-01", 10**9)]), id="a-billion-followers"),
    pytest.param(with_video(views=1000, likes=1200, comments=0, shares=0), id="likes-a-little-above-views"),
    pytest.param(with_video(views=0, likes=100, comments=100, shares=100), id="a-hundred-on-no-views"),
    pytest.param(with_video(posted_at="2026-10-06T23:59:59Z"), id="posted-on-a-day-begun-in-utc-plus-14"),
    pytest.param(line_data(bio="x" * 1000), id="bio-at-its-cap"),
    pytest.param(with_video(caption="x" * 4000), id="caption-at-its-cap"),
]


@pytest.mark.parametrize("data", ALLOWED)
def test_it_accepts_data_at_the_edge_of_plausible(data: dict[str, Any]):
    assert parse_line(as_line(data), now=NOW).handle == "anna.styles"


def test_the_import_reports_an_implausible_line_as_bad_and_imports_the_others(db):
    lines = as_lines(
        line_data(handle="good.one"),
        line_data(handle="from.the.future", followers=[snapshot("2030-01-01", 10**12)]),
        line_data(handle="big.liker", videos=[video_data(views=100, likes=999_999)]),
    )
    report = creators_import(lines=lines)
    assert report.created == 1
    assert list(Creator.objects.values_list("handle", flat=True)) == ["good.one"]
    assert [(error.line, error.handle) for error in report.errors] == [
        (2, "from.the.future"),
        (3, "big.liker"),
    ]
    assert "is in the future" in report.errors[0].reason
    assert "is far more than the video's 100 views" in report.errors[1].reason


def test_the_demo_generator_writes_no_line_the_import_finds_implausible():
    # Every line generated for the demo's data date imports on that very day (`vetrina seed` at a small
    # size imports with no bad line: demo/tests/test_seed.py).
    for creator in generate_creators(count=300, seed=5, as_of=DEMO_AS_OF):
        parse_line(orjson.dumps(creator.line).decode(), now=datetime.combine(DEMO_AS_OF, time(), UTC))
