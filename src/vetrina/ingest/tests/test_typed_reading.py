"""The typed reader (msgspec) gives every line the very outcome of the careful reader: the same record,
or the same BadLine. Most lines of a real file are read by the typed one, so it must never differ."""

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime, time
from functools import partial
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from vetrina.creators.tests.factories import line_data
from vetrina.demo.generator import generate_creators
from vetrina.demo.services import DEMO_AS_OF
from vetrina.ingest import parsing
from vetrina.ingest.parsing import BadLine, CreatorRecord, parse_line

# The import runs on 5 October 2026 at noon, UTC; the factories' lines end on 2 October.
NOW = datetime(2026, 10, 5, 12, 0, tzinfo=UTC)
SAMPLE = Path(parsing.__file__).resolve().parent.parent / "demo" / "sample.jsonl"


def careful(text: str, now: datetime = NOW) -> CreatorRecord:
    return parsing._careful_record(text, parsing._now(now))


def typed(text: str, now: datetime = NOW) -> CreatorRecord | None:
    return parsing._typed_record(text, parsing._now(now))


def outcome(read: Callable[[], CreatorRecord | None]) -> tuple[Any, ...]:
    """What a reader made of a line, strictly: repr tells 1 from 1.0 and True, and names each time zone."""
    try:
        record = read()
    except BadLine as error:
        return ("bad", error.field, error.reason, str(error), error.handle)
    return ("read", record, repr(record))


def assert_read_alike(text: str, now: datetime = NOW) -> None:
    assert outcome(lambda: parse_line(text, now=now)) == outcome(lambda: careful(text, now))


def compact(data: Any) -> str:
    return orjson.dumps(data).decode()


def test_the_typed_reader_reads_every_generated_line_as_the_careful_reader_does():
    now = datetime.combine(DEMO_AS_OF, time(), UTC)
    lines = [compact(creator.line) for creator in generate_creators(count=300, seed=26, as_of=DEMO_AS_OF)]
    for text in lines:
        # Read by the typed reader itself, not handed on: that is the point of it.
        assert typed(text, now) is not None
        assert outcome(partial(typed, text, now)) == outcome(partial(careful, text, now))


def test_the_sample_file_reads_alike_as_written_and_written_compactly():
    lines = [line for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(lines) >= 10
    now = datetime(2026, 12, 1, tzinfo=UTC)  # after the sample's last day
    for text in lines:
        data = json.loads(text)
        # As written (as `vetrina export` writes: spaced, with nulls), by the typed reader itself.
        assert typed(text, now) is not None
        assert_read_alike(text, now)
        # Written as the generator writes, without the nulls (which the typed reader leaves to the other).
        written = compact({key: value for key, value in data.items() if value is not None})
        assert typed(written, now) is not None
        assert_read_alike(written, now)


def test_the_factories_line_is_read_by_the_typed_reader():
    text = compact(line_data())
    record = typed(text)
    assert record is not None
    assert outcome(lambda: record) == outcome(lambda: careful(text))


@pytest.mark.parametrize(
    ("change", "error"),
    [
        # msgspec keeps the last of two equal keys, without a word.
        (
            lambda text: text.replace('"views":1000,', '"views":1000,"views":2000,', 1),
            "the key 'views' appears twice",
        ),
        # msgspec reads a "t" and a "z" in a time, which Python refuses; leap seconds neither reads.
        (
            lambda text: text.replace("T18:00:00Z", "t18:00:00z", 1),
            "videos[0].posted_at: must be an ISO 8601",
        ),
        (
            lambda text: text.replace("T18:00:00Z", "T23:59:60Z", 1),
            "videos[0].posted_at: must be an ISO 8601",
        ),
        (lambda text: text.replace("T18:00:00Z", "T18:00:00+00:00", 1), None),
        (
            lambda text: text.replace('"views":1000', '"views":1.0', 1),
            "videos[0].views: must be a whole number ≥ 0",
        ),
        (
            lambda text: text.replace('"count":120000', '"count":true', 1),
            "followers[0].count: must be a whole",
        ),
        # Spaced otherwise than Python's json writes (after each comma and colon, nowhere else).
        (lambda text: text.replace(",", ", "), None),
        (lambda text: json.dumps(json.loads(text), separators=(",", ": "), ensure_ascii=False), None),
        (lambda text: json.dumps(json.loads(text), separators=(", ", " : "), ensure_ascii=False), None),
        (lambda text: json.dumps(json.loads(text), ensure_ascii=False).replace(", ", ",  ", 1), None),
        (lambda text: json.dumps(json.loads(text), ensure_ascii=False).replace(": ", ":\t", 1), None),
    ],
    ids=[
        "repeated-key",
        "lowercase-t-and-z",
        "leap-second",
        "+00:00",
        "1.0",
        "true",
        "commas-spaced",
        "colons-spaced",
        "space-before-colon",
        "two-spaces",
        "tab",
    ],
)
def test_a_line_the_typed_reader_might_read_otherwise_goes_to_the_careful_reader(
    change: Callable[[str], str], error: str | None
):
    written = compact(line_data())
    text = change(written)
    assert text != written  # the change applies
    assert typed(text) is None
    if error is None:
        assert parse_line(text, now=NOW) == careful(text)
    else:
        with pytest.raises(BadLine, match=re.escape(error)):
            parse_line(text, now=NOW)
        assert_read_alike(text)


@pytest.mark.parametrize(
    "dumps", [compact, partial(json.dumps, ensure_ascii=False)], ids=["compact", "spaced"]
)
def test_the_typed_reader_itself_reads_null_as_left_out(dumps: Callable[[Any], str]):
    def without_nulls(value: dict[str, Any]) -> dict[str, Any]:
        return {key: item for key, item in value.items() if item is not None}

    data = line_data()
    data["videos"][0]["duration_s"] = None
    data["videos"][1]["caption"] = None
    for field in parsing.OPTIONAL_FIELDS:
        if field != "videos":
            data[field] = None
    left_out = {**without_nulls(data), "videos": [without_nulls(video) for video in data["videos"]]}
    with_nulls = typed(dumps(data))
    assert with_nulls is not None
    assert outcome(lambda: with_nulls) == outcome(partial(typed, dumps(left_out)))
    assert outcome(lambda: with_nulls) == outcome(partial(careful, dumps(data)))
    assert (with_nulls.videos[0].duration_s, with_nulls.videos[1].caption) == (None, "")
    assert (with_nulls.languages, with_nulls.verified, with_nulls.followers) == ((), False, ())


@pytest.mark.parametrize("field", ["handle", "display_name", "country", "categories"])
def test_a_required_field_null_goes_to_the_careful_reader(field: str):
    data = line_data()
    data[field] = None
    text = json.dumps(data, ensure_ascii=False)
    assert typed(text) is None
    with pytest.raises(BadLine, match=re.escape(f"{field}: is required")):
        parse_line(text, now=NOW)


# Hypothesis: a valid line, written compactly, with a few values replaced by raw JSON text where msgspec
# and Python's readers might disagree.


class Raw(str):
    """JSON text written as it is."""


class Pairs(list[list[Any]]):
    """An object as its key-value pairs: it may repeat a key."""


def as_pairs(value: Any) -> Any:
    if isinstance(value, dict):
        return Pairs([[key, as_pairs(item)] for key, item in value.items()])
    if isinstance(value, list):
        return [as_pairs(item) for item in value]
    return value


def write(value: Any, *, spaced: bool = False) -> str:
    """The value as JSON, compact or `spaced` as Python's json writes it."""
    comma, colon = (", ", ": ") if spaced else (",", ":")
    if isinstance(value, Raw):
        return str(value)
    if isinstance(value, Pairs):
        return (
            "{"
            + comma.join(
                f"{json.dumps(key, ensure_ascii=False)}{colon}{write(item, spaced=spaced)}"
                for key, item in value
            )
            + "}"
        )
    if isinstance(value, list):
        return "[" + comma.join(write(item, spaced=spaced) for item in value) + "]"
    return compact(value)


def two_digits(low: int, high: int) -> st.SearchStrategy[str]:
    return st.integers(low, high).map(lambda number: f"{number:02d}")


def years() -> st.SearchStrategy[str]:
    return st.one_of(
        st.integers(1, 9999).map(lambda year: f"{year:04d}"),
        st.sampled_from(["2026", "2025", "0999", "0001", "0000", "999", "20261", "+2026"]),
    )


DATES = st.one_of(
    st.builds(lambda y, m, d: f"{y}-{m}-{d}", years(), two_digits(0, 13), two_digits(0, 32)),
    st.builds(lambda m, d: f"2026-{m}-{d}", two_digits(1, 10), two_digits(1, 31)),
    st.sampled_from(
        [
            "2026-10-01",
            "20261001",
            "2026-W40-1",
            "2026-274",
            "2026-10-1",
            "2026-10-01T00:00:00Z",
            "2026-10-06",
            "2026-10-07",
            "",
        ]
    ),
)
OFFSETS = st.one_of(
    st.sampled_from(
        [
            "Z",
            "z",
            "",
            "+00:00",
            "-00:00",
            "+05:30",
            "-23:59",
            "+23:59",
            "+24:00",
            "+0530",
            "+05",
            "+05:30:15",
            "UTC",
        ]
    ),
    st.builds(
        lambda sign, h, m: f"{sign}{h}:{m}", st.sampled_from("+-"), two_digits(0, 24), two_digits(0, 60)
    ),
)
FRACTIONS = st.one_of(st.just(""), st.from_regex(r"\A[.,][0-9]{1,10}\Z"))
MOMENTS = st.one_of(
    st.builds(
        lambda date, sep, h, m, s, fraction, offset: f"{date}{sep}{h}:{m}:{s}{fraction}{offset}",
        DATES,
        st.sampled_from(["T", "t", " ", "_"]),
        two_digits(0, 24),
        two_digits(0, 60),
        two_digits(0, 61),
        FRACTIONS,
        OFFSETS,
    ),
    st.datetimes(timezones=st.timezones()).map(lambda moment: moment.isoformat()),
    st.sampled_from(
        [
            "2026-09-21T02:38:03Z",
            "20260921T023803Z",
            "2026-09-21T02:38Z",
            "2026-09-21T02Z",
            "2026-09-21T23:59:60Z",
            "2026-10-06T09:59:59Z",
            "2026-10-07T00:00:00+00:00",
            "2026-10-06T23:59:59.999999Z",
            "0001-01-01T00:00:00+00:01",
            "9999-12-31T23:59:59-00:01",
            "0999-06-01T12:00:00Z",
            "2026-09-21T02:38:03.123456789Z",
            "2026-09-21",
        ]
    ),
)
INTEGERS = st.one_of(
    st.integers(-5, 3000).map(str),
    st.integers(-(2**70), 2**70).map(str),
    st.sampled_from(
        [
            "true",
            "false",
            "null",
            "1.0",
            "1e2",
            "-0",
            "0.5",
            '"12"',
            "[]",
            "1000000000",
            "1000000001",
            "10000000000",
            "10000000001",
            "2147483647",
            "2147483648",
            "9223372036854775807",
            "9223372036854775808",
            "18446744073709551616",
        ]
    ),
)
TEXTS = st.one_of(
    st.text(max_size=20).map(lambda text: json.dumps(text, ensure_ascii=False)),
    st.text(max_size=20).map(lambda text: json.dumps(text)),
    st.sampled_from(
        ['"a\\u0000b"', '"\\ud800"', '"\\ud83d\\ude00"', '"\ud800"', '"x' + "y" * 4000 + '"', "null", "7"]
    ),
)
IDS = st.one_of(
    st.from_regex(r"\A[0-9]{0,21}\Z").map(json.dumps),
    st.sampled_from(['"9223372036854775807"', '"9223372036854775808"', '"007"', '"٣"', '"1 "', "12", '"-1"']),
    TEXTS,
)
SHARES = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.sampled_from(
        ["0.6", "1", "0", "1e-5", "1E400", "-0.0", "true", "null", '"0.6"', "0.60000000000000001"]
    ),
)
VALUES_BY_FIELD: dict[str, st.SearchStrategy[str]] = {
    "id": IDS,
    "posted_at": MOMENTS,
    "views": INTEGERS,
    "likes": INTEGERS,
    "comments": INTEGERS,
    "shares": INTEGERS,
    "duration_s": INTEGERS,
    "caption": TEXTS,
    "date": DATES.map(json.dumps),
    "count": INTEGERS,
}


def found(pairs: Any, key: str) -> list[Any] | None:
    """The pair of `key` in an object, if it is still one and still has it."""
    if not isinstance(pairs, Pairs):
        return None
    return next((pair for pair in pairs if pair[0] == key), None)


def setting_in(list_key: str, fields: list[str]) -> st.SearchStrategy[Callable[[Pairs], None]]:
    """An edit of one value of a video or a snapshot (or its key: repeated, unknown, gone, null)."""

    @st.composite
    def edit(draw: st.DrawFn) -> Callable[[Pairs], None]:
        index = draw(st.integers(0, 1))
        field = draw(st.sampled_from(fields))
        kind = draw(st.sampled_from(["value", "value", "value", "null", "remove", "repeat", "unknown"]))
        raw = Raw(draw(VALUES_BY_FIELD[field]))

        def apply(line: Pairs) -> None:
            entries = found(line, list_key)
            entry = (
                entries[1][index] if entries and isinstance(entries[1], list) and entries[1][index:] else None
            )
            pair = found(entry, field)
            if entry is None or pair is None:  # an earlier edit took it away
                return
            if kind == "value":
                pair[1] = raw
            elif kind == "null":
                pair[1] = Raw("null")
            elif kind == "remove":
                entry.remove(pair)
            elif kind == "repeat":
                entry.append([field, raw])
            else:
                entry.append([field + "s", raw])

        return apply

    return edit()


@st.composite
def top_level_edit(draw: st.DrawFn) -> Callable[[Pairs], None]:
    field = draw(st.sampled_from(parsing.REQUIRED_FIELDS + parsing.OPTIONAL_FIELDS))
    kind = draw(st.sampled_from(["null", "remove", "repeat", "unknown", "empty", "text", "number"]))
    text = Raw(draw(TEXTS))
    number = Raw(draw(INTEGERS))

    def apply(line: Pairs) -> None:
        pair = found(line, field)
        if pair is None:
            return
        if kind == "null":
            pair[1] = Raw("null")
        elif kind == "remove":
            line.remove(pair)
        elif kind == "repeat":
            line.append([field, pair[1]])
        elif kind == "unknown":
            line.append(["follower", pair[1]])
        elif kind == "empty":
            pair[1] = [] if isinstance(pair[1], list) else Pairs()
        elif kind == "text":
            pair[1] = text
        else:
            pair[1] = number

    return apply


@st.composite
def audience_edit(draw: st.DrawFn) -> Callable[[Pairs], None]:
    dimension = draw(st.sampled_from(parsing.AUDIENCE_DIMENSIONS))
    share = Raw(draw(SHARES))
    repeat = draw(st.booleans())

    def apply(line: Pairs) -> None:
        audience = found(line, "audience")
        buckets = found(audience[1] if audience else None, dimension)
        if buckets is None or not isinstance(buckets[1], Pairs) or not buckets[1]:
            return
        buckets = buckets[1]
        if repeat:
            buckets.append([buckets[0][0], share])
        else:
            buckets[0][1] = share

    return apply


EDITS = st.one_of(
    setting_in("videos", list(parsing.VIDEO_FIELDS)),
    setting_in("videos", ["posted_at"]),
    setting_in("followers", list(parsing.SNAPSHOT_FIELDS)),
    top_level_edit(),
    audience_edit(),
)


@given(
    edits=st.lists(EDITS, min_size=1, max_size=3),
    around=st.sampled_from(["", " ", "\n", "\ufeff", " x", "\t"]),
    spaced=st.booleans(),
)
@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example(edits=[], around="", spaced=False)
@example(edits=[], around="", spaced=True)
def test_an_edited_line_reads_alike_with_either_reader(
    edits: list[Callable[[Pairs], None]], around: str, spaced: bool
):
    line = as_pairs(line_data())
    for edit in edits:
        edit(line)
    text = write(line, spaced=spaced)
    text = around + text if around == "\ufeff" else text + around
    assert_read_alike(text)


@pytest.mark.parametrize(
    "moment",
    [
        "2026-09-21T02:38:03Z",
        "2026-09-21t02:38:03z",
        "2026-09-21 02:38:03Z",
        "20260921T023803Z",
        "2026-09-21T02:38:03+05:30",
        "2026-09-21T02:38:03-23:59",
        "2026-09-21T02:38:03.5Z",
        "2026-09-21T02:38:03.500000Z",
        "2026-09-21T02:38:03,5Z",
        "2026-09-21T02:38:03.123456789Z",
        "2026-09-21T23:59:60Z",
        "2026-09-21T02:38:03",
        "0999-09-21T02:38:03Z",
        "0001-01-01T00:00:00+00:01",
        "2026-10-06T23:59:59.999999Z",
        "2026-10-07T00:00:00Z",
    ],
)
def test_a_posting_time_reads_alike_with_either_reader(moment: str):
    data = line_data()
    data["videos"][0]["posted_at"] = moment
    assert_read_alike(compact(data))


@pytest.mark.parametrize(
    "moment", ["2026-09-21T02:38:03+05:30", "0999-09-21T02:38:03-23:59", "2026-09-21T02:38:03.250000Z"]
)
def test_the_typed_reader_itself_reads_posting_times_in_any_zone_in_utc(moment: str):
    data = line_data()
    data["videos"][0]["posted_at"] = moment
    record = typed(compact(data))
    assert record is not None
    assert record.videos[0].posted_at == datetime.fromisoformat(moment).astimezone(UTC)
    assert record.videos[0].posted_at.tzinfo is UTC
