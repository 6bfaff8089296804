"""Setting up a demo: the demo creators, made once and reused (the logins are in demo.logins); and
seeding generated creators through the import (`vetrina seed`)."""

import json
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils.translation import gettext as _

from vetrina.creators.models import Creator
from vetrina.demo.generator import OutOfRange
from vetrina.demo.streaming import generated_rows
from vetrina.ingest.importing import ImportReport, creators_import, import_workers, prepared_creators_import
from vetrina.ingest.parsing import latest_data_day
from vetrina.ingest.preparing import Prepared

# A small hand-written set of creators; the tests and the API-detail benchmark import it.
SAMPLE_FILE = Path(__file__).resolve().parent / "sample.jsonl"
# The demo's "today", the day every generated creator's follower history ends (the sample's too). Fixed,
# so that a seed gives the same data whenever it runs; `vetrina seed --as-of` moves it.
DEMO_AS_OF = date(2026, 11, 20)
DEMO_SEED = 1
DEMO_CREATORS = 2_000  # enough for every market, category and tier to have peers, seeded in seconds
LABELS_FILE_NAME = "seed-labels.json"
# The demo's faces: flat portraits among Vetrina's own static files (the demo needs no internet).
DEMO_AVATARS = 12
DEMO_AVATAR_PATH = "vetrina/demo-avatars/{number:02d}.svg"


@dataclass(frozen=True)
class SeedReport:
    imported: ImportReport
    inauthentic: int  # creators generated with the signs of a bought audience
    viral: int  # authentic creators generated with a viral video
    labels_file: Path


def labels_file() -> Path:
    """Where `demo_seed` says which creators it made inauthentic: the data folder, never the database."""
    return Path(settings.DATA_DIR) / LABELS_FILE_NAME


def demo_creators_ensure(*, on_progress: Callable[[int], None] | None = None) -> SeedReport | None:
    """Seeds DEMO_CREATORS generated creators into an empty database; None when creators exist."""
    if Creator.objects.exists():
        return None
    report = demo_seed(count=DEMO_CREATORS, seed=DEMO_SEED, as_of=DEMO_AS_OF, on_progress=on_progress)
    demo_avatars_assign()
    return report


@transaction.atomic
def demo_avatars_assign() -> int:
    """Gives two creators in three one of the demo's faces, so that a new user sees faces on cards and
    pages, and on the rest the initials every creator without a picture shows. Returns how many.

    Stored as the path under STATIC_URL, not the hashed name `{% static %}` gives in production: that
    name changes whenever the file does, while the plain one is served by every version.
    """
    creators = list(Creator.objects.order_by("pk").only("pk"))
    chosen = [creator for index, creator in enumerate(creators) if index % 3 != 2]
    for index, creator in enumerate(chosen):
        creator.avatar_url = settings.STATIC_URL + DEMO_AVATAR_PATH.format(number=index % DEMO_AVATARS + 1)
    Creator.objects.bulk_update(chosen, ["avatar_url"], batch_size=500)
    return len(chosen)


def demo_sample_import() -> ImportReport:
    """Imports the hand-written sample creators (upserting, like any import)."""
    with SAMPLE_FILE.open(encoding="utf-8") as sample:
        return creators_import(lines=sample)


def demo_seed(
    *,
    count: int,
    seed: int,
    as_of: date,
    out: Path | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> SeedReport:
    """Generates `count` creators, imports them the way `vetrina import` does (and writes the same lines
    to the file `out` when given, replacing what it held), and writes which of them are inauthentic, and which were planted as look-alike families, to the
    labels file.

    The creators stream from the generator through the import, so memory stays flat whatever the count;
    the generator's processes prepare their rows from its records, as the import would from their lines.
    Not one transaction: the import commits every few thousand lines, as it does for a file. Raises OutOfRange,
    before importing anything, when the arguments are beyond the generator or the data date is after today;
    streaming.CannotWrite when `out` cannot be written.
    """
    # The import refuses follower counts from the future: a data date past today would make every line bad.
    if as_of > (latest := latest_data_day()):
        raise OutOfRange(
            _(
                "The data date must not be after %(latest)s: the import refuses follower counts from the future."
            )
            % {"latest": latest}
        )
    # Only the served markets: a creator from elsewhere would be a bad line.
    # The generator's processes make, prepare and encode the creators: this one's time goes to the import.
    generated = generated_rows(
        count=count,
        seed=seed,
        as_of=as_of,
        markets=settings.SERVED_MARKETS,
        vendor=connection.vendor,
        out=out,
    )
    inauthentic: list[dict[str, object]] = []
    viral: list[str] = []
    families: dict[str, list[str]] = {}

    def creators() -> Iterator[Prepared]:
        for creator in generated:
            if creator.family is not None:
                families.setdefault(str(creator.family), []).append(creator.handle)
            if creator.signs:
                inauthentic.append({"handle": creator.handle, "signs": list(creator.signs)})
            elif creator.viral:
                viral.append(creator.handle)
            yield creator.prepared

    try:
        imported = prepared_creators_import(
            # As big as an import of as many lines: a first load into PostgreSQL applies alike.
            outcomes=creators(),
            on_progress=on_progress,
            big=import_workers(count) > 1,
        )
    finally:
        # Stop the generator's processes now if the import stopped early (an error): left to the end of
        # the interpreter, they would wait there forever to hand over their next creators, and so would we.
        generated.close()
    labels = {
        "seed": seed,
        "as_of": as_of.isoformat(),
        "creators": count,
        "inauthentic": inauthentic,
        "viral": viral,
        # The look-alike families the similar-creators benchmark measures against.
        "families": families,
    }
    path = labels_file()
    _write_atomically(path, json.dumps(labels, ensure_ascii=False, indent=1) + "\n")
    return SeedReport(imported=imported, inauthentic=len(inauthentic), viral=len(viral), labels_file=path)


def _write_atomically(path: Path, text: str) -> None:
    # A reader (a benchmark scoring authenticity) never sees half a file: write beside it, then rename.
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
