"""The seed's generating processes: what they hand over is the sequential generator's, however many."""

from typing import Any

import orjson
import pytest
from django.db import connection

from vetrina.demo.generator import creator_maker, generate_creators
from vetrina.demo.services import DEMO_AS_OF
from vetrina.demo.streaming import generated_rows
from vetrina.ingest.columns import CREATOR_ROW_FIELDS
from vetrina.ingest.preparing import Outcome, Prepared, prepare_line

MARKETS = ["US", "GB", "IN", "TW", "DE"]
# Seed 2's first 420 creators hold handles that take a suffix because an earlier creator has the name.
SEED, COUNT = 2, 420


def comparable(prepared: Outcome) -> tuple[Any, ...]:
    assert isinstance(prepared, Prepared)
    # On PostgreSQL the row is COPY's text, whose values a tab parts (one within a value is escaped).
    row = prepared.creator.split("\t") if isinstance(prepared.creator, str) else prepared.creator
    return prepared._replace(
        creator=tuple(
            # When the numbers were worked out: the moment it was done.
            None if field.name == "metrics_computed_at" else value
            for field, value in zip(CREATOR_ROW_FIELDS, row, strict=True)
        )
    )


@pytest.mark.parametrize(("children", "chunk"), [(1, 100), (2, 5), (2, 100)])
def test_the_processes_hand_over_what_the_sequential_generator_makes_with_its_lines(
    tmp_path, children, chunk
):
    # given the creators made one after another, in this process
    expected = list(generate_creators(count=COUNT, seed=SEED, as_of=DEMO_AS_OF, markets=MARKETS))
    out = tmp_path / "creators.jsonl"
    # when
    handed = list(
        generated_rows(
            count=COUNT,
            seed=SEED,
            as_of=DEMO_AS_OF,
            markets=MARKETS,
            vendor=connection.vendor,
            out=out,
            children=children,
            chunk=chunk,
        )
    )
    # then each is what the import prepares of its line, in order, with its labels
    lines = [orjson.dumps(creator.line) for creator in expected]
    assert [comparable(row.prepared) for row in handed] == [
        comparable(prepare_line(number, line.decode(), vendor=connection.vendor))
        for number, line in enumerate(lines, start=1)
    ]
    assert [(row.signs, row.viral, row.family) for row in handed] == [
        (creator.signs, creator.viral, creator.family) for creator in expected
    ]
    # and the lines file holds the lines, byte for byte
    assert out.read_bytes() == b"".join(line + b"\n" for line in lines)


def test_some_handles_depend_on_a_creator_another_process_made():
    # given the handles of the test above, made one after another
    maker = creator_maker(count=COUNT, seed=SEED, as_of=DEMO_AS_OF, markets=MARKETS)
    taken: set[str] = set()
    first_holder: dict[str, int] = {}
    crossing = []
    for index in range(COUNT):
        draft = maker.draft(index)
        handle = maker.claim(draft, taken)
        holder = first_holder.get(draft.handle_base)
        if handle != draft.handle_base and holder is not None and (holder // 5) % 2 != (index // 5) % 2:
            crossing.append((holder, index))
        first_holder.setdefault(handle, index)
    # then: with two processes and chunks of 5, some suffixes come from the other process's creators,
    # so the test above shows that the handles are passed between them
    assert crossing
