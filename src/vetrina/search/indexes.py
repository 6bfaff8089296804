"""The indexes search reads through (perf/search-floor.md): created by the search app's migrations, on
the creators' own tables, one SQL dialect at a time.

- A partial index per sort, over verified creators only, in the sort's order with the handle after it,
  so a page of any sort is the first rows of an index. PostgreSQL indexes NULLS LAST itself; SQLite
  cannot, so there the ascending sorts order by "is null" first (selectors.ordering) and index that.
- Every column a search filters or sorts on, text aside, led by the country (then the categories) and
  again led by reach: the count and the page's ids are read from an index alone, and the page then
  fetches only its own rows (selectors._page_query, a deferred join).
- Audience countries by (country, share, creator) and by (creator, country, share): the audience
  country filter without that table's rows, from either side.
- Text: SQLite's FTS5 over `search_text`, kept by triggers whatever writes the creators, whose match
  is the rule itself (sixth migration); on PostgreSQL a tsvector index of its words, each one lexeme,
  whose prefix match is the rule too (seventh migration).
- PostgreSQL only (fourth migration): one partial covering index per category, so that a category
  search reads its own creators' entries alone.
- Captions (fifth migration): their words are in `search_text` beside the profile's, so the text
  indexes above serve them; their hashtags and mentions, whole, in `caption_tags`, with an FTS5 table
  of its own on SQLite and a GIN index over them as an array on PostgreSQL, each exact.
- PostgreSQL's two text indexes hold the creator's country beside the words or tags, over verified
  creators alone (eighth migration): a text search in a country is one lookup inside the index.

The migrations below run in order; each section says what the one before left slow. PostgreSQL keeps
every index current itself, on import, `vetrina recompute` and any other write.
"""

from collections.abc import Callable
from typing import Any

from django.db import migrations

from vetrina.creators.audience import SHARE_COLUMNS
from vetrina.search.indexing import CATEGORY_BITS

SORT_COLUMNS = ("reach", "avg_views", "engagement_rate", "follower_growth_rate_30d", "authenticity_score")
TABLE = "creators_creator"
WORDS_TABLE = "search_creator_words"  # SQLite only


COMMON_INDEXES = (
    "search_country_category",
    "search_numbers",
    "search_verified",
    "search_audience_country",
    "search_audience_of_creator",
)
AUDIENCE_SHARES = ", ".join(column for columns in SHARE_COLUMNS.values() for column in columns.values())


def _common(where: str) -> list[str]:
    # Two covering indexes of every column a search filters or sorts on (text aside), one led by the
    # creator's country, one by reach: the count and the page's ids come from the index alone. Not
    # partial: `verified` is a column of theirs, so that the database sees they cover the query.
    numbers = "reach, avg_views, engagement_rate, follower_growth_rate_30d, authenticity_score"
    return [
        f"CREATE INDEX search_country_category ON {TABLE} "
        f"(country, category_mask, verified, {AUDIENCE_SHARES}, {numbers}, handle)",
        f"CREATE INDEX search_numbers ON {TABLE} "
        f"({numbers}, verified, country, category_mask, {AUDIENCE_SHARES}, handle)",
        f"CREATE INDEX search_verified ON {TABLE} (verified)",
        "CREATE INDEX search_audience_country ON creators_audiencecountry (country, share, creator_id)",
        "CREATE INDEX search_audience_of_creator ON creators_audiencecountry (creator_id, country, share)",
    ]


def _sqlite() -> list[str]:
    where = "WHERE verified = 1"  # as Django writes the filter, so that SQLite sees the index applies
    statements = []
    for column in SORT_COLUMNS:
        statements += [
            f"CREATE INDEX search_{column}_desc ON {TABLE} ({column} DESC, handle) {where}",
            f"CREATE INDEX search_{column}_asc ON {TABLE} (({column} IS NULL), {column}, handle) {where}",
        ]
    return [
        *statements,
        *_common(where),
        f"CREATE VIRTUAL TABLE {WORDS_TABLE} USING fts5(search_text, content='{TABLE}', content_rowid='id', "
        "tokenize='unicode61 remove_diacritics 0')",
        f"INSERT INTO {WORDS_TABLE}({WORDS_TABLE}) VALUES ('rebuild')",
        f"CREATE TRIGGER search_words_insert AFTER INSERT ON {TABLE} BEGIN "
        f"INSERT INTO {WORDS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text); END",
        f"CREATE TRIGGER search_words_delete AFTER DELETE ON {TABLE} BEGIN "
        f"INSERT INTO {WORDS_TABLE}({WORDS_TABLE}, rowid, search_text) VALUES ('delete', old.id, old.search_text); END",
        f"CREATE TRIGGER search_words_update AFTER UPDATE OF search_text ON {TABLE} BEGIN "
        f"INSERT INTO {WORDS_TABLE}({WORDS_TABLE}, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
        f"INSERT INTO {WORDS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text); END",
        "ANALYZE",
    ]


def _postgresql() -> list[str]:
    where = "WHERE verified"
    statements = []
    for column in SORT_COLUMNS:
        statements += [
            f"CREATE INDEX search_{column}_desc ON {TABLE} ({column} DESC NULLS LAST, handle) {where}",
            f"CREATE INDEX search_{column}_asc ON {TABLE} ({column} ASC NULLS LAST, handle) {where}",
        ]
    return [
        *statements,
        *_common(where),
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        f"CREATE INDEX search_words ON {TABLE} USING gin (search_text gin_trgm_ops)",
        f"ANALYZE {TABLE}",
    ]


def _sqlite_undo() -> list[str]:
    names = [f"search_{column}_{way}" for column in SORT_COLUMNS for way in ("desc", "asc")]
    return [
        *(f"DROP TRIGGER IF EXISTS search_words_{event}" for event in ("insert", "delete", "update")),
        f"DROP TABLE IF EXISTS {WORDS_TABLE}",
        *(f"DROP INDEX IF EXISTS {name}" for name in [*names, *COMMON_INDEXES]),
    ]


def _postgresql_undo() -> list[str]:
    names = [f"search_{column}_{way}" for column in SORT_COLUMNS for way in ("desc", "asc")]
    return [f"DROP INDEX IF EXISTS {name}" for name in [*names, *COMMON_INDEXES, "search_words"]]


# Second migration (0002_narrower_indexes): what the first left slow at a million creators on PostgreSQL.
# - A narrow index of (country, category_mask) over verified creators: a country and category search
#   counts from it alone, instead of reading the wide covering index's entries.
# - The text index becomes a tsvector one: a word prefix ("ann:*") is one range of its words, where the
#   trigram index matched every word starting with "a" and left thousands of rows to check.
NARROW_COUNTRY_CATEGORY = (
    f"CREATE INDEX search_country_category_narrow ON {TABLE} (country, category_mask) WHERE verified"
)
WORDS_INDEX = (
    f"CREATE INDEX search_words ON {TABLE} USING gin (to_tsvector('simple'::regconfig, search_text))"
)


def narrower(vendor: str) -> list[str]:
    if vendor != "postgresql":
        return []
    return [
        NARROW_COUNTRY_CATEGORY,
        "DROP INDEX IF EXISTS search_words",
        WORDS_INDEX,
        f"ANALYZE {TABLE}",
    ]


def narrower_undo(vendor: str) -> list[str]:
    if vendor != "postgresql":
        return []
    return [
        "DROP INDEX IF EXISTS search_country_category_narrow",
        "DROP INDEX IF EXISTS search_words",
        f"CREATE INDEX search_words ON {TABLE} USING gin (search_text gin_trgm_ops)",
    ]


# Third migration (0003_country_category_ids): the narrow index in the table's order within a country,
# with the ids. A search reads its first matches' ids from it (selectors.FEW); ordered by the mask, a
# category's creators came after every creator of a lower mask, some hundred thousand entries on.
COUNTRY_CATEGORY_IDS = f"CREATE INDEX search_country_category_narrow ON {TABLE} (country) INCLUDE (category_mask, id) WHERE verified"


def country_category_ids(vendor: str) -> list[str]:
    if vendor != "postgresql":
        return []
    return ["DROP INDEX IF EXISTS search_country_category_narrow", COUNTRY_CATEGORY_IDS, f"ANALYZE {TABLE}"]


def country_category_ids_undo(vendor: str) -> list[str]:
    if vendor != "postgresql":
        return []
    return ["DROP INDEX IF EXISTS search_country_category_narrow", NARROW_COUNTRY_CATEGORY]


def create(vendor: str) -> list[str]:
    return {"sqlite": _sqlite, "postgresql": _postgresql}[vendor]()


def drop(vendor: str) -> list[str]:
    return {"sqlite": _sqlite_undo, "postgresql": _postgresql_undo}[vendor]()


# Fourth migration (0004_category_indexes), PostgreSQL only: one partial covering index per category.
# A category is a bit of category_mask, which no index range finds: a country and category search read
# every verified creator of the country from the indexes above (280k for India at a million) to keep
# one in eleven, and with audience shares that took 45 ms. Each of these holds only its category's
# creators, with every column a search filters or sorts on and the id, so that such a search reads its
# matches and nothing else (a category and a country: 18k entries), from the index alone. The condition
# is written as selectors._any_category writes it, which is how the planner matches the two. SQLite
# needs none at 100k creators, and every one more index slows its import (issue #3).
CATEGORY_COLUMNS = (
    f"country, {AUDIENCE_SHARES}, reach, avg_views, engagement_rate, follower_growth_rate_30d, "
    "authenticity_score, handle"
)


def category_indexes(vendor: str) -> list[str]:
    if vendor != "postgresql":
        return []
    # The categories of today; one added later gets its index from a migration of its own.
    return [
        f"CREATE INDEX IF NOT EXISTS search_category_{category} ON {TABLE} ({CATEGORY_COLUMNS}) "
        f"INCLUDE (id) WHERE verified AND (category_mask & {bit}) > 0"
        for category, bit in CATEGORY_BITS.items()
    ] + [f"ANALYZE {TABLE}"]


def category_indexes_undo(vendor: str) -> list[str]:
    if vendor != "postgresql":
        return []
    return [f"DROP INDEX IF EXISTS search_category_{category}" for category in CATEGORY_BITS]


def migration(forward: Callable[[str], list[str]], backward: Callable[[str], list[str]]) -> Any:
    """A migration's operation: the statements `forward(vendor)` gives, and `backward`'s to undo them."""

    def run(statements: Callable[[str], list[str]]) -> Callable[[Any, Any], None]:
        def execute(apps: Any, schema_editor: Any) -> None:
            for statement in statements(schema_editor.connection.vendor):
                schema_editor.execute(statement)

        return execute

    return migrations.RunPython(run(forward), run(backward))


# Fifth migration (0005_caption_tags_index): the hashtags and mentions of the captions, whole
# (`caption_tags`, search.indexing). On SQLite an FTS5 table of their own, kept by triggers like the
# words' one, whose tokens keep "#", "@", "." and "_" so that a tag is one token and "#cat" is not a
# prefix search; on PostgreSQL a GIN index over the tags as an array, where `@>` is exact by itself.
# The captions' words are in `search_text`, with the profile's, and their indexes serve them.
TAGS_TABLE = "search_creator_tags"  # SQLite only
TAGS_INDEX = f"CREATE INDEX search_tags ON {TABLE} USING gin (string_to_array(caption_tags, ' '))"


def caption_tags_index(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [TAGS_INDEX, f"ANALYZE {TABLE}"]
    return [
        f"CREATE VIRTUAL TABLE {TAGS_TABLE} USING fts5(caption_tags, content='{TABLE}', content_rowid='id', "
        "tokenize=\"unicode61 remove_diacritics 0 tokenchars '#@._'\")",
        f"INSERT INTO {TAGS_TABLE}({TAGS_TABLE}) VALUES ('rebuild')",
        f"CREATE TRIGGER search_tags_insert AFTER INSERT ON {TABLE} BEGIN "
        f"INSERT INTO {TAGS_TABLE}(rowid, caption_tags) VALUES (new.id, new.caption_tags); END",
        f"CREATE TRIGGER search_tags_delete AFTER DELETE ON {TABLE} BEGIN "
        f"INSERT INTO {TAGS_TABLE}({TAGS_TABLE}, rowid, caption_tags) VALUES ('delete', old.id, old.caption_tags); END",
        f"CREATE TRIGGER search_tags_update AFTER UPDATE OF caption_tags ON {TABLE} BEGIN "
        f"INSERT INTO {TAGS_TABLE}({TAGS_TABLE}, rowid, caption_tags) VALUES ('delete', old.id, old.caption_tags); "
        f"INSERT INTO {TAGS_TABLE}(rowid, caption_tags) VALUES (new.id, new.caption_tags); END",
    ]


def caption_tags_index_undo(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return ["DROP INDEX IF EXISTS search_tags"]
    return [
        *(f"DROP TRIGGER IF EXISTS search_tags_{event}" for event in ("insert", "delete", "update")),
        f"DROP TABLE IF EXISTS {TAGS_TABLE}",
    ]


# Sixth migration (0006_exact_text_tables), SQLite only: the two FTS5 tables above tokenized with
# "ascii", where every character outside ASCII is part of a token and ASCII letters and digits are too
# (with "#", "@", "." and "_" for the tags). The columns they index hold words (letters and digits) and
# tags, case-folded, one space between each (search.indexing), so every word and every tag is one
# token, whole: a word's prefix query is exactly "a word starts with it", a tag's query exactly "it is
# one of the tags". unicode61 split some of them (at a combining mark, or at a letter newer than its
# Unicode tables), so a LIKE over the column had to confirm each match: reading every candidate's
# row to its last column, 9,000 of them for #skincare at 100,000 creators.
EXACT_WORDS_TOKENIZE = "'ascii'"
EXACT_TAGS_TOKENIZE = "\"ascii tokenchars '#@._'\""


def _fts(table: str, column: str, tokenize: str, triggers: str) -> list[str]:
    """An FTS5 table over one column of the creators, filled now and kept by triggers whatever writes them."""
    return [
        f"CREATE VIRTUAL TABLE {table} USING fts5({column}, content='{TABLE}', content_rowid='id', "
        f"tokenize={tokenize})",
        f"INSERT INTO {table}({table}) VALUES ('rebuild')",
        f"CREATE TRIGGER {triggers}_insert AFTER INSERT ON {TABLE} BEGIN "
        f"INSERT INTO {table}(rowid, {column}) VALUES (new.id, new.{column}); END",
        f"CREATE TRIGGER {triggers}_delete AFTER DELETE ON {TABLE} BEGIN "
        f"INSERT INTO {table}({table}, rowid, {column}) VALUES ('delete', old.id, old.{column}); END",
        f"CREATE TRIGGER {triggers}_update AFTER UPDATE OF {column} ON {TABLE} BEGIN "
        f"INSERT INTO {table}({table}, rowid, {column}) VALUES ('delete', old.id, old.{column}); "
        f"INSERT INTO {table}(rowid, {column}) VALUES (new.id, new.{column}); END",
    ]


def _fts_drop(table: str, triggers: str) -> list[str]:
    return [
        *(f"DROP TRIGGER IF EXISTS {triggers}_{event}" for event in ("insert", "delete", "update")),
        f"DROP TABLE IF EXISTS {table}",
    ]


def exact_text_tables(vendor: str) -> list[str]:
    if vendor != "sqlite":
        return []
    return [
        *_fts_drop(WORDS_TABLE, "search_words"),
        *_fts(WORDS_TABLE, "search_text", EXACT_WORDS_TOKENIZE, "search_words"),
        *_fts_drop(TAGS_TABLE, "search_tags"),
        *_fts(TAGS_TABLE, "caption_tags", EXACT_TAGS_TOKENIZE, "search_tags"),
    ]


def exact_text_tables_undo(vendor: str) -> list[str]:
    if vendor != "sqlite":
        return []
    return [
        *_fts_drop(WORDS_TABLE, "search_words"),
        *_fts(WORDS_TABLE, "search_text", "'unicode61 remove_diacritics 0'", "search_words"),
        *_fts_drop(TAGS_TABLE, "search_tags"),
        *_fts(
            TAGS_TABLE, "caption_tags", "\"unicode61 remove_diacritics 0 tokenchars '#@._'\"", "search_tags"
        ),
    ]


# Seventh migration (0007_whole_words_index): PostgreSQL's text index holds each word of `search_text`
# as one lexeme, whole, so that its prefix match is the rule itself and no creator's row is read to
# check it (selectors.WordsMatch). The `simple` parser of the second migration split words its own
# way: at a letter or digit it does not take for one ("x²y" gave "x" and "y") and after a number in
# scientific notation ("1e5abc" gave "1e5" and "abc"), so that "y" and "abc" seemed to start a word;
# it also dropped words over 2047 bytes, which then matched nothing. A lexeme holds at most 2047 bytes
# (array_to_tsvector cuts a longer one short, at no character), so in a text of 2048 bytes or more (the
# only one that can hold such a word) each word is cut to its first WORD_PREFIX_CHARS characters, 4
# bytes at most each: the index holds the start of every word, whole where the text is shorter (the
# regular expression costs as much per row as the rest), and a query word longer than that is checked
# in full on the row (selectors._text_has). A tsvector holds 1 MiB of lexemes: array_to_tsvector
# garbles a larger one without a word (the second migration's to_tsvector refused to write the row),
# so a creator with more than a million bytes of distinct words would not be found by all of them.
WORD_PREFIX_CHARS = 255  # also the largest count a PostgreSQL regular expression allows
WHOLE_WORDS = (
    "array_to_tsvector(string_to_array(btrim(CASE WHEN octet_length(search_text) < 2048 THEN search_text "
    f"ELSE regexp_replace(search_text, '([^ ]{{{WORD_PREFIX_CHARS}}})[^ ]+', '\\1', 'g') END), ' '))"
)
WHOLE_WORDS_INDEX = f"CREATE INDEX search_words ON {TABLE} USING gin ({WHOLE_WORDS})"


def whole_words_index(vendor: str) -> list[str]:
    if vendor != "postgresql":
        return []
    return ["DROP INDEX IF EXISTS search_words", WHOLE_WORDS_INDEX, f"ANALYZE {TABLE}"]


def whole_words_index_undo(vendor: str) -> list[str]:
    if vendor != "postgresql":
        return []
    return ["DROP INDEX IF EXISTS search_words", WORDS_INDEX, f"ANALYZE {TABLE}"]


# Eighth migration (0008_text_indexes_by_country), PostgreSQL only: the text indexes over verified
# creators alone, each with the creator's country as a second column (btree_gin, a contrib module as
# pg_trgm is), so that a word or a tag searched in a country is one lookup inside the index. A country
# searched beside a word used to be a bitmap of every creator of that country (260,000 for India at a
# million) joined with the word's; "blazer" in India took 113 ms, 19 with this, and "#ootd" in India
# with two bounds 49 ms, 11. Partial on `verified`, as every search is (selectors._findable).
TEXT_INDEXES_BY_COUNTRY = (
    "CREATE EXTENSION IF NOT EXISTS btree_gin",
    "DROP INDEX IF EXISTS search_words",
    f"CREATE INDEX search_words ON {TABLE} USING gin (({WHOLE_WORDS}), country) WHERE verified",
    "DROP INDEX IF EXISTS search_tags",
    f"CREATE INDEX search_tags ON {TABLE} USING gin (string_to_array(caption_tags, ' '), country) WHERE verified",
    f"ANALYZE {TABLE}",
)


def text_indexes_by_country(vendor: str) -> list[str]:
    return list(TEXT_INDEXES_BY_COUNTRY) if vendor == "postgresql" else []


def text_indexes_by_country_undo(vendor: str) -> list[str]:
    if vendor != "postgresql":
        return []
    return [
        "DROP INDEX IF EXISTS search_words",
        WHOLE_WORDS_INDEX,
        "DROP INDEX IF EXISTS search_tags",
        TAGS_INDEX,
    ]
