"""Similar creators (docs/numbers.md, "Similar creators"): the verified creators taking requests most like
one creator, by what a brand looking for another creator like this one weighs: the same categories, an
audience alike (age, gender, device and country shares), about the same size, about the same engagement.

Two steps, so that a lookup stays within a few milliseconds at 100,000 creators:
1. the database narrows the field to creators whose first category is one of this creator's, within
   a tier (a factor of ten in reach) either side, and of those the WINDOW nearest in reach on either
   side for each category; it orders them by a cheap distance over the stored shares and the reach,
   all read from one index (metrics migration 0004); the nearest CANDIDATES come back;
2. those are scored exactly (`similarity`), with their audience countries, and the best kept.
A creator far off on the cheap distance cannot score high on the exact one, which weighs the same
shares, so the first step loses nothing a reader would miss.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.db import connection

from vetrina.creators.audience import SHARE_COLUMNS
from vetrina.creators.models import AudienceCountry, Creator

CANDIDATES = 60
# Creators nearest in reach read on each side, for each category (step 1).
WINDOW = 500
MAX_LIMIT = 50
DEFAULT_LIMIT = 10
# Reach within a tier either side: a tenth to ten times this creator's followers.
REACH_FACTOR = 10
# How much each part weighs in the similarity; a part that cannot be computed (no audience, no
# engagement rate) is left out and the others share its weight.
WEIGHTS = {"audience": 0.4, "categories": 0.2, "size": 0.25, "engagement": 0.15}
# The audience dimensions compared beside the countries; activity says more about the account than
# about who watches.
DIMENSIONS = ("age", "gender", "device")
DIMENSION_COLUMNS = tuple(tuple(SHARE_COLUMNS[dimension].values()) for dimension in DIMENSIONS)
SHARES = tuple(column for columns in DIMENSION_COLUMNS for column in columns)

type Shares = Mapping[str, float]


@dataclass(frozen=True)
class Similar:
    handle: str
    display_name: str
    country: str
    categories: list[str]
    reach: int
    engagement_rate: float | None
    authenticity_score: float | None
    similarity: float  # 0 to 1
    shared_categories: tuple[str, ...]  # in the other creator's order
    same_categories: bool
    audience_alike: float | None  # 0 to 1; None when either audience is unknown
    reach_ratio: float  # the other's reach over this creator's
    avatar_url: str = ""  # the face the list shows (creators/_avatar.html)


def total_variation(a: Shares, b: Shares) -> float:
    """Half the sum of the share differences: 0 for the same split, 1 for nothing in common."""
    return sum(abs(a.get(key, 0.0) - b.get(key, 0.0)) for key in a.keys() | b.keys()) / 2


def audience_alike(
    a: Sequence[Sequence[float] | None],
    b: Sequence[Sequence[float] | None],
    a_countries: Shares | None,
    b_countries: Shares | None,
) -> float | None:
    """1 minus the mean total variation distance over the dimensions both audiences have: the fixed
    dimensions as tuples of shares (`_dimensions`), then the countries by code."""
    distances = [
        sum(abs(x - y) for x, y in zip(a_shares, b_shares, strict=True)) / 2
        for a_shares, b_shares in zip(a, b, strict=True)
        if a_shares is not None and b_shares is not None
    ]
    if a_countries and b_countries:
        distances.append(total_variation(a_countries, b_countries))
    return 1 - sum(distances) / len(distances) if distances else None


def _closeness(a: float | None, b: float | None) -> float | None:
    """The smaller over the larger: 1 for equal values; None when either is missing or not positive."""
    if a is None or b is None or a <= 0 or b <= 0:
        return None
    return min(a, b) / max(a, b)


def similarity(
    *,
    categories: tuple[Iterable[str], Iterable[str]],
    alike: float | None,
    reaches: tuple[int, int],
    engagement_rates: tuple[float | None, float | None],
) -> float:
    """The weighted mean of the parts that can be computed (WEIGHTS), from 0 to 1; `alike` is
    `audience_alike` of the two audiences."""
    mine, theirs = set(categories[0]), set(categories[1])
    parts = {
        "audience": alike,
        "categories": len(mine & theirs) / len(mine | theirs) if mine | theirs else None,
        "size": _closeness(*reaches),
        "engagement": _closeness(*engagement_rates),
    }
    known = {name: value for name, value in parts.items() if value is not None}
    weight = sum(WEIGHTS[name] for name in known)
    return sum(WEIGHTS[name] * value for name, value in known.items()) / weight if weight else 0.0


def _dimensions(shares: Sequence[float | None]) -> list[tuple[float, ...] | None]:
    """One creator's share columns (SHARES order) as a tuple per dimension of DIMENSIONS; None for a
    dimension never imported, a missing bucket of a known one being a share of 0."""
    found: list[tuple[float, ...] | None] = []
    position = 0
    for columns in DIMENSION_COLUMNS:
        values = shares[position : position + len(columns)]
        position += len(columns)
        missing = all(value is None for value in values)
        found.append(None if missing else tuple(value or 0.0 for value in values))
    return found


def _nearest_ids(creator: Creator) -> list[int]:
    """Step 1: the ids of the CANDIDATES nearest by the cheap distance among, for each of the creator's
    categories, the WINDOW creators nearest in reach on either side. Each window is a walk along the
    similar_candidates index in reach order, so the work stays the same whatever the number of
    creators (a distance over every creator of a popular category took 300 ms at 100,000).
    Written as SQL because the ORM spent longer building this than the database spends running it."""
    assert creator.reach is not None
    reach = float(creator.reach)
    columns = ", ".join(("id", "reach", *SHARES))
    windows: list[str] = []
    window_params: list[object] = []
    for number, category in enumerate(dict.fromkeys(creator.categories)):
        for side, (lowest, highest, order) in enumerate(
            ((reach, reach * REACH_FACTOR, "ASC"), (reach / REACH_FACTOR, reach, "DESC"))
        ):
            # Above: reach from R up; below: under R. R itself is in the first window only.
            upper = "<=" if side == 0 else "<"
            windows.append(
                f"SELECT * FROM (SELECT {columns} FROM creators_creator WHERE primary_category = %s "
                f"AND verified = %s AND reach >= %s AND reach {upper} %s AND id <> %s "
                f"ORDER BY reach {order} LIMIT {WINDOW}) AS window_{number}_{side}"
            )
            window_params += [category, True, lowest, highest, creator.pk]
    # Creators who paused requests are not suggested, as search does not find them (docs/creators-joining.md).
    # They are few, read through their own partial index and left out by id after the windows: a
    # condition on `requests_paused` inside a window would take it off the similar_candidates index.
    paused = list(Creator.objects.filter(requests_paused=True).order_by().values_list("pk", flat=True))
    taking_requests = f"WHERE id NOT IN ({', '.join(['%s'] * len(paused))}) " if paused else ""
    own = [(column, value) for column in SHARES if (value := getattr(creator, column)) is not None]
    terms = [f"ABS(COALESCE({column}, 0) - %s)" for column, _value in own]
    distance = " + ".join([*terms, "ABS(reach - %s) / (reach + %s)"])
    sql = (
        f"SELECT id FROM ({' UNION ALL '.join(windows)}) AS near "
        f"{taking_requests}ORDER BY {distance}, id LIMIT {CANDIDATES}"
    )
    params = [*window_params, *paused, *(value for _column, value in own), reach, reach]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


RESULT_FIELDS = (
    "handle",
    "display_name",
    "country",
    "categories",
    "reach",
    "engagement_rate",
    "authenticity_score",
    "avatar_url",
)


def similar_creators(creator: Creator, *, limit: int = DEFAULT_LIMIT) -> list[Similar]:
    """The verified creators taking requests most like `creator`, most alike first; [] when it has no reach or no
    category to compare by."""
    if creator.reach is None or not creator.categories:
        return []
    nearest = _nearest_ids(creator)
    rows = Creator.objects.filter(pk__in=nearest).values_list("pk", *RESULT_FIELDS, *SHARES)
    countries: defaultdict[int, dict[str, float]] = defaultdict(dict)
    for creator_id, country, share in AudienceCountry.objects.filter(
        creator_id__in=[creator.pk, *nearest]
    ).values_list("creator_id", "country", "share"):
        countries[creator_id][country] = share
    own_dimensions = _dimensions([getattr(creator, column) for column in SHARES])
    own_countries = countries.get(creator.pk)
    mine = set(creator.categories)
    scored = []
    for pk, handle, name, country, categories, reach, engagement_rate, authenticity, avatar, *shares in rows:
        alike = audience_alike(own_dimensions, _dimensions(shares), own_countries, countries.get(pk))
        scored.append(
            Similar(
                handle=handle,
                display_name=name,
                country=str(country),
                categories=categories,
                reach=reach,
                engagement_rate=engagement_rate,
                authenticity_score=authenticity,
                similarity=similarity(
                    categories=(creator.categories, categories),
                    alike=alike,
                    reaches=(creator.reach, reach),
                    engagement_rates=(creator.engagement_rate, engagement_rate),
                ),
                shared_categories=tuple(category for category in categories if category in mine),
                same_categories=set(categories) == mine,
                audience_alike=alike,
                reach_ratio=reach / creator.reach,
                avatar_url=avatar,
            )
        )
    scored.sort(key=lambda found: (-found.similarity, found.handle))
    return scored[:limit]
