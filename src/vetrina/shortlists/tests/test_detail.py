import re

import pytest
from django.test import Client

from vetrina.creators.tests.factories import AudienceCountryFactory, CreatorFactory
from vetrina.shortlists.models import ShortlistEntry
from vetrina.shortlists.tests.factories import ShortlistEntryFactory, ShortlistFactory

pytestmark = pytest.mark.django_db

CREATORS = {
    # handle: (reach, avg_views, engagement_rate, authenticity, audience {country: share})
    "asha.fits": (1_200_000, 240_000.0, 0.061, 92.0, {"IN": 0.7, "US": 0.3}),
    "rk.style": (310_000, 58_000.0, 0.04, 71.0, {"GB": 0.45, "US": 0.55}),
    "new.face": (None, None, None, None, {}),
}


@pytest.fixture
def shortlist(brand_member):
    shortlist = ShortlistFactory.create(organisation=brand_member.organisation, name="Summer launch")
    for handle, (reach, avg_views, rate, authenticity, audience) in CREATORS.items():
        creator = CreatorFactory.create(
            handle=handle,
            reach=reach,
            avg_views=avg_views,
            engagement_rate=rate,
            authenticity_score=authenticity,
        )
        for country, share in audience.items():
            AudienceCountryFactory.create(creator=creator, country=country, share=share)
        ShortlistEntryFactory.create(shortlist=shortlist, creator=creator)
    return shortlist


@pytest.fixture
def brand_client(brand_member) -> Client:
    client = Client()
    client.force_login(brand_member)
    return client


def handles_in_order(page: str) -> list[str]:
    return re.findall(r'<tr data-handle="([^"]+)"', page)


def test_it_compares_the_creators_side_by_side(brand_client, shortlist):
    page = brand_client.get(f"/shortlists/{shortlist.pk}/").content.decode()
    assert handles_in_order(page) == list(CREATORS)  # in the order they were added
    assert 'title="1,200,000">1.2M<' in page
    assert 'title="240,000">240K<' in page
    assert 'title="6.1%">6.1%<' in page
    assert 'title="92">92<' in page
    # the top audience country and its share: India 70 % for asha, the United States 55 % for rk
    assert '<span class="country-code" aria-hidden="true">IN</span> India' in page
    assert 'title="70%">70.0%<' in page
    assert 'title="55%">55.0%<' in page
    total = sum(values[0] or 0 for values in CREATORS.values())
    assert f'title="{total:,}"' in page


@pytest.mark.parametrize(
    ("sort", "key"),
    [
        ("-reach", lambda values: values[0]),
        ("avg_views", lambda values: values[1]),
        ("-engagement_rate", lambda values: values[2]),
        ("authenticity", lambda values: values[3]),
        ("-audience_share", lambda values: max(values[4].values(), default=None)),
    ],
)
def test_it_sorts_by_a_column_with_undefined_numbers_last(brand_client, shortlist, sort, key):
    defined = [handle for handle, values in CREATORS.items() if key(values) is not None]
    undefined = [handle for handle in CREATORS if handle not in defined]
    expected = sorted(defined, key=lambda handle: key(CREATORS[handle]), reverse=sort.startswith("-"))
    page = brand_client.get(f"/shortlists/{shortlist.pk}/?sort={sort}").content.decode()
    assert handles_in_order(page) == expected + undefined


def test_the_sorted_column_header_says_so_and_links_to_the_other_direction(brand_client, shortlist):
    page = brand_client.get(f"/shortlists/{shortlist.pk}/?sort=-reach").content.decode()
    assert re.search(r'aria-sort="descending">\s*<a href="\?sort=reach">Reach', page)
    assert '<a href="?sort=-avg_views">Avg views' in page


def test_the_page_costs_the_same_queries_for_many_creators(
    brand_client, brand_member, django_assert_max_num_queries
):
    shortlist = ShortlistFactory.create(organisation=brand_member.organisation)
    ShortlistEntryFactory.create(shortlist=shortlist)
    with django_assert_max_num_queries(10) as few:
        brand_client.get(f"/shortlists/{shortlist.pk}/")
    for _ in range(15):
        ShortlistEntryFactory.create(shortlist=shortlist)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = brand_client.get(f"/shortlists/{shortlist.pk}/")
    assert len(handles_in_order(response.content.decode())) == 16


def test_the_selection_is_a_get_form_of_the_list_and_its_creators(brand_client, shortlist):
    page = brand_client.get(f"/shortlists/{shortlist.pk}/").content.decode()
    selected = re.search(r'<form id="contact-selected" method="get".*?</form>', page, re.S)
    assert selected is not None
    assert f'name="shortlist" value="{shortlist.pk}"' in selected.group(0)
    for handle in CREATORS:
        assert f'name="creator" value="{handle}" form="contact-selected"' in page
    every = re.search(r'<form id="contact-all" method="get".*?</form>', page, re.S)
    assert every is not None
    assert re.findall(r'name="creator" value="([^"]+)"', every.group(0)) == list(CREATORS)


def test_it_saves_a_note_in_place(brand_client, shortlist):
    response = brand_client.post(
        f"/shortlists/{shortlist.pk}/creators/rk.style/note/",
        {"note": "Ask about rates"},
        headers={"HX-Request": "true"},
    )
    fragment = response.content.decode()
    assert response.status_code == 200
    assert fragment.lstrip().startswith('<form class="note-form"')
    assert ">Ask about rates</textarea>" in fragment
    assert "Saved" in fragment
    assert (
        ShortlistEntry.objects.get(shortlist=shortlist, creator__handle="rk.style").note == "Ask about rates"
    )


def test_a_note_without_htmx_returns_to_the_list(brand_client, shortlist):
    response = brand_client.post(f"/shortlists/{shortlist.pk}/creators/rk.style/note/", {"note": "Later"})
    assert (response.status_code, response["Location"]) == (302, f"/shortlists/{shortlist.pk}/")
    assert ShortlistEntry.objects.get(shortlist=shortlist, creator__handle="rk.style").note == "Later"


def test_it_removes_a_creator_and_gives_back_the_table_with_new_totals(brand_client, shortlist):
    response = brand_client.post(
        f"/shortlists/{shortlist.pk}/creators/asha.fits/remove/",
        {"sort": "-reach"},
        headers={"HX-Request": "true"},
    )
    fragment = response.content.decode()
    assert fragment.lstrip().startswith('<div id="shortlist-creators"')
    assert handles_in_order(fragment) == ["rk.style", "new.face"]
    assert "Removed @asha.fits from the list." in fragment
    assert "2 creators" in fragment
    assert not shortlist.entries.filter(creator__handle="asha.fits").exists()


def test_staff_read_a_list_without_changing_it(staff_client, shortlist):
    page = staff_client.get(f"/shortlists/{shortlist.pk}/").content.decode()
    assert handles_in_order(page) == list(CREATORS)
    assert "Save note" not in page
    assert "Contact selected" not in page
    assert staff_client.post(f"/shortlists/{shortlist.pk}/creators/rk.style/remove/").status_code == 403


def test_a_note_too_long_is_refused_in_place_with_the_reason(brand_client, shortlist):
    response = brand_client.post(
        f"/shortlists/{shortlist.pk}/creators/rk.style/note/",
        {"note": "x" * 2001},
        headers={"HX-Request": "true"},
    )
    # htmx swaps only successful answers: the refusal is a 200 whose form says what is wrong
    assert response.status_code == 200
    assert "Ensure this value has at most 2000 characters" in response.content.decode()
    assert ShortlistEntry.objects.get(shortlist=shortlist, creator__handle="rk.style").note == ""


def test_the_tables_caption_names_the_list_escaped_once(brand_client, brand_member):
    shortlist = ShortlistFactory.create(organisation=brand_member.organisation, name="Tom & <Jerry>")
    ShortlistEntryFactory.create(shortlist=shortlist)
    page = brand_client.get(f"/shortlists/{shortlist.pk}/").content.decode()
    assert (
        '<caption class="visually-hidden">Creators on Tom &amp; &lt;Jerry&gt;; the column headers sort the table.'
        "</caption>"
    ) in page
