"""The keys a first load into PostgreSQL drops while the lines go in and makes again, once, when the fresh
creators are in (`ingest.first_load`): the videos' primary key, the follower snapshots' (their creator and
day) and the audience countries' primary key and unique constraint (one share a country).

A video's id comes with its line, in no useful order, so each video entered the key's index at a random
place: inserting the 4.4 million videos of 100,000 creators into a table with its key took 15.6-16.2 s of
the server's time, into one without it 3.9-4.0 s, and making the key afterwards 1.2-1.5 s. The snapshots'
index takes each row at its end, but there are 7.6 million of them: COPY of the snapshots took 13.2-13.8 s
of the server's time with an id key and the unique creator and day (the key since creators migration
0013), 5.3 s without them, and making both again 2.8-3.0 s. The server is the first load's critical path
(one process, one transaction).

Nothing can break the snapshots' and countries' constraints in a first load: its creators are all new,
and a line that lists a day or a country twice is refused when it is read. The videos' key is what found
a video that two lines claim: the later line's batch failed and its lines went the careful way, where the
later one is refused ("video ... already belongs to another creator"). Without the key during the load,
the import settles it itself, before anything reads the tables by these keys (the careful path's first
batch) and at the latest when the lines are in. It makes the key again; only if that fails does it look
for the videos claimed more than once, and of their claimers the one that came first in the file keeps
each (a first load's creators are all new, so their ids follow the file's order). A later claimer is
refused whole, as the careful path refuses it, with the same reason; the creators are taken in the file's
order, so that one refused for another video claims nothing from those after it. Then the keys are made,
and the rest of the load goes the usual way.
"""

import logging
import time
from collections import defaultdict
from collections.abc import Iterable
from typing import Any, NamedTuple

from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from vetrina.creators.models import AudienceCountry, Creator, FollowerSnapshot, Video
from vetrina.ingest.inserting import new_creators_remove
from vetrina.ingest.parsing import BadLine

logger = logging.getLogger(__name__)

TABLE = Video._meta.db_table
# The tables whose primary key and unique constraints go too, and come back with the videos' key.
ALONGSIDE = [model._meta.db_table for model in (FollowerSnapshot, AudienceCountry)]


class Refusal(NamedTuple):
    number: int  # the line's
    handle: str
    reason: str


class DeferredKeys:
    """The keys, dropped by `drop` and made again by `settle`, which first refuses the lines that claimed
    a video an earlier line has. `noted` keeps the line number of each fresh creator stored meanwhile."""

    def __init__(self) -> None:
        self.key: Constraint | None = None  # the videos' key, while dropped
        self.referencing: list[Constraint] = []  # other tables' foreign keys to it
        self.alongside: list[Constraint] = []  # ALONGSIDE's keys
        self.numbers: dict[str, int] = {}  # handle -> line number, of the creators stored meanwhile

    @property
    def dropped(self) -> bool:
        return self.key is not None

    def drop(self) -> None:
        with connection.cursor() as cursor:
            # The key cannot go while a foreign key needs it (the campaigns' video points).
            self.referencing = constraints_dropped(
                cursor, "contype = 'f' AND confrelid = %s::regclass", [TABLE]
            )
            (self.key,) = constraints_dropped(cursor, "contype = 'p' AND conrelid = %s::regclass", [TABLE])
            # No foreign key names these tables (a first load drops their own, to the creators).
            self.alongside = constraints_dropped(
                cursor, "contype IN ('p', 'u') AND conrelid = ANY(%s::regclass[])", [ALONGSIDE]
            )

    def noted(self, handles_and_numbers: Iterable[tuple[str, int]]) -> None:
        if self.dropped:
            self.numbers.update(handles_and_numbers)

    def settle(self) -> list[Refusal]:
        """Refuse every line that claimed a video an earlier line has (its creator's rows deleted), make
        the keys and the foreign keys to the videos' again, and say which lines were refused."""
        if self.key is None:
            return []
        started = time.perf_counter()
        with connection.cursor() as cursor:
            # First: refusing a claimer deletes its snapshots and countries by creator, which these find.
            constraints_added(cursor, self.alongside)
        refusals: list[Refusal] = []
        try:
            # Most files claim no video twice: the key is made at once (1.3 s at 100,000 creators), and
            # only when it fails are the claimers looked for (4 s more).
            with transaction.atomic():
                self._key_add()
        except IntegrityError:
            refusals = self._refuse()
            self._key_add()
        with connection.cursor() as cursor:
            constraints_added(cursor, self.referencing)
        self.key, self.referencing, self.alongside, self.numbers = None, [], [], {}
        logger.debug(
            "Made the keys again in %.3f s, %d lines refused for a video an earlier line has.",
            time.perf_counter() - started,
            len(refusals),
        )
        return refusals

    def _key_add(self) -> None:
        assert self.key is not None
        with connection.cursor() as cursor:
            constraints_added(cursor, [self.key])

    def _refuse(self) -> list[Refusal]:
        table = connection.ops.quote_name(TABLE)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id FROM {table} GROUP BY id HAVING count(*) > 1")
            twice = [video_id for (video_id,) in cursor.fetchall()]
            if not twice:
                return []
            # Each claimer's claims, with their places in its line: the order COPY stored its videos in.
            cursor.execute(
                f"SELECT creator_id, id, position FROM (SELECT creator_id, id, "
                f"row_number() OVER (PARTITION BY creator_id ORDER BY ctid) - 1 AS position FROM {table} "
                f"WHERE creator_id IN (SELECT creator_id FROM {table} WHERE id = ANY(%s))) placed "
                f"WHERE id = ANY(%s) ORDER BY creator_id, position",
                [twice, twice],
            )
            claims = cursor.fetchall()
        refused = refused_claimers(claims)
        handles = dict(
            Creator.objects.filter(
                pk__in={*refused, *(owner for _video, _at, owner in refused.values())}
            ).values_list("pk", "handle")
        )
        new_creators_remove(Creator.objects.filter(pk__in=list(refused)))
        with connection.cursor() as cursor:
            # The deletes queued the checks of the foreign keys to these rows (deferred to the commit), and
            # PostgreSQL alters no table with checks pending: run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        return [
            Refusal(
                number=self.numbers[handles[creator_id]],
                handle=handles[creator_id],
                reason=str(
                    BadLine(
                        f"videos[{position}].id",
                        _("video %(id)d already belongs to another creator, @%(owner)s")
                        % {"id": video_id, "owner": handles[owner]},
                    )
                ),
            )
            for creator_id, (video_id, position, owner) in refused.items()
        ]


# A constraint as the database defines it: its table, name and definition.
type Constraint = tuple[str, str, str]


def constraints_dropped(cursor: Any, condition: str, params: list[Any]) -> list[Constraint]:
    """The constraints of pg_constraint that `condition` selects, dropped (primary keys before unique
    constraints, so that they are made again in that order)."""
    cursor.execute(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
        f"WHERE {condition} ORDER BY contype",
        params,
    )
    constraints = cursor.fetchall()
    quote = connection.ops.quote_name
    for table, name, _definition in constraints:
        cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
    return constraints


def constraints_added(cursor: Any, constraints: list[Constraint]) -> None:
    quote = connection.ops.quote_name
    for table, name, definition in constraints:
        cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}")


def refused_claimers(claims: list[tuple[int, int, int]]) -> dict[int, tuple[int, int, int]]:
    """Of (creator id, video id, its place in the creator's line) for each video claimed more than once,
    the creators refused, each with the first video an earlier kept creator has, its place and that
    creator: taken in the order of the creators' ids (the file's), a creator keeps its claims unless one
    of them is already kept by another."""
    by_creator: defaultdict[int, list[tuple[int, int]]] = defaultdict(list)
    for creator_id, video_id, position in claims:
        by_creator[creator_id].append((video_id, position))
    kept: dict[int, int] = {}  # video id -> the creator that keeps it
    refused: dict[int, tuple[int, int, int]] = {}
    for creator_id in sorted(by_creator):
        videos = by_creator[creator_id]
        taken = next(((video, at) for video, at in videos if video in kept), None)
        if taken is None:
            kept.update((video, creator_id) for video, _at in videos)
        else:
            refused[creator_id] = (taken[0], taken[1], kept[taken[0]])
    return refused
