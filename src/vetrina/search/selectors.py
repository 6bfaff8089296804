"""Creator search (docs/api.md): the filters as one query, read by the page and the API."""

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OrderBy,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.expressions import RawSQL
from django.db.models.lookups import GreaterThan, GreaterThanOrEqual, In
from django.utils import translation
from django.utils.translation import gettext as _

from vetrina.accounts.access import may_browse_creators
from vetrina.creators.audience import share_column
from vetrina.creators.models import AudienceCountry, Creator, Video
from vetrina.lib.categories import CATEGORIES
from vetrina.search.filters import SORT_COLUMNS, SearchFilters, Sort
from vetrina.search.indexes import TAGS_TABLE, WHOLE_WORDS, WORD_PREFIX_CHARS, WORDS_TABLE
from vetrina.search.indexing import CATEGORY_BITS, QueryTerms, category_mask, query_terms, terms_held, words

# What a card shows (docs/api.md), and nothing more is read; the id keys the card's Add to list.
CARD_FIELDS = (
    "id",
    "handle",
    "display_name",
    "avatar_url",  # the card's face (creators/_avatar.html)
    "country",
    "categories",
    "reach",
    "avg_views",
    "engagement_rate",
    "authenticity_score",
    "bio",  # the text `q` searches besides the names and captions, shown on the card
)


@dataclass(frozen=True)
class Condition:
    """One filter of the search, by the parameter that sets it (a bucket and its share are one filter)."""

    key: str
    q: Q


# How many matches are counted exactly. Counting stops one past it (a LIMIT), so a count costs at most
# this many index entries; above it, on PostgreSQL, the count is an estimate from a sample of the table,
# and the API (`count_is_estimate`) and the page ("about 970K creators") say so. An exact count of a
# million creators costs ~40 ms there, more than the rest of the search (perf/search-floor.md).
# SQLite counts exactly whatever the number: at the sizes it serves, an index counts fast enough.
EXACT_COUNT_UP_TO = 10_000
# The estimate reads about this many rows, in whole pages of the table chosen at random (but the same
# ones every time, so that a count does not change from page to page of the same search).
ESTIMATE_SAMPLE_ROWS = 10_000
# A search finding at most this many creators reads them once, in one query that sorts them and counts
# them, instead of a second pass over the indexes for the page (a narrow search costs the most per pass).
FEW = 1_000
# On PostgreSQL, a search by words or tags reads as many as it counts exactly. Its count reads each
# match's row anyway (the text index only says which rows), so reading them once for the page and the
# count saves the pass over the first FEW: #skincare at a million creators went from 70 to 45 ms. Other
# searches count from a covering index, which cannot give the page's ids: for them FEW stays.
FEW_BY_TEXT_POSTGRESQL = EXACT_COUNT_UP_TO


@dataclass
class SearchPage:
    count: int
    results: list[dict[str, Any]]
    page: int
    page_size: int
    filters: SearchFilters = field(repr=False)
    count_is_estimate: bool = False

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.count / self.page_size))

    @property
    def first_index(self) -> int:
        return (self.page - 1) * self.page_size + 1 if self.results else 0

    @property
    def last_index(self) -> int:
        return (self.page - 1) * self.page_size + len(self.results)


def creators_search(*, viewer: Any, filters: SearchFilters) -> SearchPage:
    """One page of the verified creators matching the filters, and how many match: one query when at
    most FEW match (their page, counted as it is sorted), else two (the same, then the page through the
    indexes with the count beside it); one without a filter (the second alone)."""
    _may_search(viewer)
    active = conditions(filters)
    findable = _findable()
    matching = _matching(active, findable)
    # Without a filter, every verified creator matches: more than a few wherever a search is worth
    # timing, so the first query would only say so.
    few = _few(filters)
    rows = _page_of_few(matching, filters, few) if active else []
    if rows and rows[0]["found"] <= few:
        count, estimated = rows[0]["found"], False
    elif active and not rows and filters.page == 1:
        count, estimated = 0, False
    else:
        # More than a few match: the page's ids are the first of them in the sort's index (see `walking`).
        page = _matching(conditions(filters, walking=True), findable) if active else matching
        # Where the first query found more than are counted exactly, the count is the estimate alone.
        above = bool(rows) and few >= EXACT_COUNT_UP_TO
        found = _count_expression(matching, sampled=page, above_exact=above)
        rows = list(_page_query(page, filters).annotate(found=found))
        if rows:
            count, estimated = rows[0]["found"], _is_estimate(rows[0]["found"])
        else:  # a page past the last one: nothing to carry the count
            count, estimated = _count(matching, sampled=page)
    results = [_card(row) for row in rows]
    matched_captions_attach(results, query_terms(filters.q))
    return SearchPage(
        count=count,
        results=results,
        page=filters.page,
        page_size=filters.page_size,
        filters=filters,
        count_is_estimate=estimated,
    )


def _few(filters: SearchFilters) -> int:
    """How many matches the first query reads whole, at most (FEW)."""
    terms = query_terms(filters.q)
    if connection.vendor == "postgresql" and (terms.words or terms.tags):
        return FEW_BY_TEXT_POSTGRESQL
    return FEW


def _page_of_few(matching: QuerySet[Creator], filters: SearchFilters, few: int) -> list[dict[str, Any]]:
    """The page among the first `few` + 1 matches found (in no order), and how many that is (`found`).

    When at most `few` match, that is the page and the count, from one pass over the matches: a narrow
    search (audience shares) costs the most per pass. When more match, `found` says so (`few` + 1). The
    table's rows are read for the page alone: the matches' ids and sort keys, from an index where one
    holds them."""
    column = SORT_COLUMNS[filters.sort.key]
    matches, params = matching.order_by().values("pk", column, "handle")[: few + 1].query.sql_with_params()
    table = connection.ops.quote_name(Creator._meta.db_table)
    fields = ", ".join(f"{table}.{connection.ops.quote_name(name)}" for name in CARD_FIELDS)
    offset = (filters.page - 1) * filters.page_size
    sql = (
        f"SELECT {fields}, page.found FROM (SELECT matches.pk, matches.{column}, matches.handle, "
        f"COUNT(*) OVER () AS found FROM ({matches}) matches ORDER BY {_order_sql(filters.sort, 'matches')} "
        f"LIMIT {filters.page_size} OFFSET {offset}) page JOIN {table} ON {table}.id = page.pk "
        f"ORDER BY {_order_sql(filters.sort, 'page')}"
    )
    # The stored values, as values() gives them (not the fields' wrappers, such as a Country).
    return [
        {name: vars(creator)[name] for name in (*CARD_FIELDS, "found")}
        for creator in Creator.objects.raw(sql, params)
    ]


def _order_sql(sort: Sort, table: str) -> str:
    """`ordering` in SQL, on the columns of a subquery (no index serves it: few rows are sorted)."""
    way = "ASC" if sort.ascending else "DESC"
    return f"{table}.{SORT_COLUMNS[sort.key]} {way} NULLS LAST, {table}.handle ASC"


def _page_query(matching: QuerySet[Creator], filters: SearchFilters) -> QuerySet[Creator, dict[str, Any]]:
    # A deferred join: the page's ids first, from the indexes alone where they can serve the filters
    # and the order, then only those rows (perf/search-floor.md).
    offset = (filters.page - 1) * filters.page_size
    order = ordering(filters.sort)
    ids = matching.order_by(*order).values("pk")[offset : offset + filters.page_size]
    return Creator.objects.filter(pk__in=ids).order_by(*order).values(*CARD_FIELDS)


def _is_estimate(count: int) -> bool:
    return connection.vendor == "postgresql" and count > EXACT_COUNT_UP_TO


def _count(matching: QuerySet[Creator], *, sampled: QuerySet[Creator]) -> tuple[int, bool]:
    """How many creators match, and whether that is an estimate (EXACT_COUNT_UP_TO), on its own."""
    counting = _count_expression(matching, sampled=sampled)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT ({counting.sql})", counting.params)
        found = int(cursor.fetchone()[0])
    return found, _is_estimate(found)


def _count_expression(
    matching: QuerySet[Creator], *, sampled: QuerySet[Creator], above_exact: bool = False
) -> RawSQL:
    """How many creators match, as one value a query can carry: SQLite counts exactly; PostgreSQL counts
    up to EXACT_COUNT_UP_TO + 1 and, past it, estimates (never below that), which `_is_estimate` tells.
    `above_exact`: more than EXACT_COUNT_UP_TO are known to match, so PostgreSQL only estimates.

    `sampled`: the same matches, written for rows read one by one (`conditions(walking=True)`), as the
    estimate's sample reads them: there the LIKE on a word costs a tenth of the text index's
    expression computed for each row (10,000 rows at 100,000 creators: 35 against 320 ms)."""
    sql, params = matching.order_by().values("pk").query.sql_with_params()
    if connection.vendor != "postgresql":
        return RawSQL(f"SELECT COUNT(*) FROM ({sql}) matching", params, output_field=IntegerField())
    estimate, estimate_params = _estimate_sql(*sampled.order_by().values("pk").query.sql_with_params())
    if above_exact:
        return RawSQL(
            f"SELECT GREATEST({EXACT_COUNT_UP_TO + 1}, ({estimate}))::bigint",
            estimate_params,
            output_field=IntegerField(),
        )
    return RawSQL(
        f"SELECT CASE WHEN counted <= {EXACT_COUNT_UP_TO} THEN counted "
        f"ELSE GREATEST({EXACT_COUNT_UP_TO + 1}, ({estimate}))::bigint END "
        f"FROM (SELECT COUNT(*) AS counted FROM ({sql} LIMIT {EXACT_COUNT_UP_TO + 1}) matching) counting",
        [*estimate_params, *params],
        output_field=IntegerField(),
    )


def _estimate_sql(sql: str, params: tuple[Any, ...]) -> tuple[str, list[Any]]:
    """PostgreSQL: the share of matching creators in a sample of the table's pages, times its rows. In
    a CASE branch, so that it runs only when the count went past EXACT_COUNT_UP_TO.

    The planner's own row estimate would cost less, but it takes filters as independent and knows
    nothing of a category bit: it was off by 4x on country and category."""
    table = connection.ops.quote_name(Creator._meta.db_table)
    # The table's rows as of its last ANALYZE (-1 before the first one: then the sample is all of it).
    rows = f"(SELECT reltuples FROM pg_class WHERE oid = '{table}'::regclass)"
    percent = f"(SELECT LEAST(100, 100.0 * {ESTIMATE_SAMPLE_ROWS} / GREATEST({rows}, 1)))"
    sample = f"FROM {table} TABLESAMPLE SYSTEM ({percent}) REPEATABLE (0)"
    sampled_sql = sql.replace(f"FROM {table}", sample, 1)
    return (
        f"SELECT ROUND(matched * GREATEST({rows}, sampled)::numeric / sampled) "
        f"FROM (SELECT COUNT(*) AS matched FROM ({sampled_sql}) matching) m, "
        f"(SELECT NULLIF(COUNT(*), 0) AS sampled {sample}) s",
        list(params),
    )


def _card(row: dict[str, Any]) -> dict[str, Any]:
    row.pop("found", None)
    row["authenticity"] = row.pop("authenticity_score")
    return row


def matched_captions_attach(cards: list[dict[str, Any]], terms: QueryTerms) -> None:
    """Give each card the caption that matched (`matched_caption`): the newest of the creator's captions
    holding the most of the query's words, hashtags and mentions, or None. One query for the page's
    creators alone, whatever the search: the index found them, this only says where."""
    for card in cards:
        card["matched_caption"] = None
    if not cards or not (terms.words or terms.tags):
        return
    by_id = {card["id"]: card for card in cards}
    most: dict[int, int] = {}
    captions = (
        Video.objects.filter(creator_id__in=list(by_id))
        .exclude(caption="")
        .order_by("creator_id", "-posted_at", "-id")
        .values_list("creator_id", "caption")
    )
    every_term = len(terms.words) + len(terms.tags)
    for creator_id, caption in captions:
        if most.get(creator_id) == every_term:
            continue  # a newer caption holds them all: none of this creator's older ones can hold more
        held = terms_held(caption, terms)
        if held > most.get(creator_id, 0):
            most[creator_id] = held
            by_id[creator_id]["matched_caption"] = caption


def loosening_counts(*, viewer: Any, filters: SearchFilters) -> dict[str, int]:
    """For each filter, how many creators match all the others: one query, for the empty state."""
    _may_search(viewer)
    active = conditions(filters)
    if not active:
        return {}
    # Aliases of their own: an aggregate named like a field ("country") would stand for it in the filters.
    counts = {
        f"without_{condition.key}": Count(
            "pk", filter=_all_of(other.q for other in active if other is not condition)
        )
        for condition in active
    }
    found = _findable().aggregate(**counts)
    return {key.removeprefix("without_"): value for key, value in found.items()}


def creator_ids_matching(*, viewer: Any, filters: SearchFilters, limit: int) -> list[int]:
    """The ids of the first `limit` creators the search finds, in its order (its sort, undefined numbers
    last, ties by handle): what "Add all to a list" adds. One query; the page and page size are not read."""
    _may_search(viewer)
    matching = _matching(conditions(filters)).order_by(*ordering(filters.sort))
    return list(matching.values_list("pk", flat=True)[:limit])


def _matching(active: list[Condition], findable: QuerySet[Creator] | None = None) -> QuerySet[Creator]:
    return (_findable() if findable is None else findable).filter(
        _all_of(condition.q for condition in active)
    )


def _findable() -> QuerySet[Creator]:
    """The verified creators, less those who paused requests (docs/creators-joining.md).

    The search's indexes are partial on `verified` and cover their queries; a condition on another
    column (`requests_paused = false`) made SQLite leave them for the table and every search five times
    slower (bench search, 100,000 creators: 8.6 to 47 ms at p95 without a filter). The paused are few,
    so they are read first (a partial index of their own) and left out by id, which every index holds
    on SQLite; with nobody paused, the query is the very one the indexes were made for."""
    verified = Creator.objects.filter(verified=True)
    # On `requests_paused` alone and unordered, so that only the partial index is read (with `verified`
    # or the model's ordering by handle, SQLite read every verified creator and sorted them).
    paused = list(Creator.objects.filter(requests_paused=True).order_by().values_list("pk", flat=True))
    return verified.exclude(pk__in=paused) if paused else verified


def conditions(filters: SearchFilters, *, walking: bool = False) -> list[Condition]:
    """The filters in force, each as one condition on Creator. An undefined number fails every bound.

    `walking`: the same conditions, written for the page of a search known to find more than FEW
    creators, which is the first matches met in the sort's own index. SQLite otherwise reads every
    match of a text index first (it takes them for few) and sorts them: 9,000 rows for #skincare at
    100,000 creators, 7 ms, where checking the sort index's entries against them until the page is
    full took 1 ms (`_text_match`)."""
    found: list[Condition] = []

    def add(key: str, q: Q) -> None:
        found.append(Condition(key, q))

    terms = query_terms(filters.q)
    query_words = terms.words
    if query_words or terms.tags:
        # A word starting a category's name finds that category's creators too, whatever their text
        # says: the words of a creator's text (its captions' among them), or its categories, hold each
        # word of the query. Its hashtags and mentions must each be one of the captions', whole.
        naming = {word: categories_named(word) for word in query_words}
        text = _text_has((word for word in query_words if not naming[word]), walking=walking)
        for word, categories in naming.items():
            if categories:
                # The creators with the word, as a set of ids found once: the rest of the condition then
                # reads only columns the search indexes hold, not each creator's text (2.5x faster on
                # SQLite for "fashion" at 100k creators).
                with_word = Creator.objects.filter(_text_has([word])).values("pk")
                text &= _any_category(categories) | Q(pk__in=with_word)
        add("q", text & _tags_have(terms.tags, walking=walking))
    if filters.country:
        add("country", Q(country__in=filters.country))
    if filters.category:
        add("category", _any_category(filters.category))
    for name, column, lookup in (
        ("followers_min", "reach", "gte"),
        ("followers_max", "reach", "lte"),
        ("avg_views_min", "avg_views", "gte"),
        ("avg_views_max", "avg_views", "lte"),
        ("er_min", "engagement_rate", "gte"),
        ("authenticity_min", "authenticity_score", "gte"),
    ):
        value = getattr(filters, name)
        if value is not None:
            add(name, Q(**{f"{column}__{lookup}": value}))
    # A missing audience share is a share of 0, so a least share of 0 holds for every creator.
    if filters.audience_country and filters.audience_country_min:
        audience = AudienceCountry.objects.filter(country=filters.audience_country)
        if (
            filters.country
            or filters.category
            or query_words
            or terms.tags
            or filters.followers_min
            or filters.followers_max
        ):
            # Another filter finds fewer creators through its index: look up each one's share. A
            # subquery per row, not EXISTS, which PostgreSQL would turn into a join reading everyone
            # with that audience (200k creators for India at a million).
            share = Subquery(audience.filter(creator_id=OuterRef("pk")).values("share")[:1])
            add("audience_country", Q(GreaterThanOrEqual(share, filters.audience_country_min)))
        else:
            with_share = audience.filter(share__gte=filters.audience_country_min).values("creator_id")
            add("audience_country", Q(pk__in=with_share))
    for dimension in ("age", "gender", "device"):
        bucket = getattr(filters, f"audience_{dimension}")
        least = getattr(filters, f"audience_{dimension}_min")
        if bucket is not None and least:
            add(f"audience_{dimension}", Q(**{f"{share_column(dimension, bucket.value)}__gte": least}))
    if filters.audience_active_min:
        add("audience_active_min", Q(audience_activity_active__gte=filters.audience_active_min))
    return found


def _text_has(query_words: Iterable[str], *, walking: bool = False) -> Q:
    """Creators whose handle, name, bio or captions have a word starting with each of the words (every one
    if none)."""
    query_words = list(query_words)
    if not query_words:
        return Q()
    # search_text holds the case-folded words, each after a space (search.indexing): "starts a word" is
    # LIKE '% word%'.
    if connection.vendor == "sqlite":
        # The words' FTS5 table holds each of them as one token, whole (search.indexes, "ascii"): a
        # prefix query there is the rule itself, and no creator's row is read to check it.
        match = " ".join(f'"{word}"*' for word in query_words)
        return Q(_text_match(WORDS_TABLE, match, walking=walking))
    if walking:
        # The LIKE alone: PostgreSQL estimates it well, where the index match seemed a hundredth of the
        # matches, and it read and sorted every match ("blazer" at 100,000 creators: 2,600 rows, 17 ms)
        # instead of walking the sort's index to the 20th (2 ms); the rows are read there anyway.
        return _all_of(Q(search_text__contains=f" {word}") for word in query_words)
    # The text index holds each word as one lexeme, its first WORD_PREFIX_CHARS characters (search.indexes,
    # seventh migration): a prefix query there is the rule itself, and no creator's row is read to check
    # it, but for a query word longer than that, whose rest only the row holds. A word is letters and
    # digits alone: no quote, backslash or operator of a tsquery's syntax.
    prefixes = " & ".join(f"'{word[:WORD_PREFIX_CHARS]}':*" for word in query_words)
    longer = [word for word in query_words if len(word) > WORD_PREFIX_CHARS]
    return Q(WordsMatch(F("search_text"), prefixes)) & _all_of(
        Q(search_text__contains=f" {word}") for word in longer
    )


def _tags_have(tags: list[str], *, walking: bool = False) -> Q:
    """Creators whose captions hold each of the hashtags and mentions, whole (search.indexing)."""
    if not tags:
        return Q()
    # caption_tags holds each one, whole, between spaces: " #cat " is the rule.
    if connection.vendor == "sqlite":
        # Each one a token of the tags' FTS5 table (search.indexes, "ascii" with '#', '@', '.', '_'):
        # its match is the rule, and no creator's row is read to check it.
        match = " ".join(f'"{tag}"' for tag in tags)
        return Q(_text_match(TAGS_TABLE, match, walking=walking))
    if walking:
        # As for words (`_text_has`): the LIKE alone, estimated well; where rows are read one by one (the
        # count's sample of 10,000 rows at a million creators) it also costs half the array's split.
        return _all_of(Q(caption_tags__contains=f" {tag} ") for tag in tags)
    # The array index finds the rows, and its match is the rule itself.
    return Q(TagsHeld(F("caption_tags"), tags))


# A typed word names categories from three letters, and only a name's words of three letters or more
# count: "f" would name five categories and "e" (Italian "and") half of them, each a search of every
# creator of those categories (400 ms at 100,000 creators) for a match nobody meant.
CATEGORY_WORD_MIN_LENGTH = 3


def categories_named(word: str) -> list[str]:
    """The categories with a word of their name, in a language of the site, starting with `word` (a word
    of `indexing.words`): "fash" and "moda" name fashion."""
    if len(word) < CATEGORY_WORD_MIN_LENGTH:
        return []
    return [
        category for category, names in _category_words().items() if any(n.startswith(word) for n in names)
    ]


@cache
def _category_words() -> dict[str, frozenset[str]]:
    # The names as every language of the site shows them (LANGUAGES); read once, the catalogues are fixed.
    found: dict[str, set[str]] = {category: set() for category in CATEGORIES}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for category, label in CATEGORIES.items():
                found[category].update(w for w in words(str(label)) if len(w) >= CATEGORY_WORD_MIN_LENGTH)
    return {category: frozenset(names) for category, names in found.items()}


def _text_match(table: str, match: str, *, walking: bool) -> In:
    """SQLite: the creator is one of the rows an FTS5 table (search.indexes) matches.

    The matches are read first, as a list of ids, and each one's entry looked up. `walking`, the id is
    written `+id`, which no index serves: SQLite then walks the index the other conditions and the
    order choose and checks each entry's id against the list (every search index holds the id)."""
    found = RawSQL(f"SELECT rowid FROM {table} WHERE {table} MATCH %s", [match])
    creator = Func(F("pk"), template="+%(expressions)s", output_field=IntegerField()) if walking else F("pk")
    return In(creator, found)


class WordsMatch(Func):
    """PostgreSQL: `search_text`'s words, each one lexeme cut to WORD_PREFIX_CHARS characters, hold every
    prefix of the tsquery; the expression of the text index (search.indexes, seventh migration)."""

    template = WHOLE_WORDS.replace("search_text", "%(expressions)s")
    output_field = BooleanField()

    def __init__(self, column: F, prefixes: str) -> None:
        super().__init__(column)
        self.prefixes = prefixes

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:  # type: ignore[override]
        sql, params = super().as_sql(compiler, connection, **extra)
        # The lexemes as written, quoted: to_tsquery would parse and lower-case them its own way.
        return f"{sql} @@ %s::tsquery", [*params, self.prefixes]


class TagsHeld(Func):
    """PostgreSQL: `caption_tags`, split at its spaces, holds every one of the tags; the expression of
    its index (search.indexes)."""

    template = "string_to_array(%(expressions)s, ' ')"
    output_field = BooleanField()

    def __init__(self, column: F, tags: list[str]) -> None:
        super().__init__(column)
        self.tags = tags

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:  # type: ignore[override]
        sql, params = super().as_sql(compiler, connection, **extra)
        return f"{sql} @> %s::text[]", [*params, self.tags]


def ordering(sort: Sort) -> list[OrderBy | ExpressionWrapper | str]:
    """Undefined numbers last either way, ties by handle: the order of the search indexes (search.indexes)."""
    name = SORT_COLUMNS[sort.key]
    column = F(name)
    if not sort.ascending:
        return [column.desc(nulls_last=True), "handle"]
    if connection.vendor == "sqlite":
        # SQLite has no NULLS LAST in an index; "is null" first, as its index has it, says the same.
        undefined = ExpressionWrapper(Q(**{f"{name}__isnull": True}), output_field=BooleanField())
        return [undefined, column.asc(), "handle"]
    return [column.asc(nulls_last=True), "handle"]


def _any_category(categories: list[str]) -> Q:
    """A creator in any of the categories: a bit of category_mask. On PostgreSQL, one condition per
    category, as each category's index (search.indexes) is written, so that the planner sees which
    index holds the matches (a multi-category search joins theirs)."""
    if connection.vendor != "postgresql":
        return Q(GreaterThan(F("category_mask").bitand(category_mask(categories)), 0))
    any_of = Q()
    for category in categories:
        any_of |= Q(GreaterThan(F("category_mask").bitand(CATEGORY_BITS[category]), 0))
    return any_of


def _all_of(parts: Any) -> Q:
    combined = Q()
    for part in parts:
        combined &= part
    return combined


def _may_search(viewer: Any) -> None:
    if not may_browse_creators(viewer):
        raise PermissionDenied(_("Your account cannot search creators."))
