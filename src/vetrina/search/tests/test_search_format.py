import unicodedata

from django.template.defaultfilters import truncatechars

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
