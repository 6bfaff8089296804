import unicodedata

import pytest
from django.template import engines
from django.template.defaultfilters import truncatechars
from django.test import RequestFactory
from django.utils import translation

from vetrina.search.templatetags.search_format import truncate_chars


def test_a_bio_is_cut_exactly_as_truncatechars_cuts_it():
    combining = "e\u0301" * 100  # 200 code points, 100 characters once composed
    decomposed_only = "x\u0332" * 170  # no composed form: 170 characters of two code points
    for text in [
        "",
        "Daily outfits",
        "word " * 32,
        "a" * 159,
        "a" * 160,
        "a" * 161,
        combining,
        decomposed_only,
    ]:
        assert truncate_chars(text, 160) == truncatechars(text, 160), text[:20]
    assert truncate_chars(combining, 160) == unicodedata.normalize("NFC", combining)


@pytest.mark.parametrize("who", ["brand_member", "agency_member", "visitor", "staff_user"])
@pytest.mark.parametrize("language", ["en", "it"])
def test_a_cards_actions_are_the_bytes_the_creator_actions_tag_writes(db, request, who, language):
    # The search page fills stencils of the two templates (card_actions); the metrics page renders them
    # ({% creator_actions %}). Every card of a page, on lists or not, in any order, must come out the same.
    user = request.getfixturevalue(who)
    names = [[], ['Spring <launch> & "more"'], ["Autumn", "Winter's"], [], ["Autumn"]]
    cards = [
        {"id": index, "handle": handle, "shortlist_names": names[index % len(names)]}
        for index, handle in enumerate(["asha.fits", "_under.score_", "a.b.c", "zz", "x9", "anna.styles"])
    ]
    http_request = RequestFactory().get("/search/")
    http_request.user = user
    page = engines["django"].from_string(
        "{% load creator_actions search_format %}{% for card in cards %}"
        "{% creator_actions card %}\x01{% card_actions card %}\x02{% endfor %}"
    )

    with translation.override(language):
        html = page.render({"cards": cards}, http_request)

    pairs = [written.split("\x01") for written in html.split("\x02")[:-1]]
    assert len(pairs) == len(cards)
    for rendered, filled in pairs:
        assert filled == rendered
    if who in ("brand_member", "agency_member"):
        assert all("list-picker" in filled for _, filled in pairs)
