"""Writes to shortlists. Each one marks the list as changed, for the "last change" the lists show."""

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
