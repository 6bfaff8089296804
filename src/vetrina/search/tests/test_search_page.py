from django.test import Client

from vetrina.creators.tests.factories import AudienceCountryFactory, CreatorFactory, VideoFactory
from vetrina.search.services import search_columns_refresh


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
    assert ">Reach ≥ 2K</a> (3 creators without it)" in html


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


def test_a_rate_beyond_its_limits_is_told_in_percent_as_the_field_takes_it(brand_member):
    # The engagement-rate field is in percent; the address holds a fraction (2 is 200 %).
    too_high = client_for(brand_member).get("/search/", {"er_min": "2"}).content.decode()
    too_low = client_for(brand_member).get("/search/", {"audience_active_min": "-0.1"}).content.decode()

    assert (
        '<div class="field-errors" id="errors-er_min"><ul class="errorlist"><li>Enter 100% or less.</li>'
        in too_high
    )
    assert "1.0" not in too_high
    assert "<li>Enter 0% or more.</li>" in too_low


def test_a_rates_limit_is_told_in_percent_in_italian_too(brand_member):
    html = (
        client_for(brand_member)
        .get("/search/", {"er_min": "2"}, headers={"Accept-Language": "it"})
        .content.decode()
    )

    assert "<li>Inserisci 100% o meno.</li>" in html


def test_a_live_update_brings_every_fields_messages_for_the_panel(brand_member):
    # htmx swaps each field's slot out of band: the wrong field is marked, the others are cleared.
    response = client_for(brand_member).get(
        "/search/",
        {"audience_age_min": "0.3", "er_min": "0.05"},
        headers={"HX-Request": "true", "HX-Target": "results"},
    )

    html = response.content.decode()
    assert html.lstrip().startswith('<section id="results"')
    assert "Some filters are not valid" in html
    assert (
        '<div class="field-errors" id="errors-audience_age_min" hx-swap-oob="true"><ul class="errorlist">'
        "<li>Choose an age bracket for this share.</li></ul></div>"
    ) in html
    assert '<div class="field-errors" id="errors-er_min" hx-swap-oob="true"></div>' in html
    assert html.count('hx-swap-oob="true"') == html.count('class="field-errors"') == 18


def test_a_valid_live_update_clears_every_fields_messages(brand_member):
    CreatorFactory.create(handle="asha.fits")

    response = client_for(brand_member).get(
        "/search/", {"er_min": "0.05"}, headers={"HX-Request": "true", "HX-Target": "results"}
    )

    html = response.content.decode()
    assert "errorlist" not in html
    assert '<div class="field-errors" id="errors-q" hx-swap-oob="true"></div>' in html


def test_a_bad_sort_or_page_is_told_in_the_alert_as_the_panel_has_no_field_for_it(brand_member):
    html = client_for(brand_member).get("/search/", {"sort": "loudest", "page": "0"}).content.decode()

    alert = html[html.index('role="alert"') : html.index("</div>", html.index('role="alert"'))]
    assert "Choose one of:" in alert
    assert "Enter 1 or more." in alert


def test_the_filter_the_chips_the_sorts_and_the_cards_all_say_reach(brand_member):
    CreatorFactory.create(handle="asha.fits", reach=5000)

    response = client_for(brand_member).get("/search/", {"followers_min": "1000"})

    html = response.content.decode()
    assert '<span class="range-label" id="l-followers">Reach</span>' in html
    assert 'aria-label="Reach, at least"' in html
    assert "<dt>Reach</dt>" in html
    assert [chip.label for active in response.context["active"] for chip in active.chips] == ["Reach ≥ 1K"]
    assert ">Highest reach</option>" in html
    assert ">Lowest reach</option>" in html
    assert "Followers" not in html


def test_a_suspicious_authenticity_is_flagged_on_its_card_in_words_and_colour(brand_member):
    # Under 50 is suspicious (docs/numbers.md), as the metrics page says; undefined is not a score.
    for handle, score in [("zero", 0.0), ("just.under", 49.5), ("fifty", 50.0), ("unscored", None)]:
        CreatorFactory.create(handle=handle, authenticity_score=score)

    response = client_for(brand_member).get("/search/")

    html = response.content.decode()
    assert '<dd class="number-suspicious" title="0">0 <span class="flag">Suspicious</span></dd>' in html
    assert '<dd class="number-suspicious" title="49.5">50 <span class="flag">Suspicious</span></dd>' in html
    assert html.count("number-suspicious") == 2
    assert '<dd title="50">50</dd>' in html


def test_a_card_shows_the_bio_that_the_text_search_reads(brand_member):
    CreatorFactory.create(handle="asha.fits", bio="Daily outfits & <b>honest</b> reviews")
    CreatorFactory.create(handle="no.bio", bio="")
    CreatorFactory.create(handle="long.bio", bio="word " * 100)

    html = client_for(brand_member).get("/search/").content.decode()

    assert '<p class="creator-bio">Daily outfits &amp; &lt;b&gt;honest&lt;/b&gt; reviews</p>' in html
    # A long bio is cut short (and to two lines by search.css): a card is a glance.
    assert f'<p class="creator-bio">{("word " * 32)[:159]}…</p>' in html
    assert html.count('class="creator-bio"') == 2


def test_a_category_word_finds_the_categorys_creators_and_the_page_says_why(brand_member):
    CreatorFactory.create(handle="asha.fits", categories=["fitness", "fashion"], bio="Daily workouts")
    CreatorFactory.create(handle="rk.style", categories=["fashion"])
    CreatorFactory.create(handle="fashion.critic", categories=["comedy"])
    CreatorFactory.create(handle="chef.mo", categories=["food"])
    client = client_for(brand_member)

    def found(q: str) -> list[str]:
        response = client.get("/search/", {"q": q, "sort": "-followers"})
        return sorted(card["handle"] for card in response.context["result"].results)

    assert found("fashion") == ["asha.fits", "fashion.critic", "rk.style"]
    assert found("moda") == ["asha.fits", "rk.style"]  # the Italian name
    assert found("fitn") == ["asha.fits"]
    assert found("drink") == ["chef.mo"]  # a word of "Food & drink"
    assert found("fashion daily") == ["asha.fits"]
    html = client.get("/search/", {"q": "moda"}).content.decode()
    assert "“moda” also finds the creators of Fashion." in html


def test_a_category_word_is_explained_in_the_readers_language(brand_member):
    CreatorFactory.create(handle="rk.style", categories=["fashion"])

    html = (
        client_for(brand_member)
        .get("/search/", {"q": "fashion"}, headers={"Accept-Language": "it"})
        .content.decode()
    )

    assert "“fashion” trova anche i creator di Moda." in html


def test_a_card_shows_the_caption_that_matched_escaped_with_the_matched_words_marked(brand_member):
    creator = CreatorFactory.create(handle="asha.fits", bio="")
    VideoFactory.create(creator=creator, caption="<b>Leg</b> day & #GymTok with @coach.ro")
    search_columns_refresh()

    html = client_for(brand_member).get("/search/", {"q": "leg #gymtok"}).content.decode()

    assert (
        '<p class="creator-caption"><span class="muted">In a video:</span> '
        "&lt;b&gt;<mark>Leg</mark>&lt;/b&gt; day &amp; <mark>#GymTok</mark> with @coach.ro</p>"
    ) in html
    assert "<b>Leg</b>" not in html


def test_a_long_caption_is_cut_around_its_match(brand_member):
    creator = CreatorFactory.create(handle="asha.fits", bio="")
    VideoFactory.create(creator=creator, caption="x" * 300 + " thrift " + "y" * 300)
    search_columns_refresh()

    html = client_for(brand_member).get("/search/", {"q": "thrift"}).content.decode()

    shown = html.split('<p class="creator-caption">')[1].split("</p>")[0]
    assert "<mark>thrift</mark>" in shown
    assert shown.count("x") + shown.count("y") < 200
    assert "…" in shown
