"""A first import into an empty PostgreSQL database: the creators' tables loaded without their secondary
indexes and foreign keys, which are built again, each in one pass, once the rows are in.

Where the time of a first import goes on PostgreSQL, beside reading the lines: every video, snapshot and
audience row queues a check that its creator exists (the foreign keys, one lookup a row: 12 million at
100,000 creators), and every creator row enters some fifty indexes, then enters them all again when the
peers' pass writes its percentiles (an UPDATE that changes an indexed column rewrites every index entry,
the text indexes' word lists included). Built once over the loaded rows, an index costs a fraction of
that, and a foreign key is checked by one join.

Only a load into empty tables, and only a big one, goes this way: the whole import is then one
transaction, which holds the tables locked (pages that read them wait until it ends; on an empty site
they have nothing to show yet), and which leaves nothing behind if the import is stopped. The unique
constraints stay: they are what finds a video claimed twice, and each creator is still stored whole or
not at all (a savepoint of its own). SQLite, and a database that has creators, keep the usual path.
"""

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction

from vetrina.creators.models import AudienceCountry, Creator, FollowerSnapshot, Video

logger = logging.getLogger(__name__)

TABLES = [model._meta.db_table for model in (Creator, Video, FollowerSnapshot, AudienceCountry)]


def first_load_applies(*, big: bool) -> bool:
    """Whether this import is a big first one into PostgreSQL (checked before it starts)."""
    return big and connection.vendor == "postgresql" and not Creator.objects.exists()


@contextmanager
def first_load() -> Iterator[None]:
    """One transaction around the block, the tables' secondary indexes and foreign keys dropped at its
    start and made again at its end (from the definitions the database gave, so the same ones)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE contype = 'f' AND conrelid = ANY(%s::regclass[])",
            [TABLES],
        )
        foreign_keys = cursor.fetchall()
        cursor.execute(
            "SELECT index.indexrelid::regclass::text, pg_get_indexdef(index.indexrelid) FROM pg_index index "
            "WHERE index.indrelid = ANY(%s::regclass[]) AND NOT index.indisunique AND NOT index.indisprimary "
            "AND NOT EXISTS (SELECT FROM pg_constraint c WHERE c.conindid = index.indexrelid)",
            [TABLES],
        )
        indexes = cursor.fetchall()
        quote = connection.ops.quote_name
        for table, name, _definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {name}")
        yield
        started = time.perf_counter()
        for _name, definition in indexes:
            cursor.execute(definition)
        for table, name, definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}")
        for table in TABLES:
            cursor.execute(f"ANALYZE {quote(table)}")
        logger.debug(
            "Made %d indexes and %d foreign keys again in %.3f s.",
            len(indexes),
            len(foreign_keys),
            time.perf_counter() - started,
        )
