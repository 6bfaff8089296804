"""The search parameters of docs/api.md: one definition for the page and the API.

`SearchFilters` is the API's query schema (and so its OpenAPI description) and what the page validates
its URL with; `search.selectors` turns it into one query. Shares and rates are fractions (0.3 is 30 %)
in both, so a page's address and an API call take the same query string.
"""

from collections.abc import Collection, Iterable
from enum import StrEnum
from typing import Annotated, Any

from django.http import QueryDict
from django.utils.translation import gettext as _
from django_countries import countries
from pydantic import BaseModel, Field, ValidationError, field_validator, model_validator
from pydantic_core import ErrorDetails, PydanticCustomError

from vetrina.lib.audience import AGE_BRACKETS, DEVICES, GENDERS
from vetrina.lib.categories import CATEGORIES
from vetrina.lib.formatting import exact_percent

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
MAX_BIGINT = 2**63 - 1


class Sort(StrEnum):
    """Descending by default; `-` for ascending. Undefined numbers last either way; ties by handle."""

    FOLLOWERS = "followers"
    FOLLOWERS_ASCENDING = "-followers"
    AVG_VIEWS = "avg_views"
    AVG_VIEWS_ASCENDING = "-avg_views"
    ENGAGEMENT_RATE = "engagement_rate"
    ENGAGEMENT_RATE_ASCENDING = "-engagement_rate"
    GROWTH = "growth"
    GROWTH_ASCENDING = "-growth"
    AUTHENTICITY = "authenticity"
    AUTHENTICITY_ASCENDING = "-authenticity"

    @property
    def key(self) -> str:
        return self.value.removeprefix("-")

    @property
    def ascending(self) -> bool:
        return self.value.startswith("-")


# The Creator column behind each sort key.
SORT_COLUMNS = {
    "followers": "reach",
    "avg_views": "avg_views",
    "engagement_rate": "engagement_rate",
    "growth": "follower_growth_rate_30d",
    "authenticity": "authenticity_score",
}

AgeBracket = StrEnum("AgeBracket", {bracket: bracket for bracket in AGE_BRACKETS})  # type: ignore[misc]
Gender = StrEnum("Gender", {gender: gender for gender in GENDERS})  # type: ignore[misc]
Device = StrEnum("Device", {device: device for device in DEVICES})  # type: ignore[misc]

Share = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
Count = Annotated[int, Field(ge=0, le=MAX_BIGINT)]
Number = Annotated[float, Field(ge=0, allow_inf_nan=False)]

# Parameters that take several values; the others take one (the last one given wins, as in Django).
LIST_PARAMETERS = ("country", "category")


class SearchFilters(BaseModel):
    q: str = Field(
        "",
        max_length=200,
        description="Every word must start a word of the handle, name, bio or a video's caption, or (from three "
        "letters) of the name of one of the creator's categories in English or Italian. A #hashtag or an "
        "@mention must be one of the captions' own, whole (#cat never finds #catlover), ignoring case.",
    )
    country: list[str] = Field([], description="The creator's country (ISO 3166-1 alpha-2); any of them.")
    category: list[str] = Field([], description=f"Any of the categories: {', '.join(CATEGORIES)}.")
    followers_min: Count | None = Field(None, description="Reach (latest follower count), inclusive.")
    followers_max: Count | None = None
    avg_views_min: Number | None = Field(None, description="Average views of the last 30 videos, inclusive.")
    avg_views_max: Number | None = None
    er_min: Share | None = Field(None, description="Engagement rate of the last 30 videos, a fraction.")
    authenticity_min: Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)] | None = Field(
        None, description="Authenticity score, 0-100."
    )
    audience_country: str | None = Field(None, description="An audience country (ISO 3166-1 alpha-2).")
    audience_country_min: Share | None = Field(
        None, description="Least share of the audience in `audience_country`; a missing country is 0."
    )
    audience_age: AgeBracket | None = None
    audience_age_min: Share | None = None
    audience_gender: Gender | None = None
    audience_gender_min: Share | None = None
    audience_device: Device | None = None
    audience_device_min: Share | None = None
    audience_active_min: Share | None = Field(None, description="Least share of the audience that is active.")
    sort: Sort = Sort.FOLLOWERS
    page: Annotated[int, Field(ge=1, le=1_000_000)] = 1
    page_size: Annotated[int, Field(ge=1, le=MAX_PAGE_SIZE)] = DEFAULT_PAGE_SIZE

    @model_validator(mode="before")
    @classmethod
    def _blank_is_absent(cls, data: Any) -> Any:
        # A form sends its empty fields as "": they mean "no filter", not a bad value.
        if not isinstance(data, dict):
            return data
        cleaned: dict[str, Any] = {}
        for name, value in data.items():
            if isinstance(value, list):
                value = [item for item in value if not (isinstance(item, str) and not item.strip())]
            elif isinstance(value, str) and not value.strip():
                continue
            cleaned[name] = value.strip() if isinstance(value, str) else value
        return cleaned

    @field_validator("country")
    @classmethod
    def _countries(cls, values: list[str]) -> list[str]:
        return _distinct(_country_code(value) for value in values)

    @field_validator("audience_country")
    @classmethod
    def _audience_country(cls, value: str | None) -> str | None:
        return None if value is None else _country_code(value)

    @field_validator("category")
    @classmethod
    def _categories(cls, values: list[str]) -> list[str]:
        for value in values:
            if value not in CATEGORIES:
                raise _invalid(_("%(value)r is not a category.") % {"value": value})
        return _distinct(values)

    @field_validator("audience_country_min", "audience_age_min", "audience_gender_min", "audience_device_min")
    @classmethod
    def _needs_its_bucket(cls, value: float | None, info: Any) -> float | None:
        # A share needs the bucket it is a share of; the bucket is declared just before it.
        bucket = info.field_name.removesuffix("_min")
        if value is not None and info.data.get(bucket) is None:
            raise _invalid(_("Choose %(what)s for this share.") % {"what": BUCKET_NAMES[bucket]()})
        return value

    def query_items(self) -> list[tuple[str, str]]:
        """The filters as query-string pairs, defaults left out: the search's canonical address."""
        items: list[tuple[str, str]] = []
        for name in type(self).model_fields:
            value = getattr(self, name)
            if name in LIST_PARAMETERS:
                items.extend((name, item) for item in value)
            elif (
                value is None
                or value == ""
                or (name == "sort" and value == Sort.FOLLOWERS)
                or (name == "page" and value == 1)
                or (name == "page_size" and value == DEFAULT_PAGE_SIZE)
            ):
                continue
            else:
                items.append((name, _text(value)))
        return items


BUCKET_NAMES = {
    "audience_country": lambda: _("an audience country"),
    "audience_age": lambda: _("an age bracket"),
    "audience_gender": lambda: _("a gender"),
    "audience_device": lambda: _("a device"),
}


def _text(value: Any) -> str:
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, float):
        return repr(value).removesuffix(".0") if value.is_integer() else repr(value)
    return str(value)


def _country_code(value: str) -> str:
    code = value.strip().upper()
    if code not in countries:
        raise _invalid(_("%(value)r is not an ISO 3166-1 alpha-2 country code.") % {"value": value})
    return code


def _invalid(message: str) -> PydanticCustomError:
    # A message of our own, for people, without pydantic's "Value error, " in front.
    return PydanticCustomError("invalid", "{message}", {"message": message})


def _distinct(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


def filters_from(query: QueryDict) -> SearchFilters:
    """The filters of a page's query string; raises pydantic's ValidationError. Unknown parameters are
    ignored, like the API's."""
    data: dict[str, Any] = {}
    for name in SearchFilters.model_fields:
        if name in LIST_PARAMETERS:
            data[name] = query.getlist(name)
        elif name in query:
            data[name] = query[name]
    return SearchFilters.model_validate(data)


def field_errors(error: ValidationError, *, in_percent: Collection[str] = ()) -> dict[str, list[str]]:
    """Pydantic's errors as messages for people, by parameter. The fields named in `in_percent` are
    typed as percentages (the search page's shares and rates): their limits are given as such."""
    errors: dict[str, list[str]] = {}
    for detail in error.errors():
        field = str(detail["loc"][0]) if detail["loc"] else ""
        errors.setdefault(field, []).append(_message(detail, in_percent=field in in_percent))
    return errors


def _message(detail: ErrorDetails, *, in_percent: bool) -> str:
    kind = detail["type"]
    context = detail.get("ctx") or {}

    def limit(value: Any) -> Any:
        return exact_percent(float(value)) if in_percent else value

    if kind == "invalid":
        return str(context["message"])
    if kind in ("int_parsing", "int_from_float"):
        return _("Enter a whole number.")
    if kind in ("float_parsing", "finite_number"):
        return _("Enter a number.")
    if kind == "greater_than_equal":
        return _("Enter %(limit)s or more.") % {"limit": limit(context["ge"])}
    if kind == "less_than_equal":
        return _("Enter %(limit)s or less.") % {"limit": limit(context["le"])}
    if kind == "enum":
        return _("Choose one of: %(values)s.") % {"values": context.get("expected", "")}
    if kind == "string_too_long":
        return _("Enter at most %(limit)s characters.") % {"limit": context["max_length"]}
    return str(detail["msg"])
