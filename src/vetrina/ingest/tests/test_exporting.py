import io
import json
from datetime import UTC, date, datetime

from vetrina.creators.models import Creator
from vetrina.creators.tests.factories import (
    AudienceCountryFactory,
    CreatorFactory,
    FollowerSnapshotFactory,
    VideoFactory,
    as_lines,
    line_data,
    video_data,
)
from vetrina.demo.services import SAMPLE_FILE
from vetrina.ingest import exporting
from vetrina.ingest.exporting import creators_export
from vetrina.ingest.importing import creators_import


def exported() -> str:
    out = io.StringIO()
    creators_export(out=out)
    return out.getvalue()


def test_it_writes_a_creator_in_the_documented_format(db):
    # given
    creator = CreatorFactory(
        handle="anna.styles",
        display_name="Anna 🌸 Müller",
        country="DE",
        categories=["fashion", "beauty"],
        bio='Says "hi"\non two lines',
        avatar_url="https://images.anna.example/face.jpg?size=200",
        languages=["de", "en"],
        verified=False,
        manager_email="team@anna.example",
        audience_age_18_24=0.4,
        audience_age_25_34=0.6,
        audience_device_ios=1.0,  # the other device buckets are null: a known dimension writes them as 0
    )
    FollowerSnapshotFactory(creator=creator, date=date(2026, 10, 2), count=121_000)
    FollowerSnapshotFactory(creator=creator, date=date(2026, 10, 1), count=120_000)
    noon = datetime(2026, 10, 2, 12, tzinfo=UTC)
    VideoFactory(creator=creator, id=10, posted_at=noon, caption="ten", duration_s=None)
    VideoFactory(creator=creator, id=9, posted_at=noon, caption="nine", duration_s=15)
    VideoFactory(
        creator=creator,
        id=7_300_000_000_000_000_001,
        posted_at=datetime(2026, 10, 1, 8, 30, 0, 250, tzinfo=UTC),
    )
    AudienceCountryFactory(creator=creator, country="IN", share=0.3)
    AudienceCountryFactory(creator=creator, country="US", share=0.7)
    # when
    out = io.StringIO()
    written = creators_export(out=out)
    # then
    assert written == 1
    expected = {
        "handle": "anna.styles",
        "display_name": "Anna 🌸 Müller",
        "country": "DE",
        "categories": ["fashion", "beauty"],
        "bio": 'Says "hi"\non two lines',
        "avatar_url": "https://images.anna.example/face.jpg?size=200",
        "languages": ["de", "en"],
        "verified": False,
        "manager_email": "team@anna.example",
        "followers": [{"date": "2026-10-01", "count": 120000}, {"date": "2026-10-02", "count": 121000}],
        "videos": [
            {
                "id": "7300000000000000001",
                "posted_at": "2026-10-01T08:30:00.000250Z",
                "views": 1000,
                "likes": 100,
                "comments": 5,
                "shares": 2,
                "duration_s": None,
                "caption": "",
            },
            {
                "id": "9",
                "posted_at": "2026-10-02T12:00:00Z",
                "views": 1000,
                "likes": 100,
                "comments": 5,
                "shares": 2,
                "duration_s": 15,
                "caption": "nine",
            },
            {
                "id": "10",
                "posted_at": "2026-10-02T12:00:00Z",
                "views": 1000,
                "likes": 100,
                "comments": 5,
                "shares": 2,
                "duration_s": None,
                "caption": "ten",
            },
        ],
        "audience": {
            "age": {"13-17": 0.0, "18-24": 0.4, "25-34": 0.6, "35-44": 0.0, "45-54": 0.0, "55+": 0.0},
            "device": {"ios": 1.0, "android": 0.0, "other": 0.0},
            "country": {"US": 0.7, "IN": 0.3},
        },
    }
    assert out.getvalue() == json.dumps(expected, ensure_ascii=False) + "\n"
    assert "Anna 🌸 Müller" in out.getvalue()  # not \\u escapes


def test_it_writes_no_avatar_for_a_picture_among_vetrinas_own_files(db):
    # given a demo creator whose face is one of Vetrina's static files, and one without a picture
    CreatorFactory(handle="demo.face", avatar_url="/static/vetrina/demo-avatars/01.svg")
    CreatorFactory(handle="no.face", avatar_url="")
    # when
    out = io.StringIO()
    creators_export(out=out)
    # then neither has an address another Vetrina could load: both import with their initials
    assert [json.loads(line)["avatar_url"] for line in out.getvalue().splitlines()] == [None, None]


def test_it_orders_creators_by_handle_byte_by_byte(db):
    # given
    handles = ["ab", "a_b", "aa", "a.b", "a9", "a0"]
    for handle in handles:
        CreatorFactory(handle=handle)
    # when
    lines = exported().splitlines()
    # then
    assert [json.loads(line)["handle"] for line in lines] == ["a.b", "a0", "a9", "a_b", "aa", "ab"]


def test_it_writes_floats_at_full_precision(db):
    # given
    CreatorFactory(audience_activity_active=0.1 + 0.2, audience_activity_passive=0.7)
    # when
    text = exported()
    # then
    assert '"activity": {"active": 0.30000000000000004, "passive": 0.7}' in text


def test_it_writes_an_empty_audience_when_none_is_known(db):
    # given
    CreatorFactory()
    # when
    line = json.loads(exported())
    # then
    assert line["audience"] == {}
    assert line["followers"] == []
    assert line["videos"] == []


def test_it_writes_nothing_for_an_empty_database(db):
    # when
    out = io.StringIO()
    written = creators_export(out=out)
    # then
    assert (written, out.getvalue()) == (0, "")


def test_it_exports_in_chunks_with_a_constant_number_of_queries(
    db, monkeypatch, django_assert_max_num_queries
):
    # given
    monkeypatch.setattr(exporting, "EXPORT_CHUNK_SIZE", 2)
    for n in range(5):
        VideoFactory(creator=CreatorFactory(handle=f"creator.{n}"), id=n + 1)
    progress: list[int] = []
    out = io.StringIO()
    # when: the creators in one query, then videos, snapshots and countries once per chunk of 2
    with django_assert_max_num_queries(1 + 3 * 3):
        written = creators_export(out=out, on_progress=progress.append)
    # then
    assert written == 5
    assert progress == [2, 4, 5]
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [(line["handle"], [video["id"] for video in line["videos"]]) for line in lines] == [
        (f"creator.{n}", [str(n + 1)]) for n in range(5)
    ]


def test_export_then_import_into_an_empty_database_then_export_gives_the_same_bytes(db):
    # given: the sample, and lines with the awkward cases
    with SAMPLE_FILE.open(encoding="utf-8") as sample:
        creators_import(lines=sample)
    edge_cases = creators_import(
        lines=as_lines(
            line_data(
                handle="edge.cases",
                display_name='Ünïcödé "quoted" \\ back\tslash 🎉',
                bio="line one\nline two",
                videos=[
                    video_data(id="9", posted_at="2026-10-02T12:00:00.000001+00:00", duration_s=None),
                    video_data(id="10", posted_at="2026-10-02T14:00:00+02:00", caption="\u2028 and \u00a0"),
                ],
                audience={
                    "age": {"18-24": 1 / 3, "25-34": 2 / 3},
                    "country": {"TW": 0.123456789012345, "US": 1 - 0.123456789012345},
                },
            ),
            line_data(handle="bare", audience={}, followers=[], videos=[], languages=[]),
        )
    )
    assert edge_cases.errors == []
    first = exported()
    Creator.objects.all().delete()
    # when
    report = creators_import(lines=io.StringIO(first))
    # then
    assert (report.created, report.errors) == (14, [])
    assert exported() == first


def test_the_demo_sample_is_written_as_an_export_writes_it(db):
    # given
    with SAMPLE_FILE.open(encoding="utf-8") as sample:
        creators_import(lines=sample)
    # when
    text = exported()
    # then
    assert text == SAMPLE_FILE.read_text(encoding="utf-8")
