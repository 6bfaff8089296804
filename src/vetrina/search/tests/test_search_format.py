import unicodedata
from types import SimpleNamespace

import pytest
from django.template import engines
from django.template.defaultfilters import truncatechars
from django.test import RequestFactory
from django.utils import translation
from django.utils.html import escape

from vetrina.search.presentation import card_figures_attach
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
def test_a_search_cards_actions_are_the_bytes_the_creator_actions_tag_writes(db, request, who, language):
    # A search card is filled into stencils (one per shape of card, and of its actions); the metrics page
    # renders the actions with {% creator_actions %}. Every card of a page, of any shape, on lists or not,
    # in any order, must come out with the same actions, and with its own values.
    user = request.getfixturevalue(who)
    names = [[], ['Spring <launch> & "more"'], ["Autumn", "Winter's"], [], ["Autumn"]]
    cards = [
        {
            "id": index,
            "handle": handle,
            "display_name": f"Name <{index}> & co",
            "avatar_url": "https://img.example/a.jpg?x=1&y=2" if index % 2 else "",
            "country": "IN",
            "categories": ["fashion"],
            "bio": "Bio & more" if index % 3 else "",
            "matched_caption": "Leg day #gymtok" if index % 4 == 1 else None,
            "reach": 1_234_567,
            "avg_views": 45_300.0,
            "engagement_rate": 0.0481,
            "authenticity": 30.0 if index % 5 == 2 else 91.6,
            "shortlist_names": names[index % len(names)],
        }
        for index, handle in enumerate(
            ["asha.fits", "_under.score_", "a.b.c", "zz", "x9", "anna.styles", "b.b"]
        )
    ]
    card_figures_attach(cards)
    http_request = RequestFactory().get("/search/")
    http_request.user = user
    page = engines["django"].from_string(
        "{% load creator_actions search_format %}{% for card in cards %}"
        "{% creator_actions card %}\x01{% search_card card %}\x02{% endfor %}"
    )

    with translation.override(language):
        html = page.render(
            {"cards": cards, "result": SimpleNamespace(filters=SimpleNamespace(q="leg"))}, http_request
        )

    pairs = [written.split("\x01") for written in html.split("\x02")[:-1]]
    assert len(pairs) == len(cards)
    for card, (actions, filled) in zip(cards, pairs, strict=True):
        assert filled.endswith(f"{actions}\n              </li>\n            ")
        assert f'href="/creators/{card["handle"]}/">{escape(card["display_name"])}</a>' in filled
        bio, caption = '<p class="creator-bio">Bio &amp; more</p>', "<mark>Leg</mark> day #gymtok</p>"
        assert (bio in filled, filled.count("creator-bio")) == ((True, 1) if card["bio"] else (False, 0))
        assert (caption in filled, filled.count("creator-caption")) == (
            (True, 1) if card["matched_caption"] else (False, 0)
        )
        assert ('class="number-suspicious"' in filled) == card["suspicious"]
        assert ("<img src=" in filled) == bool(card["avatar_url"])
    if who in ("brand_member", "agency_member"):
        assert all("list-picker" in actions for actions, _ in pairs)
