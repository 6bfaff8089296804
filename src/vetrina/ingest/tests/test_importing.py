import gc
import io
import time
from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from vetrina.creators.models import AudienceCountry, Creator, FollowerSnapshot, Video
from vetrina.creators.tests.factories import (
    AudienceCountryFactory,
    CreatorFactory,
    VideoFactory,
    as_line,
    as_lines,
    line_data,
    video_data,
)
from vetrina.demo.services import SAMPLE_FILE
from vetrina.ingest import importing, inserting
from vetrina.ingest.columns import VIDEO_FIELDS
from vetrina.ingest.exporting import creators_export
from vetrina.ingest.importing import LineError, creators_import
from vetrina.ingest.parsing import FOLLOWERS_MAX
from vetrina.lib.sqlite_backend import WaitingWriters
from vetrina.metrics.services import STORED_FIELDS, creators_recompute

# The stored numbers, but for when they were computed.
NUMBER_FIELDS = [name for name in STORED_FIELDS if name != "metrics_computed_at"]


def everything() -> dict[str, list[tuple[Any, ...]]]:
    """Every stored row, every column: what "changes nothing" is checked against."""
    return {
        model.__name__: list(model.objects.order_by("pk").values_list())
        for model in (Creator, Video, FollowerSnapshot, AudienceCountry)
    }


def exported() -> str:
    out = io.StringIO()
    creators_export(out=out)
    return out.getvalue()


def test_it_creates_a_creator_with_its_videos_snapshots_and_audience(db):
    # given
    data = line_data(videos=[video_data(id="7300000000000000001", posted_at="2026-10-02T20:00:00+02:00")])
    # when
    report = creators_import(lines=as_lines(data))
    # then
    assert (report.lines_read, report.created, report.updated, report.unchanged, report.errors) == (
        1,
        1,
        0,
        0,
        [],
    )
    creator = Creator.objects.get(handle="anna.styles")
    assert creator.display_name == "Anna"
    assert creator.categories == ["fashion", "beauty"]
    assert creator.languages == ["en"]
    assert creator.verified is True
    assert creator.manager_email == "team@anna.example"
    video = creator.videos.get()
    assert video.id == 7_300_000_000_000_000_001
    assert video.posted_at == datetime(2026, 10, 2, 18, tzinfo=UTC)
    assert (video.views, video.likes, video.comments, video.shares, video.duration_s) == (1000, 100, 5, 2, 31)
    assert list(creator.follower_snapshots.order_by("date").values_list("date", "count")) == [
        (date(2026, 10, 1), 120_000),
        (date(2026, 10, 2), 121_000),
    ]
    assert creator.audience_shares("age") == {
        "13-17": 0.0,
        "18-24": 0.4,
        "25-34": 0.6,
        "35-44": 0.0,
        "45-54": 0.0,
        "55+": 0.0,
    }
    assert creator.audience_shares("device") == {"ios": 0.5, "android": 0.5, "other": 0.0}
    assert dict(creator.audience_countries.values_list("country", "share")) == {"US": 0.7, "IN": 0.3}


def test_new_creators_go_in_by_the_fast_path_not_one_by_one(db, monkeypatch):
    # The one-by-one path gives the same rows, only many times slower (a column without a database
    # default once sent every first import there, and only the benchmark noticed).
    def one_by_one(**kwargs: Any) -> Any:
        raise AssertionError("a new creator went through creator_upsert")

    monkeypatch.setattr(importing, "creator_upsert", one_by_one)
    report = creators_import(lines=as_lines(*(line_data(handle=f"new.{n}") for n in range(3))))
    assert (report.created, report.errors) == (3, [])
    assert Creator.objects.filter(handle__startswith="new.").count() == 3


def stored_as_imported() -> dict[str, list[Any]]:
    """Every row the import stored, every column but those two imports of the same lines set apart: the
    ids the database picks, the timestamps, and when the numbers were worked out."""
    apart = {"id", "created_at", "updated_at", "metrics_computed_at"}
    columns = [field.attname for field in Creator._meta.concrete_fields if field.attname not in apart]
    return {
        "creators": list(Creator.objects.order_by("handle").values_list(*columns)),
        "videos": list(Video.objects.order_by("id").values_list("creator__handle", *VIDEO_FIELDS)),
        "snapshots": list(
            FollowerSnapshot.objects.order_by("creator__handle", "date").values_list(
                "creator__handle", "date", "count"
            )
        ),
        "countries": list(
            AudienceCountry.objects.order_by("creator__handle", "country").values_list(
                "creator__handle", "country", "share"
            )
        ),
    }


def test_the_fast_path_stores_every_column_as_the_one_by_one_path_does(db, monkeypatch):
    # given lines with what a row's text could get wrong: escapes, lists, no audience, a false flag
    lines = as_lines(
        line_data(
            handle="awkward",
            display_name="Tab\there \\ back",
            bio="Line one\nline two\r",
            categories=["gaming", "tech", "comedy"],
            languages=["it", "en"],
            videos=[video_data(caption=AWKWARD_CAPTION, duration_s=None), video_data(caption="\\")],
            # A day before 2000, a count of zero and the largest count allowed.
            followers=[
                {"date": "1999-12-31", "count": 0xFF_FFFF},
                {"date": "2000-01-01", "count": 0},
                {"date": "2026-10-01", "count": FOLLOWERS_MAX},
            ],
        ),
        line_data(handle="plain", verified=False, audience=None, manager_email=None),
    )
    # when they go in by the fast path, and again, into an empty database, one by one
    fast = creators_import(lines=lines)
    by_fast_path = stored_as_imported()
    Creator.objects.all().delete()
    _fail_fast_path(monkeypatch)
    slow = creators_import(lines=lines)
    # then both stored the same values in every column
    assert (fast.created, fast.errors, slow.created, slow.errors) == (2, [], 2, [])
    assert stored_as_imported() == by_fast_path
    assert by_fast_path["snapshots"][:3] == [
        ("awkward", date(1999, 12, 31), 0xFF_FFFF),
        ("awkward", date(2000, 1, 1), 0),
        ("awkward", date(2026, 10, 1), FOLLOWERS_MAX),
    ]
    assert Creator.objects.filter(metrics_computed_at=None).count() == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_on_postgresql_new_creators_go_in_by_copy_not_by_inserts(db):
    # given three new creators of two videos each
    lines = as_lines(*(line_data(handle=f"new.{n}") for n in range(3)))
    # when
    with CaptureQueriesContext(connection) as queries:
        report = creators_import(lines=lines)
    # then their rows are there, and not one INSERT wrote them (COPY is not a query Django sees)
    assert (report.created, report.errors) == (3, [])
    assert Video.objects.filter(creator__handle__startswith="new.").count() == 6
    assert FollowerSnapshot.objects.filter(creator__handle__startswith="new.").count() == 6
    inserts = [
        query["sql"]
        for query in queries.captured_queries
        if 'INSERT INTO "creators_' in query["sql"]  # executemany's are "N times: INSERT …"
    ]
    assert inserts == []


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's many-row INSERTs")
def test_on_sqlite_new_rows_go_in_many_to_a_statement_the_rest_in_statements_of_a_power_of_two(
    db, monkeypatch
):
    # given five new creators of four snapshots and two countries each, and statements of eight rows
    monkeypatch.setattr(inserting, "ROWS_PER_STATEMENT", 8)
    statements: list[int] = []
    statements_of = inserting._statements

    def counted(rows: Any, *, columns: int) -> Any:
        for count, params in statements_of(rows, columns=columns):
            statements.append(count)
            yield count, params

    monkeypatch.setattr(inserting, "_statements", counted)
    days = [{"date": f"2026-10-0{day}", "count": 1000 + day} for day in range(1, 5)]
    lines = as_lines(*(line_data(handle=f"new.{n}", followers=days) for n in range(5)))
    # when
    report = creators_import(lines=lines)
    # then every row is there, in the lines' order, each once
    assert (report.created, report.errors) == (5, [])
    creators = list(Creator.objects.order_by("pk").values_list("handle", flat=True))
    assert creators == [f"new.{n}" for n in range(5)]
    snapshots = list(FollowerSnapshot.objects.order_by("pk").values_list("creator__handle", "date", "count"))
    assert snapshots == [
        (f"new.{n}", date(2026, 10, day), 1000 + day) for n in range(5) for day in range(1, 5)
    ]
    countries = list(AudienceCountry.objects.order_by("pk").values_list("creator__handle", "country"))
    assert countries == [(f"new.{n}", country) for n in range(5) for country in ("US", "IN")]
    # 5 creators in statements of 4 and 1 rows, 20 snapshots of 8, 8 and 4, 10 countries of 8 and 2: the
    # same few statements, whatever the count left over
    assert statements == [4, 1, 8, 8, 4, 8, 2]


def foreign_keys_checked() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys")
        return bool(cursor.fetchone()[0])


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's foreign keys setting")
def test_on_sqlite_the_import_leaves_foreign_keys_unchecked_while_it_stores_and_only_then(
    transactional_db, monkeypatch
):
    # given an import that notes, each time it stores new creators, whether foreign keys are checked
    checked: list[bool] = []
    insert = importing.fresh_creators_insert

    def noting(lines: Any) -> None:
        checked.append(foreign_keys_checked())
        insert(lines)

    monkeypatch.setattr(importing, "fresh_creators_insert", noting)
    assert foreign_keys_checked()
    # when
    report = creators_import(lines=as_lines(line_data(handle="anna.styles")))
    # then the rows went in unchecked, whole, and the connection checks foreign keys again
    assert (report.created, checked) == (1, [False])
    assert Video.objects.filter(creator__handle="anna.styles").count() == len(line_data()["videos"])
    assert foreign_keys_checked()


# What COPY's text format writes with a backslash (PostgreSQL), and its NULL and end-of-data markers.
AWKWARD_CAPTION = "tab\there, line\nbreak, return\r, back\\slash, \\N, \\., \\t, é 🔥"


def test_awkward_captions_are_stored_as_written_and_a_second_import_leaves_them_unchanged(db):
    # given a new creator whose videos hold what COPY's text would read otherwise, one without a duration
    videos = [video_data(caption=AWKWARD_CAPTION, duration_s=None), video_data(caption="\\")]
    days = [{"date": "2026-10-01", "count": 1000}, {"date": "2026-10-02", "count": 1010}]
    line = as_line(line_data(videos=videos, followers=days, audience={"country": {"US": 0.7, "IT": 0.3}}))
    # when it is imported
    first = creators_import(lines=[line])
    # then every value is stored as written
    assert (first.created, first.errors) == (1, [])
    stored = list(Video.objects.order_by("id").values_list("caption", "duration_s", "posted_at"))
    assert stored == [
        (AWKWARD_CAPTION, None, datetime(2026, 10, 2, 18, tzinfo=UTC)),
        ("\\", 31, datetime(2026, 10, 2, 18, tzinfo=UTC)),
    ]
    assert list(FollowerSnapshot.objects.order_by("date").values_list("date", "count")) == [
        (date(2026, 10, 1), 1000),
        (date(2026, 10, 2), 1010),
    ]
    assert dict(AudienceCountry.objects.values_list("country", "share")) == {"US": 0.7, "IT": 0.3}
    # and the same line again, compared with what is stored, changes nothing
    before = everything()
    again = creators_import(lines=[line])
    assert (again.unchanged, again.errors) == (1, [])
    assert everything() == before


def test_it_sets_the_main_category_to_the_first_one(db):
    # when
    creators_import(lines=as_lines(line_data(categories=["beauty", "fashion"])))
    # then
    assert Creator.objects.get().primary_category == "beauty"


def test_it_recomputes_the_numbers_of_the_creators_it_imports(db):
    # when
    creators_import(lines=as_lines(line_data()))
    # then
    creator = Creator.objects.get()
    assert creator.reach == 121_000
    assert creator.data_date == date(2026, 10, 2)
    assert creator.avg_views == 1000
    assert creator.metrics_computed_at is not None


def test_it_skips_blank_lines_without_calling_them_bad(db):
    # when
    report = creators_import(lines=as_lines("", line_data(), "   ", "\t"))
    # then
    assert report.lines_read == 4
    assert report.created == 1
    assert report.errors == []


def test_it_imports_the_good_lines_beside_the_bad_ones_with_their_line_numbers(db):
    # given
    lines = as_lines(
        line_data(handle="first.good"),
        "{not json",
        line_data(handle="wrong.country", country="FR"),
        "",
        line_data(handle="second.good"),
        line_data(handle="Bad Handle"),
    )
    # when
    report = creators_import(lines=lines)
    # then
    assert report.created == 2
    assert sorted(Creator.objects.values_list("handle", flat=True)) == ["first.good", "second.good"]
    assert [(error.line, error.handle) for error in report.errors] == [
        (2, None),
        (3, "wrong.country"),
        (6, None),
    ]
    assert report.errors[1].reason.startswith("country: FR is not one of the markets")
    assert str(report.errors[1]).startswith("line 3 (@wrong.country): country: ")
    assert str(report.errors[0]).startswith("line 2: invalid JSON")


def test_importing_the_same_file_twice_changes_nothing(db):
    # given
    lines = as_lines(line_data(handle="anna.styles"), line_data(handle="bob.cooks", categories=["food"]))
    creators_import(lines=lines)
    rows, export = everything(), exported()
    # when
    report = creators_import(lines=lines)
    # then
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    assert everything() == rows  # updated_at and metrics_computed_at included
    assert exported() == export


def test_it_adds_new_videos_and_keeps_those_a_line_leaves_out(db):
    # given
    old = video_data(posted_at="2026-10-01T10:00:00Z")
    creators_import(lines=as_lines(line_data(videos=[old])))
    new = video_data(posted_at="2026-10-05T10:00:00Z")
    # when
    report = creators_import(lines=as_lines(line_data(videos=[new])))
    # then
    assert (report.created, report.updated) == (0, 1)
    assert sorted(Video.objects.values_list("id", flat=True)) == [int(old["id"]), int(new["id"])]


def test_it_updates_the_counts_of_a_known_video(db):
    # given
    video = video_data(views=1000, likes=100)
    creators_import(lines=as_lines(line_data(videos=[video])))
    # when
    creators_import(lines=as_lines(line_data(videos=[{**video, "views": 5000, "likes": 400}])))
    # then
    stored = Video.objects.get(pk=int(video["id"]))
    assert (stored.views, stored.likes) == (5000, 400)
    assert Creator.objects.get().avg_views == 5000  # and the numbers follow


def test_it_adds_and_updates_snapshots_and_never_deletes_one(db):
    # given
    creators_import(lines=as_lines(line_data(followers=[{"date": "2026-10-01", "count": 100}])))
    # when
    creators_import(
        lines=as_lines(
            line_data(followers=[{"date": "2026-10-02", "count": 200}, {"date": "2026-10-03", "count": 300}])
        )
    )
    creators_import(lines=as_lines(line_data(followers=[{"date": "2026-10-02", "count": 250}])))
    # then
    assert list(FollowerSnapshot.objects.order_by("date").values_list("date", "count")) == [
        (date(2026, 10, 1), 100),
        (date(2026, 10, 2), 250),
        (date(2026, 10, 3), 300),
    ]
    assert Creator.objects.get().reach == 300


def test_it_updates_the_profile_of_a_known_creator(db):
    # given
    creators_import(lines=as_lines(line_data()))
    # when
    report = creators_import(
        lines=as_lines(line_data(display_name="Anna B.", categories=["beauty"], bio="", manager_email=""))
    )
    # then
    assert report.updated == 1
    creator = Creator.objects.get()
    assert (creator.display_name, creator.categories, creator.primary_category) == (
        "Anna B.",
        ["beauty"],
        "beauty",
    )
    assert (creator.bio, creator.manager_email) == ("", "")


def test_it_moves_updated_at_only_when_the_data_changes(db):
    # given
    data = line_data()
    creators_import(lines=as_lines(data))
    first = Creator.objects.get().updated_at
    # when
    creators_import(lines=as_lines(data))
    unchanged = Creator.objects.get().updated_at
    creators_import(lines=as_lines({**data, "videos": [video_data()]}))
    # then
    assert unchanged == first
    assert Creator.objects.get().updated_at > first


def test_it_takes_verified_from_the_line_for_a_new_creator(db):
    # when
    creators_import(
        lines=as_lines(line_data(handle="yes.verified"), line_data(handle="not.yet", verified=False))
    )
    # then
    assert dict(Creator.objects.values_list("handle", "verified")) == {"yes.verified": True, "not.yet": False}


@pytest.mark.parametrize("staff_decision", [True, False])
def test_it_keeps_staffs_verification_whatever_a_later_line_says(db, staff_decision):
    # given
    creators_import(lines=as_lines(line_data(verified=not staff_decision)))
    Creator.objects.update(verified=staff_decision)
    # when
    report = creators_import(lines=as_lines(line_data(verified=not staff_decision, display_name="New name")))
    # then
    assert report.updated == 1
    assert Creator.objects.get().verified is staff_decision


def test_a_line_that_differs_only_in_verified_leaves_the_creator_unchanged(db):
    # given
    data = line_data(verified=True)
    creators_import(lines=as_lines(data))
    rows = everything()
    # when
    report = creators_import(lines=as_lines({**data, "verified": False}))
    # then
    assert report.unchanged == 1
    assert everything() == rows


def test_it_replaces_only_the_audience_dimensions_a_line_gives(db):
    # given
    creators_import(lines=as_lines(line_data()))
    # when
    creators_import(
        lines=as_lines(
            line_data(
                audience={"age": {"13-17": 1}, "country": {"GB": 0.5, "DE": 0.5}, "activity": {"active": 1}}
            )
        )
    )
    # then
    creator = Creator.objects.get()
    assert creator.audience_shares("age") == {
        "13-17": 1.0,
        "18-24": 0.0,
        "25-34": 0.0,
        "35-44": 0.0,
        "45-54": 0.0,
        "55+": 0.0,
    }
    assert creator.audience_shares("activity") == {"active": 1.0, "passive": 0.0}
    assert creator.audience_shares("gender") == {"female": 0.6, "male": 0.38, "other": 0.02}  # kept
    assert dict(creator.audience_countries.values_list("country", "share")) == {"GB": 0.5, "DE": 0.5}


def test_a_line_without_audience_keeps_the_stored_one(db):
    # given
    data = line_data()
    creators_import(lines=as_lines(data))
    rows = everything()
    # when
    report = creators_import(lines=as_lines({**data, "audience": {}}))
    # then
    assert report.unchanged == 1
    assert everything() == rows


def test_it_rejects_a_video_that_belongs_to_another_creator(db):
    # given
    owner = CreatorFactory(handle="owner")
    VideoFactory(creator=owner, id=7_300_000_000_000_000_777)
    data = line_data(handle="thief", videos=[video_data(), video_data(id="7300000000000000777")])
    # when
    report = creators_import(lines=as_lines(data))
    # then
    assert report.errors == [
        LineError(
            line=1,
            handle="thief",
            reason="videos[1].id: video 7300000000000000777 already belongs to another creator, @owner",
        )
    ]
    assert not Creator.objects.filter(handle="thief").exists()
    assert Video.objects.get().creator == owner


def test_it_rejects_a_video_claimed_by_an_earlier_line_of_the_same_file(db):
    # given
    shared = video_data()
    lines = as_lines(line_data(handle="first", videos=[shared]), line_data(handle="second", videos=[shared]))
    # when
    report = creators_import(lines=lines)
    # then
    assert [(error.line, error.handle) for error in report.errors] == [(2, "second")]
    assert "already belongs to another creator, @first" in report.errors[0].reason
    assert list(Creator.objects.values_list("handle", flat=True)) == ["first"]


def test_a_later_line_for_the_same_creator_updates_what_the_earlier_one_made(db):
    # given
    first, second = video_data(), video_data()
    lines = as_lines(
        line_data(videos=[first]), line_data(display_name="Anna 2", videos=[{**first, "views": 9}, second])
    )
    # when
    report = creators_import(lines=lines)
    # then
    assert (report.created, report.updated, report.errors) == (1, 1, [])
    creator = Creator.objects.get()
    assert creator.display_name == "Anna 2"
    assert dict(creator.videos.values_list("id", "views")) == {int(first["id"]): 9, int(second["id"]): 1000}


def _fail_snapshots_of(monkeypatch: pytest.MonkeyPatch, handle: str) -> None:
    # Snapshots are written after the creator row and its videos: failing there proves those roll back.
    real_bulk_create = FollowerSnapshot.objects.bulk_create

    def bulk_create(objs: list[FollowerSnapshot], *args: Any, **kwargs: Any) -> list[FollowerSnapshot]:
        if objs and Creator.objects.get(pk=objs[0].creator_id).handle == handle:
            raise IntegrityError("forced failure")
        return real_bulk_create(objs, *args, **kwargs)

    monkeypatch.setattr(FollowerSnapshot.objects, "bulk_create", bulk_create)


def _fail_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    # New creators first go in together; a failure there must undo them all and retry one by one.
    real_insert = importing.fresh_creators_insert

    def insert_then_fail(records: list[Any]) -> None:
        real_insert(records)
        raise IntegrityError("forced failure of the batch")

    monkeypatch.setattr(importing, "fresh_creators_insert", insert_then_fail)


def test_a_creator_the_database_refuses_leaves_nothing_behind(db, monkeypatch):
    # given the batch insert fails after writing, then one creator fails on its own
    _fail_fast_path(monkeypatch)
    _fail_snapshots_of(monkeypatch, "doomed")
    lines = as_lines(line_data(handle="before"), line_data(handle="doomed"), line_data(handle="after"))
    # when
    report = creators_import(lines=lines)
    # then
    assert report.created == 2
    assert [(error.line, error.handle) for error in report.errors] == [(2, "doomed")]
    assert report.errors[0].reason == "the database refused it: forced failure"
    assert sorted(Creator.objects.values_list("handle", flat=True)) == ["after", "before"]
    assert Video.objects.count() == 4  # two each for the creators that landed
    assert FollowerSnapshot.objects.count() == 4
    assert AudienceCountry.objects.count() == 4


def test_a_failed_update_leaves_the_creator_as_it_was(db, monkeypatch):
    # given
    creators_import(lines=as_lines(line_data(handle="doomed")))
    rows = everything()
    _fail_snapshots_of(monkeypatch, "doomed")
    changed = line_data(
        handle="doomed",
        display_name="Changed",
        followers=[{"date": "2026-11-01", "count": 5}],
        videos=[video_data()],
        audience={"country": {"DE": 1}},
    )
    # when
    report = creators_import(lines=as_lines(changed))
    # then
    assert report.bad == 1
    assert report.updated == 0
    assert everything() == rows


def test_it_works_through_many_batches(db, monkeypatch):
    # given
    monkeypatch.setattr(importing, "BATCH_SIZE", 2)
    creators = [line_data(handle=f"creator.{n}") for n in range(5)]
    lines = as_lines(*creators, creators[0])  # the last line repeats the first
    progress: list[int] = []
    # when
    report = creators_import(lines=lines, on_progress=progress.append)
    # then new creators get their numbers as they are inserted
    assert (report.created, report.unchanged) == (5, 1)
    assert Creator.objects.count() == 5
    assert progress == [2, 4, 6]
    assert Creator.objects.filter(metrics_computed_at__isnull=True).count() == 0
    # and when they change, their numbers change with them
    changed = [{**creator, "videos": [*creator["videos"], video_data()]} for creator in creators]
    report = creators_import(lines=as_lines(*changed))
    assert report.updated == 5
    assert set(Creator.objects.values_list("avg_views", flat=True)) == {1000.0}


def transactions_begun(queries: CaptureQueriesContext) -> int:
    return sum(query["sql"].startswith("BEGIN") for query in queries.captured_queries)


def test_a_transaction_holds_several_batches_up_to_a_number_of_lines(transactional_db, monkeypatch):
    # given batches of two lines, transactions of four
    monkeypatch.setattr(importing, "BATCH_SIZE", 2)
    monkeypatch.setattr(importing, "TRANSACTION_LINES", 4)
    # when
    with CaptureQueriesContext(connection) as queries:
        report = creators_import(lines=as_lines(*[line_data(handle=f"creator.{n}") for n in range(9)]))
    # then 2 + 2, 2 + 2, 1: three transactions (and the peers' pass, one more)
    assert report.created == 9
    assert transactions_begun(queries) == 3 + 1
    assert not connection.in_atomic_block


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's one write lock")
def test_a_transaction_ends_after_the_batch_during_which_another_writer_starts_waiting(
    transactional_db, monkeypatch
):
    # given batches of two lines, transactions of up to a hundred, and a writer that starts waiting
    # for the lock while the second batch is stored
    monkeypatch.setattr(importing, "BATCH_SIZE", 2)
    monkeypatch.setattr(importing, "TRANSACTION_LINES", 100)
    waiting = WaitingWriters.of(connection.settings_dict)
    assert waiting is not None
    batches: list[int] = []
    real_store = importing._batch_store

    def store(batch: Any, report: Any, **options: Any) -> None:
        batches.append(len(batch.lines))
        if len(batches) == 2:
            time.sleep(0.02)  # a later modification time than the transaction's start
            waiting.note()
        real_store(batch, report, **options)

    monkeypatch.setattr(importing, "_batch_store", store)
    # when
    with CaptureQueriesContext(connection) as queries:
        report = creators_import(lines=as_lines(*[line_data(handle=f"creator.{n}") for n in range(8)]))
    # then the first transaction ends after the second batch; the rest go in one more
    assert (report.created, batches) == (8, [2, 2, 2, 2])
    assert transactions_begun(queries) == 2 + 1
    assert not connection.in_atomic_block


def test_batches_are_sized_to_hold_each_transaction_about_the_time_allowed(db, monkeypatch):
    # given transactions of about 10 ms, and a database that stores a line in 1 ms
    monkeypatch.setattr(importing, "BATCH_SECONDS", 0.01)
    monkeypatch.setattr(importing, "SMALLEST_BATCH", 4)
    sizes: list[int] = []
    real_store = importing._batch_store

    def store(batch: Any, report: Any, **options: Any) -> None:
        sizes.append(len(batch.lines))
        real_store(batch, report, **options)

    monkeypatch.setattr(importing, "_batch_store", store)
    # A line takes 1 ms: the clock moves on by a batch's size as it is stored.
    monkeypatch.setattr(importing, "_clock", lambda: sum(sizes) * 0.001)
    # when
    report = creators_import(lines=as_lines(*[line_data(handle=f"creator.{n}") for n in range(40)]))
    # then the first batch is a guess, each one after it holds about 10 lines (10 ms)
    assert report.created == 40
    assert sizes[0] == 16
    assert set(sizes[1:-1]) == {10}


def test_the_pace_never_goes_below_the_smallest_batch_nor_above_the_largest(monkeypatch):
    monkeypatch.setattr(importing, "SMALLEST_BATCH", 50)
    monkeypatch.setattr(importing, "BATCH_SIZE", 5_000)
    slow, fast = importing._Pace(), importing._Pace()
    slow.stored(100, 10.0)  # 0.1 s a line
    fast.stored(100, 0.0001)  # 1 µs a line
    assert (slow.lines, fast.lines) == (50, 5_000)


def test_an_update_stores_the_numbers_a_recompute_from_the_stored_rows_gives(db):
    # given a creator with two videos and two snapshots
    first = video_data(id="1", posted_at="2026-10-01T10:00:00Z", views=1000, likes=100)
    second = video_data(id="2", posted_at="2026-10-02T10:00:00Z", views=3000, likes=50)
    creators_import(
        lines=as_lines(
            line_data(
                videos=[first, second],
                followers=[{"date": "2026-10-01", "count": 1000}, {"date": "2026-10-02", "count": 1100}],
            )
        )
    )
    # when a line leaves one video out, changes the other, adds one and adds a snapshot
    report = creators_import(
        lines=as_lines(
            line_data(
                videos=[
                    {**second, "views": 5000},
                    video_data(id="3", posted_at="2026-10-03T10:00:00Z", views=200, likes=20),
                ],
                followers=[{"date": "2026-10-03", "count": 1500}],
            )
        )
    )
    # then the numbers stored with the update are those of every stored video and snapshot
    assert report.updated == 1
    imported = Creator.objects.values(*NUMBER_FIELDS).get()
    assert imported["video_count"] == 3
    assert imported["reach"] == 1500
    creators_recompute(creator_ids=Creator.objects.values_list("pk", flat=True))
    assert Creator.objects.values(*NUMBER_FIELDS).get() == imported


def test_it_reports_progress_at_the_end_of_a_short_file(db):
    # given
    progress: list[int] = []
    # when
    creators_import(lines=as_lines(line_data(), ""), on_progress=progress.append)
    # then
    assert progress == [2]


def test_it_reads_an_export_of_creators_made_elsewhere(db):
    # given
    creator = CreatorFactory(handle="made.by.staff", verified=False)
    VideoFactory(creator=creator)
    AudienceCountryFactory(creator=creator, country="US", share=1.0)
    lines = exported().splitlines(keepends=True)
    # when
    report = creators_import(lines=lines)
    # then
    assert (report.unchanged, report.errors) == (1, [])


def test_the_demo_sample_imports_cleanly(db):
    # when
    with SAMPLE_FILE.open(encoding="utf-8") as sample:
        report = creators_import(lines=sample)
    # then
    assert report.errors == []
    assert report.created == 12
    assert set(Creator.objects.values_list("country", flat=True)) == {"US", "GB", "IN", "TW", "DE"}
    assert Creator.objects.filter(verified=False).count() == 1
    assert Creator.objects.filter(data_date=date(2026, 11, 20)).count() == 12
    video_counts = [creator.videos.count() for creator in Creator.objects.all()]
    assert min(video_counts) < 15
    snapshot_counts = [creator.follower_snapshots.count() for creator in Creator.objects.all()]
    assert min(snapshot_counts) == 1


def test_a_line_string_is_enough(db):
    # given: a single line without its newline, as a caller building lines in memory might pass it
    lines = [as_line(line_data())]
    # when
    report = creators_import(lines=lines)
    # then
    assert report.created == 1


def test_it_reads_lines_in_worker_processes_with_the_same_result(db):
    # given the sample, which is in export form, with a bad line and a blank one among its lines
    sample = SAMPLE_FILE.read_text(encoding="utf-8").splitlines(keepends=True)
    lines = [*sample[:3], '{"handle": "Not A Handle"}\n', "\n", *sample[3:]]
    # when two other processes read the lines
    report = creators_import(lines=lines, workers=2)
    # then the result is what one process gives: every good line stored, the bad one named
    assert (report.lines_read, report.created, report.bad) == (len(sample) + 2, len(sample), 1)
    assert report.errors[0].line == 4
    assert report.errors[0].reason.startswith("handle: must be 2 to 64 lowercase letters")
    out = io.StringIO()
    creators_export(out=out)
    assert out.getvalue() == "".join(sample)


def test_it_stores_the_avatar_and_refuses_a_line_whose_avatar_is_not_a_web_address(db):
    # given a creator imported with a picture
    creators_import(lines=as_lines(line_data(avatar_url="https://images.anna.example/face.jpg")))
    before = everything()
    # when a later line gives a script instead of an address
    report = creators_import(
        lines=as_lines(line_data(avatar_url="javascript:alert(1)", display_name="Changed"))
    )
    # then the line is bad, with the reason, and nothing of it is stored
    assert [(error.line, error.handle) for error in report.errors] == [(1, "anna.styles")]
    assert (
        report.errors[0].reason == "avatar_url: 'javascript:alert(1)' is not an http:// or https:// address"
    )
    assert everything() == before
    assert Creator.objects.get().avatar_url == "https://images.anna.example/face.jpg"
    # and a line without the key takes the picture away, as it does the bio
    creators_import(lines=as_lines({k: v for k, v in line_data().items() if k != "avatar_url"}))
    assert Creator.objects.get().avatar_url == ""


def test_a_big_import_spaces_the_garbage_collector_out_and_puts_it_back(db):
    # given the collector's thresholds before
    before = gc.get_threshold()
    assert before != importing.BIG_IMPORT_GC_THRESHOLDS
    seen: dict[str, list[tuple[int, ...]]] = {"big": [], "small": []}
    # when a big import (read by two processes) and a small one run
    creators_import(
        lines=as_lines(line_data(handle="gc.big")),
        workers=2,
        on_progress=lambda _read: seen["big"].append(gc.get_threshold()),
    )
    creators_import(
        lines=as_lines(line_data(handle="gc.small")),
        on_progress=lambda _read: seen["small"].append(gc.get_threshold()),
    )
    # then the big one ran with the spaced thresholds, the small one with the usual, and both put them back
    assert seen == {"big": [importing.BIG_IMPORT_GC_THRESHOLDS], "small": [before]}
    assert gc.get_threshold() == before
    assert Creator.objects.filter(handle__in=["gc.big", "gc.small"]).count() == 2
