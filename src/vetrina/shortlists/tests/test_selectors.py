import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from vetrina.creators.tests.factories import AudienceCountryFactory, CreatorFactory
from vetrina.shortlists.selectors import (
    get_shortlist_for,
    get_shortlist_for_change,
    shortlist_choices_for,
    shortlist_names_attach,
    shortlist_names_by_creator,
    shortlist_rows,
    shortlists_for,
)
from vetrina.shortlists.tests.factories import ShortlistEntryFactory, ShortlistFactory

pytestmark = pytest.mark.django_db


def test_members_read_their_own_organisations_lists_only(brand_member, agency_member):
    mine = ShortlistFactory.create(organisation=brand_member.organisation)
    theirs = ShortlistFactory.create(organisation=agency_member.organisation)
    assert list(shortlists_for(user=brand_member)) == [mine]
    assert get_shortlist_for(brand_member, mine.pk) == mine
    with pytest.raises(Http404):
        get_shortlist_for(brand_member, theirs.pk)
    with pytest.raises(Http404):
        get_shortlist_for_change(brand_member, theirs.pk)


def test_staff_read_every_list_but_change_none(staff_user, brand_member, agency_member):
    lists = {
        ShortlistFactory.create(organisation=brand_member.organisation),
        ShortlistFactory.create(organisation=agency_member.organisation),
    }
    assert set(shortlists_for(user=staff_user)) == lists
    some = lists.pop()
    assert get_shortlist_for(staff_user, some.pk) == some
    with pytest.raises(PermissionDenied):
        get_shortlist_for_change(staff_user, some.pk)


def test_visitors_and_creators_have_no_lists(visitor, creator_account):
    for user in (visitor, creator_account):
        with pytest.raises(PermissionDenied):
            shortlists_for(user=user)
        assert shortlist_names_by_creator(user=user, creator_ids=[1, 2]) == {}


def test_totals_count_creators_and_add_up_their_reach_ignoring_undefined_reach(brand_member):
    shortlist = ShortlistFactory.create(organisation=brand_member.organisation)
    reaches = [120_000, 3_400_000, None]
    for reach in reaches:
        ShortlistEntryFactory.create(shortlist=shortlist, creator=CreatorFactory.create(reach=reach))
    empty = ShortlistFactory.create(organisation=brand_member.organisation)

    found = {row.pk: row for row in shortlists_for(user=brand_member)}
    assert (vars(found[shortlist.pk])["creator_count"], vars(found[shortlist.pk])["total_reach"]) == (
        len(reaches),
        sum(reach for reach in reaches if reach is not None),
    )
    assert (vars(found[empty.pk])["creator_count"], vars(found[empty.pk])["total_reach"]) == (0, 0)


def test_rows_carry_the_top_audience_country_and_sort_with_undefined_last(brand_member):
    shortlist = ShortlistFactory.create(organisation=brand_member.organisation)
    data = {"ann": 500, "bob": None, "cat": 9_000, "dan": 500}
    for handle, reach in data.items():
        ShortlistEntryFactory.create(
            shortlist=shortlist, creator=CreatorFactory.create(handle=handle, reach=reach)
        )
    cat = shortlist.entries.get(creator__handle="cat").creator
    AudienceCountryFactory.create(creator=cat, country="US", share=0.25)
    AudienceCountryFactory.create(creator=cat, country="IN", share=0.6)
    AudienceCountryFactory.create(creator=cat, country="GB", share=0.15)

    def order(sort: str) -> list[str]:
        return [row.creator.handle for row in shortlist_rows(shortlist=shortlist, sort=sort)]

    defined = [handle for handle in data if data[handle] is not None]
    # Ties on reach break by handle in both directions; the undefined one is last both ways.
    assert order("reach") == [*sorted(defined, key=lambda h: (data[h], h)), "bob"]
    assert order("-reach") == ["cat", "ann", "dan", "bob"]
    assert order("nonsense") == list(data)  # the default: order of addition
    rows = {row.creator.handle: vars(row) for row in shortlist_rows(shortlist=shortlist)}
    assert (rows["cat"]["top_audience_country"], rows["cat"]["top_audience_share"]) == ("IN", 0.6)
    assert (rows["ann"]["top_audience_country"], rows["ann"]["top_audience_share"]) == (None, None)


def test_list_rows_cost_one_query_whatever_their_number(brand_member, django_assert_num_queries):
    shortlist = ShortlistFactory.create(organisation=brand_member.organisation)
    for _ in range(5):
        entry = ShortlistEntryFactory.create(shortlist=shortlist)
        AudienceCountryFactory.create(creator=entry.creator)
    with django_assert_num_queries(1):
        rows = list(shortlist_rows(shortlist=shortlist, sort="-audience_share"))
        assert [row.creator.handle for row in rows]


def test_names_by_creator_come_from_one_query_for_many_creators(
    brand_member, agency_member, django_assert_num_queries
):
    summer = ShortlistFactory.create(organisation=brand_member.organisation, name="Summer")
    autumn = ShortlistFactory.create(organisation=brand_member.organisation, name="Autumn")
    elsewhere = ShortlistFactory.create(organisation=agency_member.organisation, name="Agency list")
    creators = CreatorFactory.create_batch(20)
    ShortlistEntryFactory.create(shortlist=summer, creator=creators[0])
    ShortlistEntryFactory.create(shortlist=autumn, creator=creators[0])
    ShortlistEntryFactory.create(shortlist=elsewhere, creator=creators[1])

    with django_assert_num_queries(1):
        shortlist_names_attach(user=brand_member, creators=creators)
    names = [vars(creator)["shortlist_names"] for creator in creators]
    assert names[0] == ["Autumn", "Summer"]
    assert names[1] == []  # the agency's list is not the brand's business
    assert names[2:] == [[]] * 18


def test_choices_mark_the_lists_holding_the_creator(brand_member):
    creator = CreatorFactory.create()
    holding = ShortlistFactory.create(organisation=brand_member.organisation, name="A")
    ShortlistFactory.create(organisation=brand_member.organisation, name="B")
    ShortlistEntryFactory.create(shortlist=holding, creator=creator)
    assert [
        (s.name, vars(s)["holds_creator"]) for s in shortlist_choices_for(user=brand_member, creator=creator)
    ] == [
        ("A", True),
        ("B", False),
    ]
