"""Reading one line of the import format (docs/import-format.md) into a validated record.

`parse_line` either returns a `CreatorRecord` whose every value is ready to store, or raises `BadLine`
naming the first field at fault and why, e.g. ``videos[3].views: must be a whole number ≥ 0``.
Nothing here touches the database; the upsert rules live in `importing.creators_import`.
"""

import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache, lru_cache, partial
from itertools import repeat
from operator import attrgetter, itemgetter
from typing import Annotated, Any, NamedTuple

import msgspec
import orjson
from babel import Locale
from babel.core import parse_locale
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext as _
from django_countries import countries
from msgspec import UNSET, UnsetType

from vetrina.creators.models import AVATAR_URL_MAX_LENGTH, HANDLE_PATTERN
from vetrina.lib.audience import FIXED_DIMENSIONS
from vetrina.lib.categories import CATEGORIES

# The largest value a (signed 64-bit) bigint column holds: video ids and every count.
MAX_BIGINT = 2**63 - 1
_MAX_ID_DIGITS = len(str(MAX_BIGINT))
MAX_DURATION_S = 2**31 - 1
DISPLAY_NAME_MAX_LENGTH = 200
EMAIL_MAX_LENGTH = 254
# Shares of a dimension must add up to 1 within this; the epsilon absorbs float rounding.
SHARE_SUM_TOLERANCE = 0.01 + 1e-9

# Implausible data is a bad line (docs/import-format.md, "What makes a bad line"). The ceilings are far
# above anything real, so that only a broken or hostile source meets them: the most-followed accounts
# have about 0.2 billion followers, the most-viewed videos a few billion views.
FOLLOWERS_MAX = 10**9
VIEWS_MAX = 10**10
# Likes, comments and shares come from people who watched: each at most the views, plus 10 % and 100
# more for counts a source read moments apart.
INTERACTIONS_OVER_VIEWS_PERCENT = 10
INTERACTIONS_OVER_VIEWS_SLACK = 100
# The same in hundredths, so that the comparison stays in whole numbers: count * 100 > views * 110 + 10,000.
_INTERACTIONS_FACTOR = 100 + INTERACTIONS_OVER_VIEWS_PERCENT
_INTERACTIONS_SLACK = INTERACTIONS_OVER_VIEWS_SLACK * 100
BIO_MAX_LENGTH = 1000
CAPTION_MAX_LENGTH = 4000
# A day is in the future when it has not begun anywhere on Earth yet: after the import's date in the time
# zone furthest ahead (UTC+14). A video is, when the day of its posting (in UTC) is.
FURTHEST_AHEAD_OFFSET = timedelta(hours=14)

REQUIRED_FIELDS = ("handle", "display_name", "country", "categories")
OPTIONAL_FIELDS = (
    "bio",
    "avatar_url",
    "languages",
    "verified",
    "manager_email",
    "followers",
    "videos",
    "audience",
)
SNAPSHOT_FIELDS = ("date", "count")
VIDEO_FIELDS = ("id", "posted_at", "views", "likes", "comments", "shares", "duration_s", "caption")
AUDIENCE_DIMENSIONS = ("age", "gender", "device", "country", "activity")

_HANDLE_RE = re.compile(HANDLE_PATTERN)
_DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_DIGITS_RE = re.compile(r"^[0-9]+$")
_LANGUAGE_TAG_RE = re.compile(r"^[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*$")
_email_validator = EmailValidator()
# The usual shape of an address, in ASCII: a dot-atom local part of letters, digits and _+-, then host
# labels of letters, digits and inner hyphens (at most 63 characters each), then a top-level domain of
# letters. Every address it matches, `_email_validator` accepts too (its patterns allow all this and
# more), and it takes 2 µs where the validator, whose patterns take any Unicode letter, takes 18 (a line
# has one). Anything else, and any address too long to keep, goes to the validator, which words the fault.
_PLAIN_EMAIL_RE = re.compile(
    r"[a-z0-9_+-]+(?:\.[a-z0-9_+-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}",
    re.IGNORECASE | re.ASCII,
)
# Pages show the avatar as an <img>: web addresses only, never javascript:, data: or a file.
_avatar_validator = URLValidator(schemes=["http", "https"])


class BadLine(ValueError):
    """A line that cannot be imported: the field at fault (empty for the whole line) and why."""

    def __init__(self, field: str, reason: str, *, handle: str | None = None) -> None:
        super().__init__(f"{field}: {reason}" if field else reason)
        self.field = field
        self.reason = reason
        self.handle = handle


class _Unusual(Exception):
    """Raised by a fast reader on anything out of the ordinary: the careful reader then names the fault."""


# Snapshots and videos are named tuples, not dataclasses: a line holds hundreds of them, and a
# tuple is the cheapest immutable record to build (and to hand to the database as a row).
class SnapshotRecord(NamedTuple):
    date: date
    count: int  # type: ignore[assignment]  # shadows tuple.count, on purpose: it is the import format's name


class VideoRecord(NamedTuple):
    id: int
    posted_at: datetime  # in UTC
    views: int
    likes: int
    comments: int
    shares: int
    duration_s: int | None
    caption: str


# The fast readers build them with tuple.__new__ (C): a named tuple's own constructor is a Python function,
# and it runs for every video and snapshot of a file (millions).
_new_snapshot = partial(tuple.__new__, SnapshotRecord)
_new_video = partial(tuple.__new__, VideoRecord)


@dataclass(frozen=True, slots=True)
class AudienceRecord:
    # Only the dimensions the line gives. A fixed dimension has every bucket (a missing one is 0.0);
    # countries hold only the codes listed.
    fixed: Mapping[str, Mapping[str, float]]
    country: Mapping[str, float] | None


@dataclass(frozen=True, slots=True)
class CreatorRecord:
    handle: str
    display_name: str
    country: str
    categories: tuple[str, ...]
    bio: str
    avatar_url: str
    languages: tuple[str, ...]
    verified: bool
    manager_email: str
    followers: tuple[SnapshotRecord, ...]
    videos: tuple[VideoRecord, ...]
    audience: AudienceRecord

    @property
    def primary_category(self) -> str:
        return self.categories[0]


class _Now(NamedTuple):
    """The import's moment, and the limits it sets on what is not in the future yet."""

    moment: datetime
    latest_day: date  # the last date a follower snapshot may have
    posted_before: datetime  # the moment from which a video's posting is in the future


def latest_data_day(moment: datetime | None = None) -> date:
    """The last day a follower snapshot may have when imported at `moment` (now by default)."""
    return _now(moment).latest_day


def _now(moment: datetime | None) -> _Now:
    moment = moment or datetime.now(UTC)
    latest_day = (moment.astimezone(UTC) + FURTHEST_AHEAD_OFFSET).date()
    return _Now(
        moment=moment,
        latest_day=latest_day,
        posted_before=datetime.combine(latest_day + timedelta(days=1), time(), UTC),
    )


def parse_line(text: str, *, now: datetime | None = None) -> CreatorRecord:
    """The record on one line of the import format; raises BadLine with the first reason it is not.

    `now` is the import's moment (the clock's by default): data dated after it is implausible.
    """
    moment = _now(now)
    record = _typed_record(text, moment)
    if record is not None:
        return record
    return _careful_record(text, moment)


def _careful_record(text: str, now: _Now) -> CreatorRecord:
    """The line read with Python's checks, field by field: the only reader that words a BadLine."""
    data = _load_json(text)
    if not isinstance(data, dict):
        raise BadLine("", _("a line must be a JSON object"))
    handle = _handle(data)
    try:
        return _creator(data, handle, now)
    except BadLine as error:
        error.handle = handle
        raise


# The typed reader: msgspec decodes a line into these in C (types, bounds, dates and times, unknown keys),
# which takes about a third off the CPU time of reading a line (0.23 -> 0.16 ms for the generator's).
# Their fields are in the order the generator and connectors write them (docs/import-format.md), which
# the byte-for-byte check in `_typed_record` needs. The fields that are few a line stay untyped (Any)
# and go through the careful reader's checks. A field left out of the line is UNSET, one written null is
# None: encoded again, the one stays out and the other is written null, as in the line (the generator
# leaves out what it does not know, `vetrina export` writes null), and both mean the same (`_given`).
class _TypedSnapshot(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    date: date
    count: Annotated[int, msgspec.Meta(ge=0, le=FOLLOWERS_MAX)]


class _TypedVideo(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True, gc=False):
    id: str
    posted_at: Annotated[datetime, msgspec.Meta(tz=True)]
    views: Annotated[int, msgspec.Meta(ge=0, le=VIEWS_MAX)]
    likes: Annotated[int, msgspec.Meta(ge=0)]
    comments: Annotated[int, msgspec.Meta(ge=0)]
    shares: Annotated[int, msgspec.Meta(ge=0)]
    duration_s: Annotated[int, msgspec.Meta(ge=0, le=MAX_DURATION_S)] | UnsetType | None = UNSET
    caption: str | UnsetType | None = UNSET


class _TypedLine(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    handle: Any = UNSET
    display_name: Any = UNSET
    country: Any = UNSET
    categories: Any = UNSET
    bio: Any = UNSET
    avatar_url: Any = UNSET
    languages: Any = UNSET
    verified: Any = UNSET
    manager_email: Any = UNSET
    followers: list[_TypedSnapshot] | UnsetType | None = UNSET
    videos: list[_TypedVideo] | UnsetType | None = UNSET
    audience: Any = UNSET


_line_decoder = msgspec.json.Decoder(_TypedLine)
_line_encoder = msgspec.json.Encoder()
_struct_values = msgspec.structs.astuple


def _typed_record(text: str, now: _Now) -> CreatorRecord | None:
    """The record of a line msgspec reads without a surprise; None for any other line.

    A line counts only if encoding what msgspec read gives back its very bytes: msgspec keeps the last of
    two equal keys and reads some dates, times and numbers more loosely than the careful reader, and
    none of that survives the trip. So a line read here is read as the careful reader reads it, and
    every line it would refuse (or word differently) goes to it.
    """
    try:
        body = text.strip(_JSON_SPACE).encode("utf-8")
        line = _line_decoder.decode(body)
        encoded = _line_encoder.encode(line)
        # Written compactly (the generator, most connectors), or with a space after each comma and colon
        # and nowhere else, as Python's json writes (`vetrina export`, the demo's sample).
        if encoded != body and msgspec.json.format(encoded, indent=0) != body:
            return None
        handle, display_name, country, categories = (
            _given(line.handle),
            _given(line.display_name),
            _given(line.country),
            _given(line.categories),
        )
        if handle is None or display_name is None or country is None or categories is None:
            return None
        languages, verified, audience = _given(line.languages), _given(line.verified), _given(line.audience)
        return CreatorRecord(
            handle=_handle_value(handle),
            display_name=_display_name(display_name),
            country=_country(country),
            categories=_categories(categories),
            bio=_bio(_given(line.bio)),
            avatar_url=_avatar_url(_given(line.avatar_url)),
            languages=_languages([] if languages is None else languages),
            verified=_verified(False if verified is None else verified),
            manager_email=_manager_email(_given(line.manager_email)),
            followers=_typed_followers(_given(line.followers), now),
            videos=_typed_videos(_given(line.videos), now),
            audience=_audience({} if audience is None else audience),
        )
    # BadLine is a ValueError: a fault found here is worded by the careful reader, in its order.
    except (msgspec.MsgspecError, ValueError, OverflowError, RecursionError, _Unusual):
        return None


def _given[T](value: T | UnsetType) -> T | None:
    """A typed line's field as the careful reader takes it: left out and null are alike."""
    return None if value is UNSET else value


# The typed reader checks each list of a line at once, with C's help (map, zip, join, min, max): a Python
# loop over the videos and snapshots would cost several times msgspec's whole decoding.
def _typed_followers(snapshots: list[_TypedSnapshot] | None, now: _Now) -> tuple[SnapshotRecord, ...]:
    if not snapshots:
        return ()
    records = tuple(map(_tuple_new, repeat(SnapshotRecord), map(_struct_values, snapshots)))
    days = set(map(_first, records))
    if len(days) != len(records) or max(days) > now.latest_day:
        raise _Unusual
    return records


def _typed_videos(videos: list[_TypedVideo] | None, now: _Now) -> tuple[VideoRecord, ...]:
    if not videos:
        return ()
    ids, moments, views, likes, comments, shares, durations, captions = zip(
        *map(_struct_values, videos), strict=True
    )
    # msgspec has checked that each count is a whole number ≥ 0 and the views at most VIEWS_MAX. Within the
    # bound on interactions, each count also fits a bigint column. (A loop: cheaper here than map and min.)
    for video_views, video_likes, video_comments, video_shares in zip(
        views, likes, comments, shares, strict=True
    ):
        ceiling = video_views * _INTERACTIONS_FACTOR + _INTERACTIONS_SLACK
        if video_likes * 100 > ceiling or video_comments * 100 > ceiling or video_shares * 100 > ceiling:
            raise _Unusual
    # Ids of digits only, none empty; more digits than the largest id has are refused before int(), which
    # raises past 4,300 digits.
    digits = "".join(ids)
    if (
        not (digits.isascii() and digits.isdigit())
        or not 0 < min(map(len, ids)) <= max(map(len, ids)) <= _MAX_ID_DIGITS
    ):
        raise _Unusual
    video_ids = tuple(map(int, ids))
    if max(video_ids) > MAX_BIGINT or len(set(video_ids)) != len(video_ids):
        raise _Unusual
    if UNSET in durations:
        durations = tuple(None if duration is UNSET else duration for duration in durations)
    if None in captions or UNSET in captions:
        captions = tuple("" if caption is None or caption is UNSET else caption for caption in captions)
    text = "".join(captions)
    if (
        max(map(len, captions)) > CAPTION_MAX_LENGTH
        or "\x00" in text
        or not (text.isascii() or _encodes(text))
    ):
        raise _Unusual
    if not all_in_utc(moments):
        # Converted as the careful reader converts them; OverflowError near the ends of the calendar.
        moments = tuple(moment.astimezone(UTC) for moment in moments)
    if max(moments) >= now.posted_before:
        raise _Unusual
    rows = zip(video_ids, moments, views, likes, comments, shares, durations, captions, strict=True)
    return tuple(map(_tuple_new, repeat(VideoRecord), rows))


# tuple.__new__ with the class repeated: cheaper in map than the partials above.
_tuple_new = tuple.__new__
_first = itemgetter(0)
_tzinfo = attrgetter("tzinfo")
_ONLY_UTC = frozenset({UTC})


def all_in_utc(moments: Iterable[datetime]) -> bool:
    """Whether every one of these moments is in UTC (any zone of offset 0), checked in C; False for
    none."""
    return set(map(_tzinfo, moments)) == _ONLY_UTC


def _load_json(text: str) -> Any:
    try:
        return _load_compact_json(text)
    except _Unusual:
        pass
    try:
        return json.loads(text, object_pairs_hook=_no_duplicate_keys, parse_constant=_no_constants)
    except json.JSONDecodeError as error:
        raise BadLine(
            "",
            _("invalid JSON at column %(column)d: %(error)s") % {"column": error.colno, "error": error.msg},
        ) from None
    except (ValueError, RecursionError) as error:
        # The hooks' complaints, a number too long to convert, or nesting too deep.
        raise BadLine("", _("invalid JSON: %(error)s") % {"error": error}) from None


# What JSON counts as white space around a value (str.strip would take more than JSON does).
_JSON_SPACE = " \t\r\n"


def _load_compact_json(text: str) -> Any:
    """The value of a line written as orjson writes it (the generator's and most connectors' lines), at
    a fifth of the cost of `json.loads` with its checks; raises _Unusual for any other line.

    orjson alone would keep the last of two equal keys and reads a few things `json` refuses, so the
    value counts only if writing it back gives the very same bytes: then no key was dropped and
    nothing was read loosely. Every other line goes to the careful reader.
    """
    body = text.strip(_JSON_SPACE).encode("utf-8", "surrogatepass")
    try:
        value = orjson.loads(body)
    except orjson.JSONDecodeError:
        raise _Unusual from None
    if orjson.dumps(value) != body:
        raise _Unusual
    return value


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        # json.loads would silently keep the last one; a connector that repeats a key has a bug.
        seen: set[str] = set()
        key = next(key for key, _value in pairs if key in seen or seen.add(key))  # type: ignore[func-returns-value]
        raise ValueError(_("the key %(key)r appears twice") % {"key": key})
    return result


def _no_constants(name: str) -> Any:
    raise ValueError(_("%(name)s is not a number") % {"name": name})


def _handle(data: dict[str, Any]) -> str:
    return _handle_value(_required(data, "handle"))


def _handle_value(handle: Any) -> str:
    if not isinstance(handle, str):
        raise BadLine("handle", _("must be a string"))
    if not _HANDLE_RE.fullmatch(handle):
        raise BadLine(
            "handle",
            _("must be 2 to 64 lowercase letters, digits, '.' or '_'; got %(value)r")
            % {"value": handle[:80]},
        )
    return handle


def _creator(data: dict[str, Any], handle: str, now: _Now) -> CreatorRecord:
    display_name = _display_name(_required(data, "display_name"))
    record = CreatorRecord(
        handle=handle,
        display_name=display_name,
        country=_country(_required(data, "country")),
        categories=_categories(_required(data, "categories")),
        bio=_bio(data.get("bio")),
        avatar_url=_avatar_url(data.get("avatar_url")),
        languages=_languages(_optional(data, "languages", [])),
        verified=_verified(_optional(data, "verified", False)),
        manager_email=_manager_email(data.get("manager_email")),
        followers=_followers(_optional(data, "followers", []), now),
        videos=_videos(_optional(data, "videos", []), now),
        audience=_audience(_optional(data, "audience", {})),
    )
    _no_unknown_keys(data, REQUIRED_FIELDS + OPTIONAL_FIELDS, "")
    return record


def _display_name(value: Any) -> str:
    display_name = _text(value, "display_name")
    if not display_name.strip():
        raise BadLine("display_name", _("must not be blank"))
    if len(display_name) > DISPLAY_NAME_MAX_LENGTH:
        raise BadLine(
            "display_name", _("must be at most %(max)d characters") % {"max": DISPLAY_NAME_MAX_LENGTH}
        )
    return display_name


def _required(data: dict[str, Any], key: str, prefix: str = "") -> Any:
    if data.get(key) is None:
        raise BadLine(f"{prefix}{key}", _("is required"))
    return data[key]


def _optional(data: dict[str, Any], key: str, default: Any) -> Any:
    # An optional field may be left out or null, alike.
    value = data.get(key)
    return default if value is None else value


def _no_unknown_keys(data: dict[str, Any], known: tuple[str, ...], prefix: str) -> None:
    # A misspelt key ("follower") would otherwise import as if the data were absent.
    for key in data:
        if key not in known:
            raise BadLine(f"{prefix}{key}", _("unknown field"))


def _text(value: Any, field: str) -> str:
    if not isinstance(value, str):
        raise BadLine(field, _("must be a string"))
    if "\x00" in value:
        # PostgreSQL cannot store NUL in text; refuse it here so every database behaves alike.
        raise BadLine(field, _("must not contain NUL characters"))
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        # Lone surrogates: undecodable bytes in the file, or a broken \ud800 escape.
        raise BadLine(field, _("is not valid UTF-8 text")) from None
    return value


def _optional_text(value: Any, field: str) -> str:
    return "" if value is None else _text(value, field)


def _bio(value: Any) -> str:
    bio = _optional_text(value, "bio")
    if len(bio) > BIO_MAX_LENGTH:
        raise BadLine("bio", _("must be at most %(max)d characters") % {"max": BIO_MAX_LENGTH})
    return bio


def _country(value: Any) -> str:
    if not isinstance(value, str):
        raise BadLine("country", _("must be a string"))
    if not _is_country_code(value):
        raise BadLine("country", _("%(value)r is not an ISO 3166-1 alpha-2 country code") % {"value": value})
    if value not in settings.SERVED_MARKETS:
        raise BadLine(
            "country",
            _("%(value)s is not one of the markets Vetrina serves (%(markets)s)")
            % {"value": value, "markets": ", ".join(settings.SERVED_MARKETS)},
        )
    return value


@lru_cache(maxsize=1024)
def _is_country_code(value: str) -> bool:
    # Exactly the upper-case code: `countries` also answers to "us" and "USA". Remembered: asking
    # `countries` costs a few microseconds, and a line asks about its own country and each of its
    # audience's, a hundred thousand lines about the same few hundred codes.
    return len(value) == 2 and value.isupper() and value in countries


def _categories(value: Any) -> tuple[str, ...]:
    items = _list(value, "categories")
    if not items:
        raise BadLine("categories", _("must list at least one category"))
    for index, category in enumerate(items):
        field = f"categories[{index}]"
        if not isinstance(category, str):
            raise BadLine(field, _("must be a string"))
        if category not in CATEGORIES:
            raise BadLine(field, _("unknown category %(value)r") % {"value": category})
        if category in items[:index]:
            raise BadLine(field, _("%(value)r is listed twice") % {"value": category})
    return tuple(items)


def _languages(value: Any) -> tuple[str, ...]:
    items = _list(value, "languages")
    for index, language in enumerate(items):
        field = f"languages[{index}]"
        if not isinstance(language, str):
            raise BadLine(field, _("must be a string"))
        if not _is_language_code(language):
            raise BadLine(
                field, _("%(value)r is not a language code such as en or zh-TW") % {"value": language}
            )
        if language in items[:index]:
            raise BadLine(field, _("%(value)r is listed twice") % {"value": language})
    return tuple(items)


@lru_cache(maxsize=1024)
def _is_language_code(value: str) -> bool:
    """A language (ISO 639), optionally with a script and a region: en, en-GB, zh_Hant_TW.

    Remembered, as `_is_country_code` is: a hundred thousand lines name the same few dozen languages, and
    Babel's parsing and CLDR's lists cost about 7 µs a code."""
    # Babel's Locale.parse would also take "und", "en_ZZ" or "en_US.UTF-8" (it falls back to likely
    # locales), so check each part against CLDR's names instead.
    if not _LANGUAGE_TAG_RE.fullmatch(value):
        return False
    try:
        language, territory, script, variant = parse_locale(value.replace("-", "_"))[:4]
    except ValueError:
        return False
    names = _english()
    return (
        language in names.languages
        and language != "und"
        and (script is None or script in names.scripts)
        and (territory is None or (territory in names.territories and territory != "ZZ"))
        and variant is None
    )


@cache
def _english() -> Locale:
    # CLDR's English names are the list of known languages, scripts and regions.
    return Locale("en")


def _verified(value: Any) -> bool:
    if not isinstance(value, bool):
        raise BadLine("verified", _("must be true or false"))
    return value


def _manager_email(value: Any) -> str:
    email = _optional_text(value, "manager_email")
    if not email:
        return ""
    try:
        if len(email) > EMAIL_MAX_LENGTH or not _PLAIN_EMAIL_RE.fullmatch(email):
            _email_validator(email)
    except ValidationError:
        raise BadLine(
            "manager_email", _("%(value)r is not an e-mail address") % {"value": email[:80]}
        ) from None
    if len(email) > EMAIL_MAX_LENGTH:
        raise BadLine("manager_email", _("must be at most %(max)d characters") % {"max": EMAIL_MAX_LENGTH})
    return email


def _avatar_url(value: Any) -> str:
    url = _optional_text(value, "avatar_url")
    if not url:
        return ""
    if len(url) > AVATAR_URL_MAX_LENGTH:
        raise BadLine("avatar_url", _("must be at most %(max)d characters") % {"max": AVATAR_URL_MAX_LENGTH})
    try:
        _avatar_validator(url)
    except ValidationError:
        raise BadLine(
            "avatar_url", _("%(value)r is not an http:// or https:// address") % {"value": url[:80]}
        ) from None
    return url


def _list(value: Any, field: str) -> list[Any]:
    if not isinstance(value, list):
        raise BadLine(field, _("must be a list"))
    return value


def _object(value: Any, field: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise BadLine(field, _("must be an object"))
    return value


def _count(value: Any, field: str, *, maximum: int = MAX_BIGINT) -> int:
    # bool is an int to Python, but `true` is not a count.
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise BadLine(field, _("must be a whole number ≥ 0"))
    if value > maximum:
        raise BadLine(field, _("must be at most %(max)d") % {"max": maximum})
    return value


def _followers(value: Any, now: _Now) -> tuple[SnapshotRecord, ...]:
    # Most lines are clean, and a line holds hundreds of snapshots and videos: read them with a
    # tight loop first, and only on a surprise with the careful one that says what is wrong.
    try:
        return _followers_fast(value, now)
    except _Unusual:
        return _followers_checked(value, now)


def _followers_fast(value: Any, now: _Now) -> tuple[SnapshotRecord, ...]:
    if type(value) is not list:
        raise _Unusual
    snapshots = []
    for entry in value:
        if type(entry) is not dict or len(entry) != 2:
            raise _Unusual
        try:
            text, count = entry["date"], entry["count"]
        except KeyError:
            raise _Unusual from None
        # With the dashes in place, fromisoformat takes nothing but YYYY-MM-DD.
        if type(text) is not str or len(text) != 10 or text[4] != "-" or text[7] != "-":
            raise _Unusual
        if type(count) is not int or not 0 <= count <= FOLLOWERS_MAX:
            raise _Unusual
        try:
            snapshots.append(_new_snapshot((_iso_date(text), count)))
        except ValueError:
            raise _Unusual from None
    days = {snapshot.date for snapshot in snapshots}
    # Once for the line, not once a snapshot: a line holds hundreds.
    if len(days) != len(snapshots) or (days and max(days) > now.latest_day):
        raise _Unusual
    return tuple(snapshots)


@lru_cache(maxsize=4096)
def _iso_date(text: str) -> date:
    # Every creator of a file lists the same few hundred days: parse each once.
    return date.fromisoformat(text)


def _followers_checked(value: Any, now: _Now) -> tuple[SnapshotRecord, ...]:
    snapshots: list[SnapshotRecord] = []
    seen: set[date] = set()
    for index, item in enumerate(_list(value, "followers")):
        prefix = f"followers[{index}]"
        entry = _object(item, prefix)
        day = _date(_required(entry, "date", f"{prefix}."), f"{prefix}.date")
        if day in seen:
            raise BadLine(f"{prefix}.date", _("%(date)s is listed twice") % {"date": day.isoformat()})
        seen.add(day)
        if day > now.latest_day:
            raise BadLine(
                f"{prefix}.date",
                _("%(date)s is in the future: the import runs on %(today)s")
                % {"date": day.isoformat(), "today": now.moment.astimezone(UTC).date().isoformat()},
            )
        count = _count(_required(entry, "count", f"{prefix}."), f"{prefix}.count")
        if count > FOLLOWERS_MAX:
            raise BadLine(
                f"{prefix}.count",
                _("must be at most %(max)d: no account has nearly that many followers")
                % {"max": FOLLOWERS_MAX},
            )
        _no_unknown_keys(entry, SNAPSHOT_FIELDS, f"{prefix}.")
        snapshots.append(SnapshotRecord(date=day, count=count))
    return tuple(snapshots)


def _date(value: Any, field: str) -> date:
    # date.fromisoformat alone would also take "20261001" or "2026-W40-1".
    if isinstance(value, str) and _DATE_RE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise BadLine(field, _("must be a date written YYYY-MM-DD"))


def _videos(value: Any, now: _Now) -> tuple[VideoRecord, ...]:
    try:
        return _videos_fast(value, now)
    except _Unusual:
        return _videos_checked(value, now)


_VIDEO_KEYS = frozenset(VIDEO_FIELDS)
_COUNT_KEYS = ("views", "likes", "comments", "shares")


def _videos_fast(value: Any, now: _Now) -> tuple[VideoRecord, ...]:
    if type(value) is not list:
        raise _Unusual
    posted_before = now.posted_before
    videos = []
    for entry in value:
        if type(entry) is not dict or not entry.keys() <= _VIDEO_KEYS:
            raise _Unusual
        try:
            raw_id, posted, views, likes, comments, shares = (
                entry["id"],
                entry["posted_at"],
                entry["views"],
                entry["likes"],
                entry["comments"],
                entry["shares"],
            )
        except KeyError:
            raise _Unusual from None
        if type(raw_id) is not str or not (raw_id.isascii() and raw_id.isdigit()):
            raise _Unusual
        if (
            type(views) is not int
            or type(likes) is not int
            or type(comments) is not int
            or type(shares) is not int
        ):
            raise _Unusual
        # _interactions_over_views, inlined: this loop runs for every video of a file. Within these bounds
        # each count also fits a bigint column (views up to VIEWS_MAX, the others about 1.1 times that).
        ceiling = views * _INTERACTIONS_FACTOR + _INTERACTIONS_SLACK
        if (
            views < 0
            or likes < 0
            or comments < 0
            or shares < 0
            or views > VIEWS_MAX
            or likes * 100 > ceiling
            or comments * 100 > ceiling
            or shares * 100 > ceiling
        ):
            raise _Unusual
        duration = entry.get("duration_s")
        if duration is not None and (type(duration) is not int or not 0 <= duration <= MAX_DURATION_S):
            raise _Unusual
        caption = entry.get("caption")
        if caption is None:
            caption = ""
        elif (
            type(caption) is not str
            or len(caption) > CAPTION_MAX_LENGTH
            or "\x00" in caption
            or not (caption.isascii() or _encodes(caption))
        ):
            raise _Unusual
        # More digits than the largest id has: refused before int(), which raises past 4,300 digits.
        if len(raw_id) > _MAX_ID_DIGITS:
            raise _Unusual
        video_id = int(raw_id)
        if video_id > MAX_BIGINT or type(posted) is not str:
            raise _Unusual
        try:
            moment = datetime.fromisoformat(posted)
            if moment.tzinfo is not UTC:
                if moment.utcoffset() is None:
                    raise _Unusual
                moment = moment.astimezone(UTC)
        except (ValueError, OverflowError):
            raise _Unusual from None
        if moment >= posted_before:
            raise _Unusual
        videos.append(_new_video((video_id, moment, views, likes, comments, shares, duration, caption)))
    if len({video[0] for video in videos}) != len(videos):  # video[0]: its id
        raise _Unusual
    return tuple(videos)


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _interactions_over_views(views: int, interactions: int) -> bool:
    """Whether likes, comments or shares this many are implausible on a video with these views."""
    return interactions * 100 > views * _INTERACTIONS_FACTOR + _INTERACTIONS_SLACK


def _videos_checked(value: Any, now: _Now) -> tuple[VideoRecord, ...]:
    videos: list[VideoRecord] = []
    seen: set[int] = set()
    for index, item in enumerate(_list(value, "videos")):
        prefix = f"videos[{index}]"
        entry = _object(item, prefix)
        video_id = _video_id(_required(entry, "id", f"{prefix}."), f"{prefix}.id")
        if video_id in seen:
            raise BadLine(f"{prefix}.id", _("video %(id)d is listed twice") % {"id": video_id})
        seen.add(video_id)
        duration = entry.get("duration_s")
        video = VideoRecord(
            id=video_id,
            posted_at=_posted_at(_required(entry, "posted_at", f"{prefix}."), f"{prefix}.posted_at"),
            views=_required_count(entry, "views", prefix),
            likes=_required_count(entry, "likes", prefix),
            comments=_required_count(entry, "comments", prefix),
            shares=_required_count(entry, "shares", prefix),
            duration_s=None
            if duration is None
            else _count(duration, f"{prefix}.duration_s", maximum=MAX_DURATION_S),
            caption=_optional_text(entry.get("caption"), f"{prefix}.caption"),
        )
        _no_unknown_keys(entry, VIDEO_FIELDS, f"{prefix}.")
        _video_plausible(video, prefix, now)
        videos.append(video)
    return tuple(videos)


def _video_plausible(video: VideoRecord, prefix: str, now: _Now) -> None:
    if video.posted_at >= now.posted_before:
        raise BadLine(
            f"{prefix}.posted_at",
            _("%(moment)s is in the future: the import runs on %(today)s")
            % {"moment": video.posted_at.isoformat(), "today": now.moment.astimezone(UTC).date().isoformat()},
        )
    if video.views > VIEWS_MAX:
        raise BadLine(
            f"{prefix}.views",
            _("must be at most %(max)d: no video has nearly that many views") % {"max": VIEWS_MAX},
        )
    for key in ("likes", "comments", "shares"):
        count = getattr(video, key)
        if _interactions_over_views(video.views, count):
            raise BadLine(
                f"{prefix}.{key}",
                _(
                    "%(count)d is far more than the video's %(views)d views (at most the views plus "
                    "%(percent)d%% and %(slack)d more)"
                )
                % {
                    "count": count,
                    "views": video.views,
                    "percent": INTERACTIONS_OVER_VIEWS_PERCENT,
                    "slack": INTERACTIONS_OVER_VIEWS_SLACK,
                },
            )
    if len(video.caption) > CAPTION_MAX_LENGTH:
        raise BadLine(
            f"{prefix}.caption", _("must be at most %(max)d characters") % {"max": CAPTION_MAX_LENGTH}
        )


def _required_count(entry: dict[str, Any], key: str, prefix: str) -> int:
    return _count(_required(entry, key, f"{prefix}."), f"{prefix}.{key}")


def _video_id(value: Any, field: str) -> int:
    # Ids are strings because TikTok's 19-digit ids do not survive a trip through a JSON number
    # in most languages; they compare as numbers, so they are stored as one.
    if not isinstance(value, str) or not _DIGITS_RE.fullmatch(value):
        raise BadLine(field, _("must be a string of digits"))
    # Python's int() refuses strings of over 4,300 digits: such an id is too large, said as for any other.
    significant = value.lstrip("0") or "0"
    if len(significant) > _MAX_ID_DIGITS:
        raise BadLine(field, _("must be at most %(max)d") % {"max": MAX_BIGINT})
    number = int(significant)
    if number > MAX_BIGINT:
        raise BadLine(field, _("must be at most %(max)d") % {"max": MAX_BIGINT})
    return number


def _posted_at(value: Any, field: str) -> datetime:
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
            if moment.utcoffset() is not None:
                return moment.astimezone(UTC)
        except (ValueError, OverflowError):
            pass
    raise BadLine(field, _("must be an ISO 8601 date and time with a time zone, e.g. 2026-10-02T18:00:00Z"))


def _audience(value: Any) -> AudienceRecord:
    dimensions = _object(value, "audience")
    fixed: dict[str, dict[str, float]] = {}
    country: dict[str, float] | None = None
    for dimension, buckets in dimensions.items():
        prefix = f"audience.{dimension}"
        if dimension not in AUDIENCE_DIMENSIONS:
            raise BadLine(
                prefix,
                _("unknown dimension; expected one of %(dimensions)s")
                % {"dimensions": ", ".join(AUDIENCE_DIMENSIONS)},
            )
        shares = _shares(_object(buckets, prefix), prefix, dimension)
        if dimension == "country":
            country = shares
        else:
            # A bucket the line leaves out is a share of 0, so the stored dimension is whole.
            fixed[dimension] = {bucket: shares.get(bucket, 0.0) for bucket in FIXED_DIMENSIONS[dimension]}
    return AudienceRecord(fixed=fixed, country=country)


def _shares(buckets: dict[str, Any], prefix: str, dimension: str) -> dict[str, float]:
    shares: dict[str, float] = {}
    known = None if dimension == "country" else FIXED_DIMENSIONS[dimension]
    for bucket, share in buckets.items():
        # The field is named only for a fault: a line has some thirty shares, nearly every line all good.
        if known is None:
            if not _is_country_code(bucket):
                raise BadLine(
                    f"{prefix}.{bucket}",
                    _("%(value)r is not an ISO 3166-1 alpha-2 country code") % {"value": bucket},
                )
        elif bucket not in known:
            raise BadLine(
                f"{prefix}.{bucket}",
                _("unknown bucket; expected one of %(buckets)s") % {"buckets": ", ".join(known)},
            )
        # A float, the usual share, is checked without isinstance's calls (bool is an int, not a float).
        if (
            type(share) is not float and (isinstance(share, bool) or not isinstance(share, int | float))
        ) or not 0 <= share <= 1:
            raise BadLine(f"{prefix}.{bucket}", _("must be a number from 0 to 1"))
        shares[bucket] = float(share)
    total = math.fsum(shares.values())
    if abs(total - 1) > SHARE_SUM_TOLERANCE:
        raise BadLine(
            prefix,
            _("shares must add up to 1 (±0.01); they add up to %(total)s") % {"total": round(total, 6)},
        )
    return shares
