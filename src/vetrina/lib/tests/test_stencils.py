from typing import Any

from django.template import engines
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from vetrina.lib.stencils import Stencil, slots

TEMPLATE = '<a href="{{ url }}" title="{{ title }}">{{ label }}</a>{% if flag %} {{ url }}{% endif %}'


def test_a_filled_stencil_is_what_the_template_writes_for_the_same_values():
    template = engines["django"].from_string(TEMPLATE)
    stencil = Stencil(template.render({**slots(["url", "title", "label"]), "flag": True}))
    cases: list[dict[str, Any]] = [
        {"url": "/c/?a=1&b=2", "title": 'Say "hi" <now>', "label": "Tom & Jerry's"},
        {"url": "/x/", "title": mark_safe("<b>kept</b>"), "label": ""},
        {
            "url": "/y/?q=<&>",
            "title": gettext_lazy("Add to list"),
            "label": mark_safe(gettext_lazy("Contact")),
        },
    ]
    for values in cases:
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
