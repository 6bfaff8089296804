import re

import pytest
from django.template import engines
from django.test import Client, RequestFactory
from django.utils.text import slugify

from vetrina.creators.tests.factories import CreatorFactory
from vetrina.shortlists.models import Shortlist, ShortlistEntry
from vetrina.shortlists.presentation import picker_context
from vetrina.shortlists.selectors import shortlist_names_attach
from vetrina.shortlists.tests.factories import ShortlistEntryFactory, ShortlistFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def brand_client(brand_member) -> Client:
    client = Client()
    client.force_login(brand_member)
    return client


@pytest.fixture
def anna():
    return CreatorFactory.create(handle="anna.styles", display_name="Anna")


def summary_of(page: str) -> str:
    found = re.search(r'<details class="list-picker".*?<summary[^>]*>(.*?)</summary>', page, re.S)
    assert found is not None, "no Add to list button"
    return " ".join(found.group(1).split())


def test_the_creator_page_has_an_add_to_list_button_that_loads_the_lists_when_opened(brand_client, anna):
    page = brand_client.get("/creators/anna.styles/").content.decode()
    assert summary_of(page) == "Add to list"
    assert 'hx-get="/shortlists/picker/anna.styles/" hx-trigger="toggle once"' in page


def test_the_button_names_the_lists_holding_the_creator(brand_client, brand_member, agency_member, anna):
    for name in ("Summer", "Autumn"):
        ShortlistEntryFactory.create(
            shortlist__organisation=brand_member.organisation, shortlist__name=name, creator=anna
        )
    ShortlistEntryFactory.create(
        shortlist__organisation=agency_member.organisation, shortlist__name="Agency's", creator=anna
    )
    page = brand_client.get("/creators/anna.styles/").content.decode()
    assert summary_of(page) == '<span aria-hidden="true">✓</span> In Autumn, Summer'


def test_visitors_and_staff_have_no_add_to_list(client, visitor, staff_user, anna):
    for user in (visitor, staff_user):
        client.force_login(user)
        assert 'class="list-picker"' not in client.get("/creators/anna.styles/").content.decode()


def test_the_picker_lists_the_organisations_lists_with_those_holding_the_creator_checked(
    brand_client, brand_member, agency_member, anna
):
    holding = ShortlistEntryFactory.create(
        shortlist__organisation=brand_member.organisation, shortlist__name="Summer", creator=anna
    ).shortlist
    other = ShortlistFactory.create(organisation=brand_member.organisation, name="Autumn")
    ShortlistFactory.create(organisation=agency_member.organisation, name="Agency's")

    fragment = brand_client.get("/shortlists/picker/anna.styles/", headers=HTMX).content.decode()

    assert "<details" not in fragment  # only the panel's insides
    assert re.search(
        rf'value="{holding.pk}">\s*<span class="picker-list-name">.*Summer.*already here', fragment, re.S
    )
    assert 'aria-label="Add to Autumn">+ Autumn<' in fragment
    assert f'value="{other.pk}"' in fragment
    assert "Agency" not in fragment
    assert "New list…" in fragment


def test_adding_from_the_picker_changes_the_button_in_place(brand_client, brand_member, anna):
    shortlist = ShortlistFactory.create(organisation=brand_member.organisation, name="Summer")
    response = brand_client.post(
        "/shortlists/picker/anna.styles/", {"action": "add", "shortlist": shortlist.pk}, headers=HTMX
    )
    fragment = response.content.decode()
    assert fragment.lstrip().startswith('<details class="list-picker" id="list-picker-annastyles" open>')
    assert summary_of(fragment) == '<span aria-hidden="true">✓</span> In Summer'
    assert "Added @anna.styles to “Summer”." in fragment
    assert shortlist.entries.filter(creator=anna).exists()


def test_the_picker_says_when_the_creator_is_already_on_the_list(brand_client, brand_member, anna):
    shortlist = ShortlistEntryFactory.create(
        shortlist__organisation=brand_member.organisation, shortlist__name="Summer", creator=anna
    ).shortlist
    # e.g. added by a colleague since the picker was opened
    response = brand_client.post(
        "/shortlists/picker/anna.styles/", {"action": "add", "shortlist": shortlist.pk}, headers=HTMX
    )
    assert "@anna.styles is already on “Summer”." in response.content.decode()
    assert shortlist.entries.count() == 1


def test_a_new_list_is_created_with_the_creator_on_it(brand_client, brand_member, anna):
    response = brand_client.post(
        "/shortlists/picker/anna.styles/", {"action": "create", "name": "Q4 launch"}, headers=HTMX
    )
    shortlist = Shortlist.objects.get(name="Q4 launch")
    assert shortlist.organisation == brand_member.organisation
    assert list(shortlist.entries.values_list("creator__handle", flat=True)) == ["anna.styles"]
    fragment = response.content.decode()
    assert summary_of(fragment) == '<span aria-hidden="true">✓</span> In Q4 launch'
    assert "Created “Q4 launch” with @anna.styles on it." in fragment


def test_a_new_list_with_a_taken_name_is_refused_with_the_reason(brand_client, brand_member, anna):
    ShortlistFactory.create(organisation=brand_member.organisation, name="Q4 launch")
    response = brand_client.post(
        "/shortlists/picker/anna.styles/", {"action": "create", "name": "q4 LAUNCH"}, headers=HTMX
    )
    assert "There is already a list named “q4 LAUNCH”." in response.content.decode()
    assert Shortlist.objects.count() == 1
    assert not ShortlistEntry.objects.exists()


def test_removing_from_the_picker_takes_the_creator_off_the_list(brand_client, brand_member, anna):
    shortlist = ShortlistEntryFactory.create(
        shortlist__organisation=brand_member.organisation, shortlist__name="Summer", creator=anna
    ).shortlist
    response = brand_client.post(
        "/shortlists/picker/anna.styles/", {"action": "remove", "shortlist": shortlist.pk}, headers=HTMX
    )
    assert summary_of(response.content.decode()) == "Add to list"
    assert not shortlist.entries.exists()


def test_without_htmx_the_picker_is_a_page_and_changes_come_back_to_it(brand_client, brand_member, anna):
    shortlist = ShortlistFactory.create(organisation=brand_member.organisation, name="Summer")
    page = brand_client.get("/shortlists/picker/anna.styles/").content.decode()
    assert "Add @anna.styles to a list" in page
    response = brand_client.post(
        "/shortlists/picker/anna.styles/", {"action": "add", "shortlist": shortlist.pk}, follow=True
    )
    assert response.redirect_chain == [("/shortlists/picker/anna.styles/", 302)]
    assert "Added @anna.styles to “Summer”." in response.content.decode()


def test_unverified_creators_cannot_be_added(brand_client, brand_member):
    CreatorFactory.create(handle="hidden.one", verified=False)
    shortlist = ShortlistFactory.create(organisation=brand_member.organisation)
    response = brand_client.post(
        "/shortlists/picker/hidden.one/", {"action": "add", "shortlist": shortlist.pk}, headers=HTMX
    )
    assert response.status_code == 404
    assert not shortlist.entries.exists()


def test_twenty_cards_cost_one_query_for_their_lists(brand_member, django_assert_num_queries):
    # given twenty creators, some on lists, on a page that includes the shared actions partial per card
    creators = CreatorFactory.create_batch(20)
    shortlist = ShortlistFactory.create(organisation=brand_member.organisation, name="Summer")
    for creator in creators[::3]:
        ShortlistEntryFactory.create(shortlist=shortlist, creator=creator)
    request = RequestFactory().get("/search/")
    request.user = brand_member
    # a page of cards as Creator Search renders them, each including the shared actions partial
    cards = engines["django"].from_string(
        '{% load creator_actions %}{% for creator in creators %}<article class="card">{% creator_actions creator %}</article>{% endfor %}'
    )

    # when the page's view attaches the names once and renders the cards
    with django_assert_num_queries(1):
        shortlist_names_attach(user=brand_member, creators=creators)
        page = cards.render({"creators": creators, "viewer_may_contact": True}, request)

    # then every card's button says where its creator is
    summaries = [" ".join(s.split()) for s in re.findall(r"<summary[^>]*>(.*?)</summary>", page, re.S)]
    expected = [
        '<span aria-hidden="true">✓</span> In Summer' if index % 3 == 0 else "Add to list"
        for index in range(20)
    ]
    assert summaries == expected


def test_a_new_list_whose_creator_cannot_be_added_is_not_left_behind_empty(
    brand_client, brand_member, anna, monkeypatch
):
    # given a creator that stops being verified between the picker's lookup and the add
    anna.verified = False
    monkeypatch.setattr("vetrina.shortlists.views.get_creator_for", lambda user, handle: anna)
    # when
    response = brand_client.post(
        "/shortlists/picker/anna.styles/", {"action": "create", "name": "Q4 launch"}, headers=HTMX
    )
    # then the refusal is shown and no list was kept
    assert "Only verified creators can be added to a list." in response.content.decode()
    assert not Shortlist.objects.exists()


def test_the_controls_id_is_the_slug_of_the_handle():
    for handle in ("anna.styles", "_under.score_", "a.b.c", "zz", "x__9.", "Ünïcode me", "dash-ed"):
        assert picker_context(handle, [])["picker_id"] == slugify(handle)
