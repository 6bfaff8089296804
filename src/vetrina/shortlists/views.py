from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django_htmx.middleware import HtmxDetails

from vetrina.accounts.access import AuthenticatedHttpRequest, organisation_member_required
from vetrina.creators.models import Creator
from vetrina.creators.selectors import get_creator_for
from vetrina.shortlists.exporting import csv_response
from vetrina.shortlists.forms import NoteForm, ShortlistForm
from vetrina.shortlists.models import Shortlist
from vetrina.shortlists.presentation import audience_section, picker_context
from vetrina.shortlists.selectors import (
    entry_of,
    get_entry_for,
    get_shortlist_for,
    get_shortlist_for_change,
    is_handle,
    may_keep_shortlists,
    organisation_keeping_lists,
    parse_sort,
    shortlist_audience,
    shortlist_choices_for,
    shortlist_rows,
    shortlists_for,
)
from vetrina.shortlists.services import (
    shortlist_create,
    shortlist_create_with_creator,
    shortlist_creator_add,
    shortlist_delete,
    shortlist_entry_note_set,
    shortlist_entry_remove,
    shortlist_update,
)
from vetrina.shortlists.sorting import sort_headers


class MemberRequest(AuthenticatedHttpRequest):
    htmx: HtmxDetails


# Where "Contact selected" / "Contact all" send the selection (a GET of `shortlist=<id>` and one
# `creator=<handle>` per creator): the contact form.
CONTACT_URL = reverse_lazy("collaborations:contact")


def _allowing(methods: tuple[str, ...], request: HttpRequest) -> HttpResponse | None:
    return None if request.method in methods else HttpResponseNotAllowed(methods)


def list_change(*methods: str) -> Callable[..., Callable[..., HttpResponse]]:
    """A view that changes one of the organisation's lists, given to the view in place of its id.

    The list is looked up before the method is checked, so that every way into another organisation's
    list is a 404; staff, who only read, get 403.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        @organisation_member_required
        def wrapper(request: MemberRequest, shortlist_id: int, **kwargs: Any) -> HttpResponse:
            shortlist = get_shortlist_for_change(request.user, shortlist_id)
            return _allowing(methods, request) or view(request, shortlist, **kwargs)

        return wrapper

    return decorator


# --- The lists ------------------------------------------------------------------------------------------


@require_GET
@organisation_member_required
def index(request: MemberRequest) -> HttpResponse:
    return _index(request, ShortlistForm())


def _index(request: MemberRequest, form: ShortlistForm, status: int = 200) -> HttpResponse:
    keeps = may_keep_shortlists(request.user)
    context = {"shortlists": shortlists_for(user=request.user), "form": form if keeps else None}
    return render(request, "shortlists/index.html", context, status=status)


@organisation_member_required
def create(request: MemberRequest) -> HttpResponse:
    organisation = organisation_keeping_lists(request.user)
    if refused := _allowing(("POST",), request):
        return refused
    form = ShortlistForm(request.POST)
    if form.is_valid():
        try:
            shortlist = shortlist_create(
                organisation=organisation, created_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Created “%(name)s”. Add creators from their cards.") % {"name": shortlist}
            )
            return redirect(shortlist)
    return _index(request, form, status=400)


@list_change("GET", "POST")
def edit(request: MemberRequest, shortlist: Shortlist) -> HttpResponse:
    initial = {"name": shortlist.name, "description": shortlist.description}
    form = ShortlistForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_valid():
        try:
            shortlist_update(shortlist=shortlist, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved “%(name)s”.") % {"name": shortlist})
            return redirect(shortlist)
    return render(request, "shortlists/edit.html", {"shortlist": shortlist, "form": form})


@list_change("GET", "POST")
def delete(request: MemberRequest, shortlist: Shortlist) -> HttpResponse:
    if request.method == "POST":
        name = shortlist.name
        shortlist_delete(shortlist=shortlist)
        messages.success(
            request, _("Deleted “%(name)s”. The creators on it are still in Creator Search.") % {"name": name}
        )
        return redirect("shortlists:index")
    return render(request, "shortlists/delete.html", {"shortlist": shortlist})


# --- One list -------------------------------------------------------------------------------------------


def _list_context(request: MemberRequest, shortlist: Shortlist) -> dict[str, Any]:
    sort = parse_sort(request.GET.get("sort") or request.POST.get("sort"))
    return {
        "shortlist": shortlist,
        "rows": shortlist_rows(shortlist=shortlist, sort=sort),
        "sort": sort,
        "headers": sort_headers(sort),
        "may_change": may_keep_shortlists(request.user),
        "contact_url": CONTACT_URL,
        "audience": audience_section(shortlist_audience(shortlist=shortlist)),
    }


@require_GET
@organisation_member_required
def detail(request: MemberRequest, shortlist_id: int) -> HttpResponse:
    shortlist = get_shortlist_for(request.user, shortlist_id)
    return render(request, "shortlists/detail.html", _list_context(request, shortlist))


@require_GET
@organisation_member_required
def export_csv(request: MemberRequest, shortlist_id: int) -> HttpResponse:
    shortlist = get_shortlist_for(request.user, shortlist_id)
    rows = shortlist_rows(shortlist=shortlist, sort=parse_sort(request.GET.get("sort")))
    return csv_response(shortlist=shortlist, rows=rows, audience=shortlist_audience(shortlist=shortlist))


@list_change("POST")
def note(request: MemberRequest, shortlist: Shortlist, handle: str) -> HttpResponse:
    entry = get_entry_for(shortlist, handle)
    form = NoteForm(request.POST)
    saved = False
    if form.is_valid():
        try:
            shortlist_entry_note_set(entry=entry, note=form.cleaned_data["note"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            saved = True
    if request.htmx:
        context = {"shortlist": shortlist, "row": entry, "note_form": form, "note_saved": saved}
        # 200 even when refused: htmx swaps in only successful responses, and the form says what is wrong.
        return render(request, "shortlists/detail.html#note", context)
    if saved:
        messages.success(request, _("Saved the note on @%(handle)s.") % {"handle": handle})
    else:
        messages.error(request, " ".join(str(error) for error in form.errors.get("note") or []))
    return redirect(shortlist)


@list_change("POST")
def remove(request: MemberRequest, shortlist: Shortlist, handle: str) -> HttpResponse:
    entry = get_entry_for(shortlist, handle)
    shortlist_entry_remove(entry=entry)
    if request.htmx:
        # The table again, with the list's totals, in the order the page had, and the combined audience
        # without the creator (out of band).
        shortlist = get_shortlist_for(request.user, shortlist.pk)
        context = {**_list_context(request, shortlist), "removed": entry.creator}
        return render(request, "shortlists/detail.html#creators_changed", context)
    messages.success(
        request, _("Removed @%(handle)s from “%(name)s”.") % {"handle": handle, "name": shortlist}
    )
    return redirect(shortlist)


# --- Add to list, from a creator's card or page ---------------------------------------------------------


@organisation_member_required
def picker(request: MemberRequest, handle: str) -> HttpResponse:
    """The lists of the organisation with those holding the creator checked; adds, removes, and creates
    a list on the spot. htmx swaps the Add to list control in place; without it, a page of its own."""
    organisation = organisation_keeping_lists(request.user)
    if refused := _allowing(("GET", "POST"), request):
        return refused
    if not is_handle(handle):
        raise Http404
    creator = get_creator_for(request.user, handle)
    message, failed = "", False
    if request.method == "POST":
        try:
            message = _picker_change(request, creator, organisation=organisation)
        except ValidationError as error:
            message, failed = " ".join(error.messages), True
        if not request.htmx:
            messages.add_message(request, messages.ERROR if failed else messages.SUCCESS, message)
            return redirect("shortlists:picker", handle=creator.handle)
    choices = list(shortlist_choices_for(user=request.user, creator=creator))
    names = [choice.name for choice in choices if vars(choice)["holds_creator"]]
    context = {
        "creator": creator,
        "choices": choices,
        "shortlist_names": names,
        "may_keep_shortlists": True,
        "message": message,
        "failed": failed,
        **picker_context(creator.handle, names),
    }
    if not request.htmx:
        return render(request, "shortlists/picker.html", context)
    if request.method == "GET":
        return render(request, "shortlists/_picker.html#panel", context)
    return render(request, "shortlists/_picker.html", context)


def _picker_change(request: MemberRequest, creator: Creator, *, organisation: Any) -> str:
    action = request.POST.get("action")
    if action == "create":
        shortlist = shortlist_create_with_creator(
            organisation=organisation,
            created_by=request.user,
            name=request.POST.get("name", ""),
            creator=creator,
        )
        return _("Created “%(name)s” with @%(handle)s on it.") % {"name": shortlist, "handle": creator.handle}
    try:
        shortlist = get_shortlist_for_change(request.user, int(request.POST.get("shortlist", "")))
    except ValueError:
        raise ValidationError(_("Choose a list.")) from None
    if action == "add":
        shortlist_creator_add(shortlist=shortlist, creator=creator, added_by=request.user)
        return _("Added @%(handle)s to “%(name)s”.") % {"handle": creator.handle, "name": shortlist}
    if action == "remove":
        entry = entry_of(shortlist=shortlist, creator=creator)
        if entry is None:
            raise ValidationError(
                _("@%(handle)s is not on “%(name)s”.") % {"handle": creator.handle, "name": shortlist}
            )
        shortlist_entry_remove(entry=entry)
        return _("Removed @%(handle)s from “%(name)s”.") % {"handle": creator.handle, "name": shortlist}
    raise ValidationError(_("Choose what to do."))
