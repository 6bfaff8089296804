"""Writes to shortlists. Each one marks the list as changed, for the "last change" the lists show."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vetrina.accounts.models import Organisation, User
from vetrina.creators.models import Creator
from vetrina.shortlists.models import Shortlist, ShortlistEntry

NAME_MAX_LENGTH = Shortlist._meta.get_field("name").max_length or 120
DESCRIPTION_MAX_LENGTH = 2000
NOTE_MAX_LENGTH = 2000


def _storable(field: str, value: str) -> str:
    # PostgreSQL cannot store NUL, nor any database a lone surrogate; refuse them alike on every database.
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError({field: _("This text has characters that cannot be stored.")}) from None
    if "\x00" in value:
        raise ValidationError({field: _("This text has characters that cannot be stored.")})
    return value


def _clean_name(*, organisation: Organisation, name: str, shortlist: Shortlist | None = None) -> str:
    name = " ".join(_storable("name", name).split())
    if not name:
        raise ValidationError({"name": _("Give the list a name.")})
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationError(
            {"name": _("A list's name is at most %(count)d characters.") % {"count": NAME_MAX_LENGTH}}
        )
    others = Shortlist.objects.filter(organisation=organisation, name__iexact=name)
    if shortlist is not None:
        others = others.exclude(pk=shortlist.pk)
    if others.exists():
        raise ValidationError({"name": _("There is already a list named “%(name)s”.") % {"name": name}})
    return name


def _clean_description(description: str) -> str:
    description = _storable("description", description).strip()
    if len(description) > DESCRIPTION_MAX_LENGTH:
        raise ValidationError(
            {
                "description": _("A description is at most %(count)d characters.")
                % {"count": DESCRIPTION_MAX_LENGTH}
            }
        )
    return description


def _touch(shortlist: Shortlist) -> None:
    shortlist.updated_at = timezone.now()
    Shortlist.objects.filter(pk=shortlist.pk).update(updated_at=shortlist.updated_at)


@transaction.atomic
def shortlist_create(
    *, organisation: Organisation, created_by: User | None, name: str, description: str = ""
) -> Shortlist:
    name = _clean_name(organisation=organisation, name=name)
    description = _clean_description(description)
    try:
        with transaction.atomic():
            return Shortlist.objects.create(
                organisation=organisation, created_by=created_by, name=name, description=description
            )
    except IntegrityError:
        # Another member created a list of that name a moment ago.
        raise ValidationError(
            {"name": _("There is already a list named “%(name)s”.") % {"name": name}}
        ) from None


@transaction.atomic
def shortlist_create_with_creator(
    *, organisation: Organisation, created_by: User, name: str, creator: Creator
) -> Shortlist:
    """A new list with its first creator on it, as "Create and add" in Add to list makes it: both or
    neither, so a creator who cannot be added leaves no empty list behind."""
    shortlist = shortlist_create(organisation=organisation, created_by=created_by, name=name)
    shortlist_creator_add(shortlist=shortlist, creator=creator, added_by=created_by)
    return shortlist


# "Add all to a list" adds at most this many of a search's matches at once, the first ones in the
# search's order; the button says so ("Add the first 500 of 12,345"). A list is for comparing and
# contacting creators one by one: past a few hundred it stops being a shortlist, and the page of a
# list reads every creator's audience.
ADD_ALL_LIMIT = 500


@dataclass(frozen=True)
class Added:
    """What adding several creators did: how many joined the list, how many were on it already."""

    added: int
    already: int


@transaction.atomic
def shortlist_creators_add(
    *, shortlist: Shortlist, creator_ids: Sequence[int], added_by: User | None
) -> Added:
    """Adds the creators not on the list yet, in one insert, and says how many that was. All or nothing:
    a creator who may not be added (unverified, or unknown) stops the whole add."""
    ids = list(dict.fromkeys(creator_ids))
    if not ids:
        raise ValidationError(_("No creator matches this search any more."), code="none")
    if len(ids) > ADD_ALL_LIMIT:
        raise ValidationError(
            _("At most %(count)s creators are added at once.") % {"count": ADD_ALL_LIMIT}, code="too_many"
        )
    if Creator.objects.filter(pk__in=ids, verified=True).count() != len(ids):
        raise ValidationError(_("Only verified creators can be added to a list."), code="unverified")
    listed = set(
        ShortlistEntry.objects.filter(shortlist=shortlist, creator_id__in=ids).values_list(
            "creator_id", flat=True
        )
    )
    added_at = timezone.now()
    ShortlistEntry.objects.bulk_create(
        [
            ShortlistEntry(shortlist=shortlist, creator_id=pk, added_by=added_by, added_at=added_at)
            for pk in ids
            if pk not in listed
        ],
        # Someone else may add one of them meanwhile (PostgreSQL); theirs stands, and it counts below
        # as already on the list.
        ignore_conflicts=True,
    )
    added = ShortlistEntry.objects.filter(shortlist=shortlist, added_at=added_at).count()
    if added:
        _touch(shortlist)
    return Added(added=added, already=len(ids) - added)


@transaction.atomic
def shortlist_create_with_creators(
    *, organisation: Organisation, created_by: User, name: str, creator_ids: Sequence[int]
) -> tuple[Shortlist, Added]:
    """A new list with the creators on it: both or neither, as shortlist_create_with_creator."""
    shortlist = shortlist_create(organisation=organisation, created_by=created_by, name=name)
    return shortlist, shortlist_creators_add(
        shortlist=shortlist, creator_ids=creator_ids, added_by=created_by
    )


@transaction.atomic
def shortlist_update(
    *, shortlist: Shortlist, name: str | None = None, description: str | None = None
) -> Shortlist:
    """Renames and/or describes the list; a value left out stays as it is."""
    if name is not None:
        shortlist.name = _clean_name(organisation=shortlist.organisation, name=name, shortlist=shortlist)
    if description is not None:
        shortlist.description = _clean_description(description)
    shortlist.updated_at = timezone.now()
    shortlist.save(update_fields=["name", "description", "updated_at"])
    return shortlist


@transaction.atomic
def shortlist_delete(*, shortlist: Shortlist) -> None:
    # The creators stay; only the list and its notes go.
    shortlist.delete()


@transaction.atomic
def shortlist_creator_add(
    *, shortlist: Shortlist, creator: Creator, added_by: User | None, note: str = ""
) -> ShortlistEntry:
    if not creator.verified:
        raise ValidationError(_("Only verified creators can be added to a list."), code="unverified")
    already = ValidationError(
        _("@%(handle)s is already on “%(name)s”.") % {"handle": creator.handle, "name": shortlist.name},
        code="already_listed",
    )
    if shortlist.entries.filter(creator=creator).exists():
        raise already
    try:
        with transaction.atomic():
            entry = ShortlistEntry.objects.create(
                shortlist=shortlist, creator=creator, added_by=added_by, note=_clean_note(note)
            )
    except IntegrityError:
        raise already from None  # added by someone else a moment ago
    _touch(shortlist)
    return entry


@transaction.atomic
def shortlist_entry_remove(*, entry: ShortlistEntry) -> None:
    entry.delete()
    _touch(entry.shortlist)


def _clean_note(note: str) -> str:
    note = _storable("note", note).strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {"note": _("A note is at most %(count)d characters.") % {"count": NOTE_MAX_LENGTH}}
        )
    return note


@transaction.atomic
def shortlist_entry_note_set(*, entry: ShortlistEntry, note: str) -> ShortlistEntry:
    entry.note = _clean_note(note)
    entry.save(update_fields=["note"])
    _touch(entry.shortlist)
    return entry
