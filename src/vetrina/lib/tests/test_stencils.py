from django.template import engines
from django.utils.safestring import mark_safe

from vetrina.lib.stencils import Stencil, slots

TEMPLATE = '<a href="{{ url }}" title="{{ title }}">{{ label }}</a>{% if flag %} {{ url }}{% endif %}'


def test_a_filled_stencil_is_what_the_template_writes_for_the_same_values():
    template = engines["django"].from_string(TEMPLATE)
    stencil = Stencil(template.render({**slots(["url", "title", "label"]), "flag": True}))
    for values in [
        {"url": "/c/?a=1&b=2", "title": 'Say "hi" <now>', "label": "Tom & Jerry's"},
        {"url": "/x/", "title": mark_safe("<b>kept</b>"), "label": ""},
    ]:
        assert stencil.fill(values) == template.render({**values, "flag": True})


def test_a_stencil_knows_the_values_it_takes():
    template = engines["django"].from_string(TEMPLATE)

    assert Stencil(template.render({**slots(["url", "title", "label"]), "flag": False})).names == {
        "url",
        "title",
        "label",
    }
    assert Stencil("no values here").names == frozenset()
    assert Stencil("no values here").fill({}) == "no values here"
