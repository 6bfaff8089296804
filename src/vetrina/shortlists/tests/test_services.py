from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from vetrina.creators.tests.factories import CreatorFactory
from vetrina.shortlists.models import Shortlist, ShortlistEntry
from vetrina.shortlists.services import (
    shortlist_create,
    shortlist_create_with_creator,
    shortlist_creator_add,
    shortlist_delete,
    shortlist_entry_note_set,
    shortlist_entry_remove,
    shortlist_update,
)
from vetrina.shortlists.tests.factories import ShortlistEntryFactory, ShortlistFactory

pytestmark = pytest.mark.django_db


def an_hour_ago(shortlist: Shortlist) -> Shortlist:
    Shortlist.objects.filter(pk=shortlist.pk).update(updated_at=timezone.now() - timedelta(hours=1))
    shortlist.refresh_from_db()
    return shortlist


def test_it_creates_a_list_for_the_organisation(brand_member):
    shortlist = shortlist_create(
        organisation=brand_member.organisation,
        created_by=brand_member,
        name="  Summer   launch ",
        description=" Beauty creators for June ",
    )
    shortlist.refresh_from_db()
    assert (shortlist.organisation, shortlist.name, shortlist.description, shortlist.created_by) == (
        brand_member.organisation,
        "Summer launch",
        "Beauty creators for June",
        brand_member,
    )


def test_it_refuses_a_list_without_a_name(brand_member):
    with pytest.raises(ValidationError, match="Give the list a name"):
        shortlist_create(organisation=brand_member.organisation, created_by=brand_member, name="   ")


def test_it_refuses_a_second_list_of_the_same_name_in_one_organisation(brand_member, agency_member):
    shortlist_create(organisation=brand_member.organisation, created_by=brand_member, name="Summer")
    with pytest.raises(ValidationError, match="already a list named “summer”"):
        shortlist_create(organisation=brand_member.organisation, created_by=brand_member, name="summer")
    # another organisation may use the name
    shortlist_create(organisation=agency_member.organisation, created_by=agency_member, name="Summer")
    assert Shortlist.objects.filter(name__iexact="summer").count() == 2


def test_it_renames_and_describes_a_list_and_marks_it_changed(brand_member):
    shortlist = an_hour_ago(ShortlistFactory.create(organisation=brand_member.organisation, name="Old"))
    before = shortlist.updated_at
    shortlist_update(shortlist=shortlist, name="New name", description="For the autumn")
    shortlist.refresh_from_db()
    assert (shortlist.name, shortlist.description) == ("New name", "For the autumn")
    assert shortlist.updated_at > before


def test_renaming_a_list_to_its_own_name_in_other_case_is_allowed(brand_member):
    shortlist = ShortlistFactory.create(organisation=brand_member.organisation, name="summer")
    shortlist_update(shortlist=shortlist, name="Summer")
    shortlist.refresh_from_db()
    assert shortlist.name == "Summer"


def test_renaming_to_another_lists_name_is_refused(brand_member):
    ShortlistFactory.create(organisation=brand_member.organisation, name="Taken")
    shortlist = ShortlistFactory.create(organisation=brand_member.organisation, name="Mine")
    with pytest.raises(ValidationError, match="already a list named"):
        shortlist_update(shortlist=shortlist, name="taken")


def test_it_adds_a_creator_and_marks_the_list_changed(brand_member):
    shortlist = an_hour_ago(ShortlistFactory.create(organisation=brand_member.organisation))
    before = shortlist.updated_at
    creator = CreatorFactory.create()
    entry = shortlist_creator_add(
        shortlist=shortlist, creator=creator, added_by=brand_member, note=" Great fit "
    )
    shortlist.refresh_from_db()
    assert (entry.shortlist, entry.creator, entry.added_by, entry.note) == (
        shortlist,
        creator,
        brand_member,
        "Great fit",
    )
    assert shortlist.updated_at > before


def test_it_says_when_the_creator_is_already_on_the_list(brand_member):
    shortlist = ShortlistFactory.create(organisation=brand_member.organisation, name="Summer")
    creator = CreatorFactory.create(handle="anna.styles")
    shortlist_creator_add(shortlist=shortlist, creator=creator, added_by=brand_member)
    with pytest.raises(ValidationError, match=r"@anna\.styles is already on “Summer”"):
        shortlist_creator_add(shortlist=shortlist, creator=creator, added_by=brand_member)
    assert ShortlistEntry.objects.count() == 1


def test_it_refuses_an_unverified_creator(brand_member):
    shortlist = ShortlistFactory.create(organisation=brand_member.organisation)
    with pytest.raises(ValidationError, match="Only verified creators"):
        shortlist_creator_add(
            shortlist=shortlist, creator=CreatorFactory.create(verified=False), added_by=None
        )
    assert not ShortlistEntry.objects.exists()


def test_it_sets_a_note_and_removes_a_creator(brand_member):
    entry = ShortlistEntryFactory.create(shortlist__organisation=brand_member.organisation)
    shortlist = an_hour_ago(entry.shortlist)
    entry.shortlist = shortlist
    shortlist_entry_note_set(entry=entry, note="  Ask about rates  ")
    entry.refresh_from_db()
    assert entry.note == "Ask about rates"

    shortlist_entry_remove(entry=entry)
    assert not ShortlistEntry.objects.filter(pk=entry.pk).exists()
    shortlist.refresh_from_db()
    assert shortlist.updated_at > timezone.now() - timedelta(minutes=1)


def test_it_refuses_a_note_that_is_too_long(brand_member):
    entry = ShortlistEntryFactory.create(shortlist__organisation=brand_member.organisation)
    with pytest.raises(ValidationError, match="at most 2000 characters"):
        shortlist_entry_note_set(entry=entry, note="x" * 2001)


def test_deleting_a_list_keeps_its_creators(brand_member):
    entry = ShortlistEntryFactory.create(shortlist__organisation=brand_member.organisation)
    shortlist_delete(shortlist=entry.shortlist)
    assert not Shortlist.objects.exists()
    assert not ShortlistEntry.objects.exists()
    entry.creator.refresh_from_db()  # still there


@pytest.mark.parametrize("text", ["nul\x00here", "lone \ud800 surrogate"])
def test_it_refuses_text_no_database_can_store(brand_member, text):
    # PostgreSQL refuses NUL; no database takes a lone surrogate. The refusal is the same on both.
    with pytest.raises(ValidationError, match="cannot be stored"):
        shortlist_create(organisation=brand_member.organisation, created_by=brand_member, name=text)
    entry = ShortlistEntryFactory.create(shortlist__organisation=brand_member.organisation)
    with pytest.raises(ValidationError, match="cannot be stored"):
        shortlist_entry_note_set(entry=entry, note=text)


def test_it_creates_a_list_with_a_creator_on_it(brand_member):
    creator = CreatorFactory.create()
    shortlist = shortlist_create_with_creator(
        organisation=brand_member.organisation, created_by=brand_member, name="Q4", creator=creator
    )
    assert list(shortlist.entries.values_list("creator", "added_by")) == [(creator.pk, brand_member.pk)]


def test_a_list_whose_creator_is_refused_is_not_created(brand_member):
    creator = CreatorFactory.create(verified=False)
    with pytest.raises(ValidationError, match="Only verified creators"):
        shortlist_create_with_creator(
            organisation=brand_member.organisation, created_by=brand_member, name="Q4", creator=creator
        )
    assert not Shortlist.objects.exists()
