"""The search page's own template helpers; its cards' numbers are written by
search.presentation.card_figures_attach."""

import unicodedata
from typing import Any

from django import template
from django.template.defaultfilters import truncatechars
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from vetrina.creators.templatetags.creator_actions import actions_context, contact_values
from vetrina.lib.formatting import category_labels, country_name, initials
from vetrina.lib.stencils import Stencil, slots
from vetrina.lib.urls import handle_url_for
from vetrina.search.presentation import FIGURES, caption_marked
from vetrina.shortlists.presentation import PICKER_PER_CREATOR, picker_context
from vetrina.shortlists.templatetags.shortlists_picker import control_context

register = template.Library()


@register.simple_tag(takes_context=True)
def field_errors(context: template.Context, name: str, oob: bool = False) -> SafeString:
    """A field's messages (the page's `errors`), in a slot that is always there: a live update replaces every
    slot, out of band (`oob`). A tag rather than an included template: the panel has eighteen."""
    messages = (context.get("errors") or {}).get(name)
    listed = "" if messages is None else format_html('<ul class="errorlist">{}</ul>', _items(messages))
    swap = mark_safe(' hx-swap-oob="true"') if oob else ""
    return format_html('\n<div class="field-errors" id="errors-{}"{}>{}</div>\n', name, swap, listed)


def _items(messages: list[str]) -> SafeString:
    return format_html_join("", "<li>{}</li>", ((message,) for message in messages))


def truncate_chars(text: str, length: int) -> str:
    """Django's truncatechars, with nothing to do for a text that is short enough already (most bios):
    truncatechars counts such a text character by character and looks up its ellipsis in the catalogue,
    some 20 us a card."""
    normalized = unicodedata.normalize("NFC", text)
    if len(normalized) <= length:
        return normalized  # what truncatechars gives it back
    return truncatechars(text, length)


@register.simple_tag(takes_context=True)
def search_card(context: template.Context, card: dict[str, Any]) -> SafeString:
    """A search card (search/index.html#card), filled into a stencil of it rendered once for the page, with
    its values worked out here rather than by a filter each in the template (twenty cards a page)."""
    cards = context.render_context.get(_CARDS)
    if cards is None:
        cards = context.render_context[_CARDS] = _Cards(context)
    return cards.fill(card)


# Where a page keeps its cards' stencils while it renders.
_CARDS = "search_format.cards"
# What the card's template shows that changes from one card to the next (search/index.html#card).
_PER_CARD = (
    "avatar",
    "url",
    "display_name",
    "handle",
    "country_shown",
    "categories_shown",
    "bio_shown",
    "caption_shown",
    *(f"{name}_{form}" for name in FIGURES for form in ("shown", "exact")),
    "actions",
)


class _Cards:
    """The stencils of the page's cards, one for each way a card may differ in its markup (with a bio or
    not, a matched caption or not, a suspicious authenticity or not), of their faces (with a picture or
    not), and of their actions."""

    def __init__(self, context: template.Context) -> None:
        self._context = context
        assert context.template is not None  # a tag renders inside a template
        engine = context.template.engine
        self._card_template = engine.get_template("search/index.html#card")
        self._face_template = engine.get_template("creators/_avatar.html#face")
        self._faces: dict[bool, Stencil] = {}
        self._q = context["result"].filters.q
        self._creator_url = handle_url_for("metrics:creator")
        self._actions = _CardActions(context)
        self._stencils: dict[tuple[bool, bool, bool], Stencil] = {}

    def fill(self, card: dict[str, Any]) -> SafeString:
        bio, caption = card.get("bio"), card.get("matched_caption")
        shape = (bool(bio), bool(caption), bool(card["suspicious"]))
        stencil = self._stencils.get(shape)
        if stencil is None:
            stencil = self._stencils[shape] = self._stencil(shape)
        handle = card["handle"]
        return stencil.fill(
            {
                **card,
                "avatar": self._face(card),
                "url": self._creator_url(handle),
                "country_shown": country_name(card["country"]),
                "categories_shown": category_labels(card["categories"]),
                "bio_shown": truncate_chars(bio, 160) if bio else "",
                "caption_shown": caption_marked(caption, self._q) if caption else "",
                "actions": self._actions.fill(handle, card["shortlist_names"]),
            }
        )

    def _face(self, card: dict[str, Any]) -> SafeString:
        """What {% include "creators/_avatar.html" %} writes for the card: its face, then the file's line end."""
        url = card.get("avatar_url")
        stencil = self._faces.get(bool(url))
        if stencil is None:
            values = {**slots(["initials"]), "creator": slots(["avatar_url"]) if url else {"avatar_url": url}}
            face = self._face_template.render(self._context.new(values))
            stencil = self._faces[bool(url)] = Stencil(face + "\n")
        return stencil.fill({"initials": initials(card["display_name"]), "avatar_url": url})

    def _stencil(self, shape: tuple[bool, bool, bool]) -> Stencil:
        bio, caption, suspicious = shape
        creator = {**slots(_PER_CARD), "bio": bio, "matched_caption": caption, "suspicious": suspicious}
        # In the page's context, as the loop's body was: the cards' labels are the page's.
        with self._context.push(creator=creator):
            return Stencil(self._card_template.render(self._context))


# A handle for the values that are the same for every creator while the stencils are rendered.
_ANY_HANDLE = "stencil"


class _CardActions:
    """What {% creator_actions card %} writes, Contact and Add to list, from stencils of its two templates
    (creators/_actions.html, shortlists/_picker.html) for the page's viewer: one of the control for a creator
    on no list of theirs, one for a creator on some (the button differs). The card's `shortlist_names` must
    be set (shortlists.selectors.shortlist_names_attach)."""

    def __init__(self, context: template.Context) -> None:
        self._context = context
        assert context.template is not None  # a tag renders inside a template
        engine = context.template.engine
        self._actions_template = engine.get_template("creators/_actions.html")
        self._picker_template = engine.get_template("shortlists/_picker.html")
        self._actions = self._stencil(
            self._actions_template,
            {**actions_context(context, _ANY_HANDLE), **slots((*contact_values(_ANY_HANDLE), "add_to_list"))},
        )
        self._pickers: dict[bool, Stencil] = {}

    def fill(self, handle: str, names: list[str]) -> SafeString:
        if not self._actions.names:
            return self._actions.fill({})  # nothing for this viewer (a visitor, staff)
        listed = bool(names)
        picker = self._pickers.get(listed)
        if picker is None:
            picker = self._pickers[listed] = self._stencil(
                self._picker_template,
                {**control_context(self._context, _ANY_HANDLE, names), **slots(PICKER_PER_CREATOR)},
            )
        return self._actions.fill(
            {
                **contact_values(handle),
                "add_to_list": picker.fill(picker_context(handle, names)),
            }
        )

    def _stencil(self, template: Any, values: dict[str, Any]) -> Stencil:
        # As an inclusion tag renders its template: in a copy of the page's context holding only its values.
        return Stencil(template.render(self._context.new(values)))
