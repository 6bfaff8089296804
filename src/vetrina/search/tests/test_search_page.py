from django.test import Client

from vetrina.creators.tests.factories import AudienceCountryFactory, CreatorFactory


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_it_shows_cards_with_the_numbers_formatted_for_people(brand_member):
    CreatorFactory.create(
        handle="asha.fits",
        display_name="Asha Sharma",
        country="IN",
        categories=["fashion", "beauty"],
        reach=1_234_567,
        avg_views=45_300.0,
        engagement_rate=0.0481,
        authenticity_score=91.6,
    )

    response = client_for(brand_member).get("/search/")

    html = response.content.decode()
    assert "1 creator" in html
    assert '<a class="creator-link" href="/creators/asha.fits/">Asha Sharma</a>' in html
    assert "India · Fashion, Beauty" in html
    assert '<dd title="1,234,567">1.2M</dd>' in html
    assert '<dd title="45,300">45.3K</dd>' in html
    assert '<dd title="4.81%">4.8%</dd>' in html
    assert ">92</dd>" in html
    assert "Contact" in html
    assert "Add to list" in html


def test_undefined_numbers_show_as_a_dash(brand_member):
    CreatorFactory.create(handle="new.creator", reach=None, avg_views=None, engagement_rate=None)

    html = client_for(brand_member).get("/search/").content.decode()

    assert '<dd title="—">—</dd>' in html


def test_visitors_see_no_contact_or_add_to_list(visitor):
    CreatorFactory.create(handle="asha.fits")

    html = client_for(visitor).get("/search/").content.decode()

    assert "@asha.fits" in html
    assert "Add to list" not in html


def test_the_filters_of_the_address_fill_the_panel_with_shares_as_percentages(brand_member):
    response = client_for(brand_member).get(
        "/search/",
        {
            "country": "IN",
            "category": "fashion",
            "er_min": "0.048",
            "audience_age": "18-24",
            "audience_age_min": "0.3",
            "audience_country": "in",
        },
    )

    html = response.content.decode()
    assert '<input type="checkbox" name="country" value="IN" checked>' in html
    assert '<input type="checkbox" name="category" value="fashion" checked>' in html
    assert 'name="er_min" data-percent min="0" max="100" step="any" value="4.8"' in html
    assert '<option value="18-24" selected>' in html
    assert '<option value="IN" selected>India</option>' in html
    assert 'name="audience_age_min" data-percent min="0" max="100" step="any" value="30"' in html


def test_active_filters_are_chips_that_remove_themselves(brand_member):
    response = client_for(brand_member).get(
        "/search/", {"country": ["IN", "US"], "audience_country": "IN", "audience_country_min": "0.5"}
    )

    chips = {chip.label: chip.url for active in response.context["active"] for chip in active.chips}
    assert chips == {
        "Country: India": "/search/?country=US&audience_country=IN&audience_country_min=0.5",
        "Country: United States of America": "/search/?country=IN&audience_country=IN&audience_country_min=0.5",
        "Audience in India ≥ 50%": "/search/?country=IN&country=US",
    }


def test_each_audience_filter_is_one_chip_naming_its_bucket_and_share(brand_member):
    audience = {
        "audience_age": "25-34",
        "audience_age_min": "0.25",
        "audience_gender": "female",
        "audience_gender_min": "0.6",
        "audience_device": "ios",
        "audience_device_min": "0.405",
    }

    response = client_for(brand_member).get("/search/", audience)

    chips = [chip.label for active in response.context["active"] for chip in active.chips]
    assert chips == ["Audience aged 25-34 ≥ 25%", "Audience female ≥ 60%", "Audience on iOS ≥ 40.5%"]


def test_an_empty_result_says_which_filter_to_loosen(brand_member):
    for index in range(3):
        CreatorFactory.create(handle=f"in.{index}", country="IN", reach=1000)
    CreatorFactory.create(handle="us.big", country="US", reach=5000)

    response = client_for(brand_member).get("/search/", {"country": "IN", "followers_min": "2000"})

    html = response.content.decode()
    assert "No creator matches." in html
    assert ">Followers ≥ 2K</a> (3 creators without it)" in html


def test_htmx_gets_the_results_alone_and_the_canonical_address(brand_member):
    CreatorFactory.create(handle="asha.fits", country="IN")

    response = client_for(brand_member).get(
        "/search/",
        {"country": "IN", "q": "", "er_min": "0.05", "sort": "followers"},
        headers={"HX-Request": "true", "HX-Target": "results"},
    )

    html = response.content.decode()
    assert html.lstrip().startswith('<section id="results"')
    assert 'id="search-form"' not in html
    assert response.headers["HX-Push-Url"] == "/search/?country=IN&er_min=0.05"


def test_a_chip_redraws_the_panel_and_the_results(brand_member):
    response = client_for(brand_member).get(
        "/search/", {"country": "IN"}, headers={"HX-Request": "true", "HX-Target": "search"}
    )

    html = response.content.decode()
    assert html.lstrip().startswith('<div id="search"')
    assert 'id="search-form"' in html
    assert 'id="results"' in html


def test_a_bad_filter_is_a_form_error_not_a_crash(brand_member):
    response = client_for(brand_member).get(
        "/search/", {"followers_min": "lots", "audience_device_min": "0.2"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter a whole number." in html
    assert "Choose a device for this share." in html
    assert "Some filters are not valid" in html


def test_pages_link_to_each_other_with_the_filters(brand_member):
    for index in range(5):
        CreatorFactory.create(handle=f"c{index}", country="IN", reach=index)

    response = client_for(brand_member).get("/search/", {"country": "IN", "page_size": "2", "page": "2"})

    assert [card["handle"] for card in response.context["result"].results] == ["c2", "c1"]
    pages = response.context["pages"]
    assert pages["previous"] == "/search/?country=IN&page_size=2"
    assert pages["next"] == "/search/?country=IN&page_size=2&page=3"


def test_an_audience_country_filter_finds_creators_by_their_audience(brand_member):
    asha = CreatorFactory.create(handle="asha.fits")
    AudienceCountryFactory.create(creator=asha, country="IN", share=0.6)
    CreatorFactory.create(handle="other")

    response = client_for(brand_member).get(
        "/search/", {"audience_country": "in", "audience_country_min": "0.6"}
    )

    assert [card["handle"] for card in response.context["result"].results] == ["asha.fits"]
