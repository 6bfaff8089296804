import copy
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import orjson
import pytest
from django.core.validators import EmailValidator
from hypothesis import given, settings
from hypothesis import strategies as st

from vetrina.creators.tests.factories import as_line, line_data, video_data
from vetrina.ingest.parsing import _PLAIN_EMAIL_RE, EMAIL_MAX_LENGTH, BadLine, parse_line

Edit = Callable[[dict[str, Any]], None]


def _walk(data: Any, path: str) -> tuple[Any, Any]:
    *parents, last = path.split(".")
    for key in parents:
        data = data[int(key)] if key.isdigit() else data[key]
    return data, int(last) if last.isdigit() else last


def setting(path: str, value: Any) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        parent, key = _walk(data, path)
        parent[key] = value

    return edit


def removing(path: str) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        parent, key = _walk(data, path)
        del parent[key]

    return edit


def combined(*edits: Edit) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        for each in edits:
            each(data)

    return edit


def bad_line(edit: Edit) -> str:
    data = copy.deepcopy(line_data())
    edit(data)
    return as_line(data)


def test_it_reads_a_complete_line():
    # given
    data = line_data(videos=[video_data(id="7300000000000000001", posted_at="2026-10-02T18:00:00Z")])
    # when
    record = parse_line(as_line(data))
    # then
    assert record.handle == "anna.styles"
    assert record.categories == ("fashion", "beauty")
    assert record.primary_category == "fashion"
    assert record.verified is True
    assert record.followers[0].date == date(2026, 10, 1)
    assert record.followers[0].count == 120_000
    video = record.videos[0]
    assert video.id == 7_300_000_000_000_000_001
    assert video.posted_at == datetime(2026, 10, 2, 18, tzinfo=UTC)
    assert (video.views, video.likes, video.comments, video.shares, video.duration_s) == (1000, 100, 5, 2, 31)
    assert record.audience.country == {"US": 0.7, "IN": 0.3}
    assert record.avatar_url == "https://images.anna.example/face.jpg"


def test_it_fills_the_buckets_a_given_dimension_leaves_out_with_zero():
    # when
    record = parse_line(as_line(line_data()))
    # then
    assert record.audience.fixed["age"] == {
        "13-17": 0.0,
        "18-24": 0.4,
        "25-34": 0.6,
        "35-44": 0.0,
        "45-54": 0.0,
        "55+": 0.0,
    }
    assert record.audience.fixed["device"] == {"ios": 0.5, "android": 0.5, "other": 0.0}


def test_it_leaves_out_the_audience_dimensions_a_line_does_not_give():
    # when
    record = parse_line(as_line(line_data(audience={"gender": {"female": 1}})))
    # then
    assert set(record.audience.fixed) == {"gender"}
    assert record.audience.fixed["gender"]["female"] == 1.0
    assert record.audience.country is None


def test_it_accepts_a_line_with_only_the_required_fields():
    # when
    record = parse_line('{"handle": "bo", "display_name": "Bo", "country": "DE", "categories": ["music"]}')
    # then
    assert record.bio == ""
    assert record.avatar_url == ""
    assert record.languages == ()
    assert record.verified is False
    assert record.manager_email == ""
    assert record.followers == ()
    assert record.videos == ()
    assert record.audience.fixed == {}
    assert record.audience.country is None


def test_it_takes_null_for_an_optional_field_as_left_out():
    # given
    data = line_data(
        bio=None,
        avatar_url=None,
        languages=None,
        verified=None,
        manager_email=None,
        followers=None,
        audience=None,
        videos=[video_data(duration_s=None, caption=None)],
    )
    # when
    record = parse_line(as_line(data))
    # then
    assert (record.bio, record.languages, record.verified, record.manager_email) == ("", (), False, "")
    assert record.avatar_url == ""
    assert record.followers == ()
    assert record.audience.fixed == {}
    assert record.audience.country is None
    assert record.videos[0].duration_s is None
    assert record.videos[0].caption == ""


@pytest.mark.parametrize(
    "url",
    [
        "http://images.example/face.png",
        "https://media.example:8443/a/b.jpg?size=200&v=2#x",
        "https://bücher.example/ä.jpg",
    ],
)
def test_it_accepts_an_avatar_at_a_web_address(url):
    assert parse_line(as_line(line_data(avatar_url=url))).avatar_url == url


@pytest.mark.parametrize(
    "email",
    [
        "anna.styles+brands@agency.example",
        "o'brien@mail.example",  # a character the usual shape leaves to Django's validator
        "anna@bücher.example",
        "anna@[192.0.2.1]",
        "anna@localhost",
    ],
)
def test_it_accepts_a_manager_email(email):
    assert parse_line(as_line(line_data(manager_email=email))).manager_email == email


@pytest.mark.parametrize(
    "email",
    [
        "anna..styles@agency.example",
        "anna@-agency.example",
        "anna@agency.example-",
        "anna@agency",
        "@agency.example",
    ],
)
def test_it_rejects_a_manager_email_of_a_shape_near_the_usual_one(email):
    with pytest.raises(BadLine, match="is not an e-mail address"):
        parse_line(as_line(line_data(manager_email=email)))


@given(st.from_regex(_PLAIN_EMAIL_RE, fullmatch=True).filter(lambda email: len(email) <= EMAIL_MAX_LENGTH))
@settings(max_examples=300, deadline=None)
def test_every_address_of_the_usual_shape_is_one_djangos_validator_accepts(email):
    # The fast check stands in for the validator only where the validator would say yes (and only for an
    # address short enough to keep: a longer one always goes to the validator).
    EmailValidator()(email)


@pytest.mark.parametrize(
    ("posted_at", "expected"),
    [
        ("2026-10-02T18:00:00Z", datetime(2026, 10, 2, 18, tzinfo=UTC)),
        ("2026-10-02T20:00:00+02:00", datetime(2026, 10, 2, 18, tzinfo=UTC)),
        ("2026-10-02T18:00:00.250000Z", datetime(2026, 10, 2, 18, 0, 0, 250_000, tzinfo=UTC)),
        ("2026-10-02T13:00:00-05:00", datetime(2026, 10, 2, 18, tzinfo=UTC)),
    ],
)
def test_it_reads_posted_at_with_any_time_zone_as_utc(posted_at, expected):
    # when
    record = parse_line(as_line(line_data(videos=[video_data(posted_at=posted_at)])))
    # then
    assert record.videos[0].posted_at == expected
    assert record.videos[0].posted_at.tzinfo is UTC


@pytest.mark.parametrize("language", ["en", "en-GB", "en_GB", "zh-TW", "zh-Hant-TW", "fil", "es-419", "hi"])
def test_it_accepts_a_language_code(language):
    # when
    record = parse_line(as_line(line_data(languages=[language])))
    # then
    assert record.languages == (language,)


def test_it_accepts_shares_that_add_up_to_one_within_a_hundredth():
    # when
    record = parse_line(as_line(line_data(audience={"activity": {"active": 0.8, "passive": 0.19}})))
    # then
    assert record.audience.fixed["activity"] == {"active": 0.8, "passive": 0.19}


def test_it_takes_a_video_id_with_leading_zeros_as_the_number():
    # when
    record = parse_line(as_line(line_data(videos=[video_data(id="0042")])))
    # then
    assert record.videos[0].id == 42


def test_it_accepts_the_largest_video_id_a_bigint_holds():
    # when
    record = parse_line(as_line(line_data(videos=[video_data(id=str(2**63 - 1))])))
    # then
    assert record.videos[0].id == 2**63 - 1


def test_it_reads_a_compact_line_as_it_reads_a_spaced_one():
    # given the same line as json.dumps writes it and as orjson writes it (no spaces)
    data = line_data(videos=[video_data(id="7300000000000000001", caption="café \u2603")])
    spaced = as_line(data)
    compact = orjson.dumps(data).decode()
    assert spaced != compact
    # when / then
    assert parse_line(compact) == parse_line(spaced)
    assert parse_line(f" {compact}\r\n") == parse_line(spaced)


BAD_TEXT = [
    pytest.param("{", "invalid JSON at column 2:", id="invalid-json"),
    pytest.param("[1, 2]", "a line must be a JSON object", id="array"),
    pytest.param('"anna"', "a line must be a JSON object", id="string"),
    pytest.param(
        '{"handle": "anna", "handle": "bob"}', "invalid JSON: the key 'handle' appears twice", id="dup-key"
    ),
    pytest.param('{"handle": NaN}', "invalid JSON: NaN is not a number", id="nan"),
    # Written compactly, as orjson writes: the fast reader must not let these through either.
    pytest.param(
        '{"handle":"anna","handle":"bob"}',
        "invalid JSON: the key 'handle' appears twice",
        id="compact-dup-key",
    ),
    pytest.param('{"handle":NaN}', "invalid JSON: NaN is not a number", id="compact-nan"),
    pytest.param('{"handle":Infinity}', "invalid JSON: Infinity is not a number", id="compact-infinity"),
    pytest.param("[" * 100_000 + "]" * 100_000, "invalid JSON", id="too-deep"),
]


@pytest.mark.parametrize(("text", "expected"), BAD_TEXT)
def test_it_rejects_a_line_that_is_not_a_json_object(text, expected):
    # when / then
    with pytest.raises(BadLine) as error:
        parse_line(text)
    assert str(error.value).startswith(expected)
    assert error.value.handle is None


BAD_FIELDS = [
    # handle
    pytest.param(removing("handle"), "handle: is required", id="handle-missing"),
    pytest.param(setting("handle", None), "handle: is required", id="handle-null"),
    pytest.param(setting("handle", 42), "handle: must be a string", id="handle-number"),
    pytest.param(setting("handle", "Anna"), "handle: must be 2 to 64 lowercase", id="handle-uppercase"),
    pytest.param(setting("handle", "a"), "handle: must be 2 to 64 lowercase", id="handle-short"),
    pytest.param(setting("handle", "a" * 65), "handle: must be 2 to 64 lowercase", id="handle-long"),
    pytest.param(setting("handle", "anna styles"), "handle: must be 2 to 64 lowercase", id="handle-space"),
    pytest.param(setting("handle", "anna\n"), "handle: must be 2 to 64 lowercase", id="handle-newline"),
    # display_name
    pytest.param(removing("display_name"), "display_name: is required", id="name-missing"),
    pytest.param(setting("display_name", 7), "display_name: must be a string", id="name-number"),
    pytest.param(setting("display_name", "  "), "display_name: must not be blank", id="name-blank"),
    pytest.param(setting("display_name", "x" * 201), "display_name: must be at most 200", id="name-long"),
    pytest.param(setting("display_name", "An\x00na"), "display_name: must not contain NUL", id="name-nul"),
    # country
    pytest.param(removing("country"), "country: is required", id="country-missing"),
    pytest.param(setting("country", 1), "country: must be a string", id="country-number"),
    pytest.param(setting("country", "XX"), "country: 'XX' is not an ISO 3166-1", id="country-unknown"),
    pytest.param(setting("country", "us"), "country: 'us' is not an ISO 3166-1", id="country-lowercase"),
    pytest.param(setting("country", "USA"), "country: 'USA' is not an ISO 3166-1", id="country-alpha3"),
    pytest.param(setting("country", "FR"), "country: FR is not one of the markets", id="country-not-served"),
    # categories
    pytest.param(removing("categories"), "categories: is required", id="categories-missing"),
    pytest.param(setting("categories", "fashion"), "categories: must be a list", id="categories-string"),
    pytest.param(setting("categories", []), "categories: must list at least one", id="categories-empty"),
    pytest.param(setting("categories", [1]), "categories[0]: must be a string", id="category-number"),
    pytest.param(
        setting("categories", ["fashion", "cooking"]),
        "categories[1]: unknown category 'cooking'",
        id="category-unknown",
    ),
    pytest.param(
        setting("categories", ["food", "food"]), "categories[1]: 'food' is listed twice", id="category-twice"
    ),
    # bio
    pytest.param(setting("bio", ["hi"]), "bio: must be a string", id="bio-list"),
    pytest.param(setting("bio", "caf\udce9"), "bio: is not valid UTF-8 text", id="bio-surrogate"),
    # languages
    pytest.param(setting("languages", "en"), "languages: must be a list", id="languages-string"),
    pytest.param(setting("languages", [1]), "languages[0]: must be a string", id="language-number"),
    pytest.param(
        setting("languages", ["english"]), "languages[0]: 'english' is not a language", id="lang-word"
    ),
    pytest.param(setting("languages", ["xx"]), "languages[0]: 'xx' is not a language", id="lang-unknown"),
    pytest.param(setting("languages", ["und"]), "languages[0]: 'und' is not a language", id="lang-und"),
    pytest.param(setting("languages", ["en-ZZ"]), "languages[0]: 'en-ZZ' is not a language", id="lang-zz"),
    pytest.param(
        setting("languages", ["en_US.UTF-8"]),
        "languages[0]: 'en_US.UTF-8' is not a language",
        id="lang-posix",
    ),
    pytest.param(setting("languages", [""]), "languages[0]: '' is not a language", id="lang-empty"),
    pytest.param(setting("languages", ["en", "en"]), "languages[1]: 'en' is listed twice", id="lang-twice"),
    # verified
    pytest.param(setting("verified", "yes"), "verified: must be true or false", id="verified-string"),
    pytest.param(setting("verified", 1), "verified: must be true or false", id="verified-number"),
    # manager_email
    pytest.param(setting("manager_email", "team"), "manager_email: 'team' is not an e-mail", id="email-bad"),
    pytest.param(setting("manager_email", 5), "manager_email: must be a string", id="email-number"),
    # followers
    pytest.param(setting("followers", {}), "followers: must be a list", id="followers-object"),
    pytest.param(setting("followers.0", 120), "followers[0]: must be an object", id="snapshot-number"),
    pytest.param(removing("followers.1.date"), "followers[1].date: is required", id="snapshot-no-date"),
    pytest.param(
        setting("followers.0.date", "2026/10/01"),
        "followers[0].date: must be a date written",
        id="date-slashes",
    ),
    pytest.param(
        setting("followers.0.date", "20261001"), "followers[0].date: must be a date written", id="date-basic"
    ),
    pytest.param(
        setting("followers.0.date", "2026-02-30"),
        "followers[0].date: must be a date written",
        id="date-invalid",
    ),
    pytest.param(
        setting("followers.0.date", "2026-10-01T00:00:00Z"),
        "followers[0].date: must be a date written",
        id="date-datetime",
    ),
    pytest.param(
        setting("followers.0.date", 20261001), "followers[0].date: must be a date", id="date-number"
    ),
    pytest.param(removing("followers.0.count"), "followers[0].count: is required", id="count-missing"),
    pytest.param(
        setting("followers.0.count", -1), "followers[0].count: must be a whole number ≥ 0", id="neg"
    ),
    pytest.param(
        setting("followers.0.count", 1.5), "followers[0].count: must be a whole number ≥ 0", id="frac"
    ),
    pytest.param(
        setting("followers.0.count", 100.0), "followers[0].count: must be a whole number", id="float"
    ),
    pytest.param(setting("followers.0.count", True), "followers[0].count: must be a whole number", id="bool"),
    pytest.param(setting("followers.0.count", "100"), "followers[0].count: must be a whole number", id="str"),
    pytest.param(setting("followers.0.count", 2**63), "followers[0].count: must be at most", id="count-huge"),
    pytest.param(
        setting("followers.1.date", "2026-10-01"),
        "followers[1].date: 2026-10-01 is listed twice",
        id="date-twice",
    ),
    pytest.param(setting("followers.0.when", "x"), "followers[0].when: unknown field", id="snapshot-extra"),
    # videos
    pytest.param(setting("videos", {}), "videos: must be a list", id="videos-object"),
    pytest.param(setting("videos.1", "7300"), "videos[1]: must be an object", id="video-string"),
    pytest.param(removing("videos.0.id"), "videos[0].id: is required", id="id-missing"),
    pytest.param(setting("videos.0.id", 7300), "videos[0].id: must be a string of digits", id="id-number"),
    pytest.param(setting("videos.0.id", "abc"), "videos[0].id: must be a string of digits", id="id-letters"),
    pytest.param(setting("videos.0.id", "-1"), "videos[0].id: must be a string of digits", id="id-negative"),
    pytest.param(setting("videos.0.id", ""), "videos[0].id: must be a string of digits", id="id-empty"),
    pytest.param(
        setting("videos.0.id", "１２３"), "videos[0].id: must be a string of digits", id="id-fullwidth"
    ),
    pytest.param(setting("videos.0.id", "12 "), "videos[0].id: must be a string of digits", id="id-space"),
    pytest.param(setting("videos.0.id", str(2**63)), "videos[0].id: must be at most", id="id-too-big"),
    pytest.param(
        combined(
            setting("videos.0.id", "7300000000000000099"), setting("videos.1.id", "7300000000000000099")
        ),
        "videos[1].id: video 7300000000000000099 is listed twice",
        id="id-twice",
    ),
    pytest.param(removing("videos.0.posted_at"), "videos[0].posted_at: is required", id="posted-missing"),
    pytest.param(
        setting("videos.0.posted_at", "2026-10-02T18:00:00"),
        "videos[0].posted_at: must be an ISO 8601 date and time with a time zone",
        id="posted-naive",
    ),
    pytest.param(
        setting("videos.0.posted_at", "2026-10-02"),
        "videos[0].posted_at: must be an ISO 8601 date and time with a time zone",
        id="posted-date-only",
    ),
    pytest.param(
        setting("videos.0.posted_at", "yesterday"),
        "videos[0].posted_at: must be an ISO 8601",
        id="posted-word",
    ),
    pytest.param(
        setting("videos.0.posted_at", 1_790_000_000),
        "videos[0].posted_at: must be an ISO 8601",
        id="posted-epoch",
    ),
    pytest.param(
        setting("videos.0.posted_at", "0001-01-01T00:00:00+01:00"),
        "videos[0].posted_at: must be an ISO 8601",
        id="posted-overflow",
    ),
    pytest.param(removing("videos.0.views"), "videos[0].views: is required", id="views-missing"),
    pytest.param(
        setting("videos.0.views", -1), "videos[0].views: must be a whole number ≥ 0", id="views-neg"
    ),
    pytest.param(
        setting("videos.0.views", 10.5), "videos[0].views: must be a whole number ≥ 0", id="views-frac"
    ),
    pytest.param(
        setting("videos.0.views", True), "videos[0].views: must be a whole number ≥ 0", id="views-bool"
    ),
    pytest.param(
        setting("videos.0.views", "1000"), "videos[0].views: must be a whole number ≥ 0", id="views-str"
    ),
    pytest.param(setting("videos.0.views", 2**63), "videos[0].views: must be at most", id="views-huge"),
    pytest.param(
        setting("videos.1.likes", -5), "videos[1].likes: must be a whole number ≥ 0", id="likes-neg"
    ),
    pytest.param(
        setting("videos.0.comments", False),
        "videos[0].comments: must be a whole number ≥ 0",
        id="comments-bool",
    ),
    pytest.param(
        setting("videos.0.shares", 2.0), "videos[0].shares: must be a whole number ≥ 0", id="shares-float"
    ),
    pytest.param(removing("videos.0.shares"), "videos[0].shares: is required", id="shares-missing"),
    pytest.param(
        setting("videos.0.duration_s", -1), "videos[0].duration_s: must be a whole number", id="dur-neg"
    ),
    pytest.param(
        setting("videos.0.duration_s", 30.5), "videos[0].duration_s: must be a whole", id="dur-frac"
    ),
    pytest.param(setting("videos.0.duration_s", "31"), "videos[0].duration_s: must be a whole", id="dur-str"),
    pytest.param(
        setting("videos.0.duration_s", 2**31), "videos[0].duration_s: must be at most", id="dur-huge"
    ),
    pytest.param(setting("videos.0.caption", 5), "videos[0].caption: must be a string", id="caption-number"),
    pytest.param(setting("videos.0.title", "x"), "videos[0].title: unknown field", id="video-extra"),
    # audience
    pytest.param(setting("audience", []), "audience: must be an object", id="audience-list"),
    pytest.param(
        setting("audience.income", {"high": 1}), "audience.income: unknown dimension", id="dimension"
    ),
    pytest.param(setting("audience.age", [0.5, 0.5]), "audience.age: must be an object", id="dimension-list"),
    pytest.param(
        setting("audience.age.10-12", 0.0), "audience.age.10-12: unknown bucket", id="bucket-unknown"
    ),
    pytest.param(
        setting("audience.gender.Female", 0.0), "audience.gender.Female: unknown bucket", id="bucket-case"
    ),
    pytest.param(
        setting("audience.country.XX", 0.0),
        "audience.country.XX: 'XX' is not an ISO 3166-1",
        id="country-bucket",
    ),
    pytest.param(
        setting("audience.country.us", 0.0),
        "audience.country.us: 'us' is not an ISO 3166-1",
        id="country-lower",
    ),
    pytest.param(
        setting("audience.device", {"ios": 1.5, "android": -0.5}),
        "audience.device.ios: must be a number from 0 to 1",
        id="share-over-one",
    ),
    pytest.param(
        setting("audience.activity", {"active": 1.1e-1, "passive": -1e-9}),
        "audience.activity.passive: must be a number from 0 to 1",
        id="share-negative",
    ),
    pytest.param(
        setting("audience.activity.active", "0.8"),
        "audience.activity.active: must be a number",
        id="share-str",
    ),
    pytest.param(
        setting("audience.activity", {"active": True}),
        "audience.activity.active: must be a number",
        id="share-bool",
    ),
    pytest.param(
        setting("audience.gender", {"female": 0.5, "male": 0.4}),
        "audience.gender: shares must add up to 1 (±0.01); they add up to 0.9",
        id="sum-low",
    ),
    pytest.param(
        setting("audience.country", {"US": 0.7, "IN": 0.32}),
        "audience.country: shares must add up to 1 (±0.01); they add up to 1.02",
        id="sum-high",
    ),
    pytest.param(setting("audience.age", {}), "audience.age: shares must add up to 1", id="dimension-empty"),
    # avatar_url
    pytest.param(setting("avatar_url", 42), "avatar_url: must be a string", id="avatar-number"),
    pytest.param(
        setting("avatar_url", "javascript:alert(1)"),
        "avatar_url: 'javascript:alert(1)' is not an http:// or https:// address",
        id="avatar-javascript",
    ),
    pytest.param(
        setting("avatar_url", "ftp://images.example/face.jpg"),
        "avatar_url: 'ftp://images.example/face.jpg' is not an http:// or https:// address",
        id="avatar-ftp",
    ),
    pytest.param(
        setting("avatar_url", "/static/face.svg"),
        "avatar_url: '/static/face.svg' is not an http:// or https:// address",
        id="avatar-path",
    ),
    pytest.param(
        setting("avatar_url", "https://images.example/a face.jpg"),
        "avatar_url: 'https://images.example/a face.jpg' is not an http:// or https:// address",
        id="avatar-space",
    ),
    pytest.param(
        setting("avatar_url", "https://images.example/" + "a" * 478),
        "avatar_url: must be at most 500 characters",
        id="avatar-too-long",
    ),
    # anything else
    pytest.param(setting("follower", []), "follower: unknown field", id="misspelt-field"),
]


@pytest.mark.parametrize(("edit", "expected"), BAD_FIELDS)
def test_it_rejects_a_line_naming_the_field_and_the_reason(edit, expected):
    # given
    text = bad_line(edit)
    # when / then
    with pytest.raises(BadLine) as error:
        parse_line(text)
    assert str(error.value).startswith(expected)


def test_it_names_the_handle_of_a_bad_line_once_the_handle_is_good():
    # when / then
    with pytest.raises(BadLine) as error:
        parse_line(bad_line(setting("country", "FR")))
    assert error.value.handle == "anna.styles"
    assert error.value.field == "country"


def test_it_names_no_handle_when_the_handle_is_what_is_wrong():
    # when / then
    with pytest.raises(BadLine) as error:
        parse_line(bad_line(setting("handle", "Not A Handle")))
    assert error.value.handle is None


def test_it_reports_the_first_reason_of_a_line_with_several():
    # given
    data = line_data(country="FR", categories=["cooking"])
    data["videos"][0]["views"] = -1
    # when / then
    with pytest.raises(BadLine, match=r"^country: "):
        parse_line(as_line(data))


def test_it_rejects_a_video_without_a_digit_id():
    # when / then
    with pytest.raises(BadLine, match=r"^videos\[0\]\.id: must be a string of digits$"):
        parse_line(bad_line(setting("videos.0.id", "v123")))


@pytest.mark.parametrize("digits", [20, 5_000])
def test_a_video_id_longer_than_any_bigint_is_a_bad_line_not_a_crash(digits: int):
    # Python's int() raises ValueError past 4,300 digits: the id must be refused before it gets there
    text = as_line(line_data(videos=[video_data(id="9" * digits)]))
    with pytest.raises(BadLine) as error:
        parse_line(text)
    assert error.value.field == "videos[0].id"
    assert "must be at most 9223372036854775807" in str(error.value)


def test_a_long_video_id_of_leading_zeros_is_its_number():
    record = parse_line(as_line(line_data(videos=[video_data(id="0" * 5_000 + "42")])))
    assert record.videos[0].id == 42
