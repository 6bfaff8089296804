"""Every URL pattern of the project, requested as every role, against one explicit table.

A pattern added without a row here fails the test: whoever adds a page decides who may open it.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from vetrina.accounts.models import Invitation, Role, User
from vetrina.accounts.tests.factories import ApplicationFactory
from vetrina.accounts.tokens import invitation_token_new, strategy_token_for
from vetrina.collaborations.models import CollaborationRequest, Deliverable, Draft, Payment
from vetrina.collaborations.tests.factories import CollaborationRequestFactory
from vetrina.collaborations.tokens import answer_token_for
from vetrina.creators.tests.factories import CreatorFactory
from vetrina.joining.models import CreatorApplication
from vetrina.joining.tokens import confirm_token_for
from vetrina.notifications.models import Notification
from vetrina.saved_searches.models import SavedSearch
from vetrina.shortlists.tests.factories import ShortlistEntryFactory

ROLES = ("anonymous", "visitor", "brand", "agency", "creator", "staff")
LOGIN = "login"  # a page: redirected to the log-in page, with the way back
ADMIN = "admin/"  # the admin's own patterns, as one entry

# Statuses of a GET, in the order of ROLES. POST-only actions answer 405 to a GET once access is granted.
OPEN = (200, 200, 200, 200, 200, 200)
ANONYMOUS_ONLY = (200, 302, 302, 302, 302, 302)  # signed in: sent home
STAFF_PAGE = (LOGIN, 403, 403, 403, 403, 200)
STAFF_ACTION = (LOGIN, 403, 403, 403, 403, 405)
API_SIGNED_IN = (401, 200, 200, 200, 200, 200)

EXPECTED: dict[str, tuple[int | str, ...]] = {
    # The anonymous list of docs/roles.md: the landing page (home once signed in), applying,
    # logging in, password reset, and the pages of signed single-purpose links.
    "": OPEN,
    "apply/": ANONYMOUS_ONLY,
    "apply/sent/": OPEN,
    "apply/strategy/<str:token>/": OPEN,
    "login/": ANONYMOUS_ONLY,
    "logout/": (405, 405, 405, 405, 405, 405),
    "language/": (405, 405, 405, 405, 405, 405),  # POST only, from the switcher of every page
    "password-reset/": OPEN,
    "password-reset/sent/": OPEN,
    "password-reset/<uidb64>/<token>/": OPEN,
    "password-reset/complete/": OPEN,
    "invitation/<str:token>/": OPEN,
    # Creators who join by themselves (docs/creators-joining.md): applying, and the signed link that
    # confirms the e-mail (it opens for anyone who holds it, as an invitation does).
    "join/": ANONYMOUS_ONLY,
    "join/sent/": OPEN,
    "join/confirm/<str:token>/": OPEN,
    # The creator's own space: creator-side accounts (staff may look; neither of the two here joined by
    # itself, so the pages of a joined creator's own data are 404 to them).
    "my-creator/": (LOGIN, 403, 403, 403, 200, 200),
    "my-creator/profile/": (LOGIN, 403, 403, 403, 405, 405),
    "my-creator/pause/": (LOGIN, 403, 403, 403, 405, 405),
    "my-creator/sync/": (LOGIN, 403, 403, 403, 405, 405),
    # Where TikTok's return sends the creator: with no TikTok connected, back to the space.
    "my-creator/connected/": (LOGIN, 403, 403, 403, 302, 302),
    "my-creator/preview/": (LOGIN, 403, 403, 403, 404, 404),
    "my-creator/export.json": (LOGIN, 403, 403, 403, 404, 404),
    "my-creator/leave/": (LOGIN, 403, 403, 403, 405, 405),
    "my-creator/apply-again/": (LOGIN, 403, 403, 403, 405, 405),
    # The health check, for a load balancer or monitor: says only whether the database answers.
    "healthz": OPEN,
    # Teams: brand and agency members see their organisation's; its owner (the brand member here) invites
    # and removes colleagues (POSTs below). Visitors and creator-side accounts have no team, nor do staff.
    "team/": (LOGIN, 403, 200, 200, 403, 403),
    "team/invite/": (LOGIN, 403, 405, 405, 403, 405),
    "team/members/<int:pk>/remove/": (LOGIN, 403, 405, 405, 403, 405),
    "team/members/<int:pk>/make-owner/": (LOGIN, 403, 405, 405, 403, 405),
    "team/invitations/<int:pk>/cancel/": (LOGIN, 403, 405, 405, 403, 405),
    # Every account's own data (docs/privacy.md): download it, delete the account (POST below).
    "account/": (LOGIN, 200, 200, 200, 200, 200),
    "account/export.json": (LOGIN, 200, 200, 200, 200, 200),
    "account/delete/": (LOGIN, 405, 405, 405, 405, 405),
    # Staff: the review queue and the creators to verify.
    "review/": STAFF_PAGE,
    "review/<int:pk>/": STAFF_PAGE,
    "review/<int:pk>/ask/": STAFF_ACTION,
    "review/<int:pk>/approve/": STAFF_ACTION,
    "review/<int:pk>/reject/": STAFF_ACTION,
    "review/<int:pk>/invite-again/": STAFF_ACTION,
    "review/<int:pk>/erase/": STAFF_ACTION,
    "review/creators/": STAFF_PAGE,
    "review/creators/<str:handle>/invite/": STAFF_ACTION,
    "review/joined/": STAFF_PAGE,
    "review/joined/<int:pk>/": STAFF_PAGE,
    "review/joined/<int:pk>/verify/": STAFF_ACTION,
    "review/joined/<int:pk>/refuse/": STAFF_ACTION,
    # The sections, by role (docs/roles.md); staff read everything.
    "search/": (LOGIN, 200, 200, 200, 403, 200),
    # Add all to a list (GET asks which list, POST adds): brands and agencies, who keep lists; the list
    # chosen is looked up among the member's own (search/tests/test_add_all.py: another's is 404).
    "search/add-to-list/": (LOGIN, 403, 200, 200, 403, 403),
    "creators/<str:handle>/": (LOGIN, 200, 200, 200, 403, 200),
    "creators/<str:handle>/similar/": (LOGIN, 200, 200, 200, 403, 200),
    "shortlists/": (LOGIN, 403, 200, 200, 403, 200),
    "activity/": (LOGIN, 403, 200, 200, 403, 200),
    # Shortlists belong to an organisation: the agency member (another organisation) gets 404 on the brand's
    # list, for every method; staff read any list but keep none (403 on every change); visitors have none.
    "shortlists/new/": (LOGIN, 403, 405, 405, 403, 403),
    "shortlists/<int:shortlist_id>/": (LOGIN, 403, 200, 404, 403, 200),
    "shortlists/<int:shortlist_id>/edit/": (LOGIN, 403, 200, 404, 403, 403),
    "shortlists/<int:shortlist_id>/delete/": (LOGIN, 403, 200, 404, 403, 403),
    "shortlists/<int:shortlist_id>/export.csv": (LOGIN, 403, 200, 404, 403, 200),
    "shortlists/<int:shortlist_id>/creators/<str:handle>/note/": (LOGIN, 403, 405, 404, 403, 403),
    "shortlists/<int:shortlist_id>/creators/<str:handle>/remove/": (LOGIN, 403, 405, 404, 403, 403),
    "shortlists/picker/<str:handle>/": (LOGIN, 403, 200, 200, 403, 403),
    "requests/": (LOGIN, 403, 403, 403, 200, 200),
    # Saved searches belong to an organisation, as lists do: the agency member gets 404 on the brand's;
    # visitors keep none, and staff, who act for nobody, read them in the admin (403 here).
    "search/saved/": (LOGIN, 403, 200, 200, 403, 403),
    "search/saved/new/": (LOGIN, 403, 405, 405, 403, 403),
    "search/saved/<int:saved_search_id>/": (LOGIN, 403, 200, 404, 403, 403),
    "search/saved/<int:saved_search_id>/rename/": (LOGIN, 403, 405, 404, 403, 403),
    "search/saved/<int:saved_search_id>/delete/": (LOGIN, 403, 405, 404, 403, 403),
    "search/saved/<int:saved_search_id>/alerts/": (LOGIN, 403, 405, 404, 403, 403),
    # Contact and campaigns: brands and agencies, each its own organisation's (the campaign is the brand's,
    # so the agency gets 404); staff read campaigns but contact nobody.
    "contact/": (LOGIN, 403, 200, 200, 403, 403),
    "activity/campaigns/<int:pk>/": (LOGIN, 403, 200, 404, 403, 200),
    # A campaign's results, its CSV, and the results across campaigns: the organisation's members, staff.
    "activity/campaigns/<int:pk>/results/": (LOGIN, 403, 200, 404, 403, 200),
    "activity/campaigns/<int:pk>/results.csv": (LOGIN, 403, 200, 404, 403, 200),
    "activity/results/": (LOGIN, 403, 200, 200, 403, 200),
    # GET asks first (a page of its own), POST withdraws.
    "activity/requests/<int:pk>/withdraw/": (LOGIN, 403, 200, 404, 403, 403),
    # One request as the brand sees it (terms, counter-offer, timeline), and its answer to a counter-offer.
    "activity/requests/<int:pk>/": (LOGIN, 403, 200, 404, 403, 200),
    "activity/requests/<int:pk>/counter/": (LOGIN, 403, 405, 405, 403, 405),
    # The brand's review of a video's draft (POST), and the drafts' files: each side through its own way
    # in, the brand's organisation, the creator account the request was sent to, the holder of the signed
    # link; staff read campaigns but not the creators' unpublished drafts.
    "activity/deliverables/<int:pk>/review/": (LOGIN, 403, 405, 405, 403, 405),
    "activity/drafts/<int:pk>/file/": (LOGIN, 403, 200, 404, 403, 403),
    # Payments: the brand records what is due and when it paid (POSTs).
    "activity/requests/<int:pk>/payments/": (LOGIN, 403, 405, 405, 403, 405),
    "activity/payments/<int:pk>/paid/": (LOGIN, 403, 405, 405, 403, 405),
    "requests/drafts/<int:pk>/file/": (LOGIN, 403, 403, 403, 200, 403),
    "answer/<str:token>/drafts/<int:pk>/file/": OPEN,
    # The creator's side: the request of a creator the account manages; the e-mailed link needs no account.
    "requests/<int:pk>/": (LOGIN, 403, 403, 403, 200, 200),
    "answer/<str:token>/": OPEN,
    # Notifications: each account's own, brand side and creator side.
    "notifications/": (LOGIN, 403, 200, 200, 200, 200),
    "notifications/bell/": (LOGIN, 403, 200, 200, 200, 200),
    "notifications/<int:pk>/read/": (LOGIN, 403, 405, 405, 405, 405),
    "notifications/read-all/": (LOGIN, 403, 405, 405, 405, 405),
    # The admin: staff only. Vetrina's log-in page stands in for the admin's own.
    "admin/login/": (LOGIN, 403, 403, 403, 403, 302),
    ADMIN: (LOGIN, 302, 302, 302, 302, 200),
    # The API: 401 to anonymous callers; members read verified creators, creator-side accounts may not.
    "api/v1/": (401, 404, 404, 404, 404, 404),
    "^api/v1/": (401, 404, 404, 404, 404, 404),  # any other path under the API
    "api/v1/openapi.json": API_SIGNED_IN,
    "api/v1/docs": API_SIGNED_IN,
    "api/v1/creators": (401, 200, 200, 200, 403, 200),
    "api/v1/creators/<handle>": (401, 200, 200, 200, 403, 200),
    "api/v1/collaborations": (401, 403, 200, 200, 403, 200),
    "api/v1/collaborations/<request_id>/withdraw": (405, 405, 405, 405, 405, 405),
    # One request as the brand sees it, and the brand's steps (POSTs: collaborations/tests/test_api_steps.py
    # tries each as every role).
    "api/v1/collaborations/<request_id>": (401, 403, 200, 404, 403, 200),
    "api/v1/collaborations/<request_id>/counter": (405, 405, 405, 405, 405, 405),
    "api/v1/collaborations/<request_id>/videos/<number>/review": (405, 405, 405, 405, 405, 405),
    "api/v1/collaborations/<request_id>/payments": (405, 405, 405, 405, 405, 405),
    "api/v1/collaborations/<request_id>/payments/<payment_id>/paid": (405, 405, 405, 405, 405, 405),
    # Campaign results, as on the pages: the organisation's members and staff.
    "api/v1/campaigns": (401, 403, 200, 200, 403, 200),
    "api/v1/campaigns/<campaign_id>/results": (401, 403, 200, 404, 403, 200),
    # Shortlists as on the pages: the agency member gets 404 on the brand's list (every method: see
    # shortlists/tests/test_api.py), visitors and creator-side accounts 403, staff read only.
    "api/v1/shortlists": (401, 403, 200, 200, 403, 200),
    "api/v1/shortlists/<shortlist_id>": (401, 403, 200, 404, 403, 200),
    "api/v1/shortlists/<shortlist_id>/creators": (401, 403, 200, 404, 403, 200),
    "api/v1/shortlists/<shortlist_id>/creators/<handle>": (401, 403, 200, 404, 403, 200),
    # POST only: a search's matches onto a list (search/tests/test_add_all.py tries it as every role).
    "api/v1/shortlists/<shortlist_id>/creators/from-search": (405, 405, 405, 405, 405, 405),
    "api/v1/creators/<handle>/videos": (401, 200, 200, 200, 403, 200),
    # Saved searches as on the pages (DELETE: saved_searches/tests/test_api.py tries it as every role).
    "api/v1/saved-searches": (401, 403, 200, 200, 403, 403),
    "api/v1/saved-searches/<saved_search_id>": (405, 405, 405, 405, 405, 405),
    "api/v1/creators/<handle>/similar": (401, 200, 200, 200, 403, 200),
    # API tokens: every account that may call the API keeps its own; another's token is a 404 (tested
    # in api/tests/test_token_pages.py, as revoking is a POST).
    "settings/api-tokens/": (LOGIN, 200, 200, 200, 403, 200),
    "settings/api-tokens/<int:pk>/revoke/": (LOGIN, 405, 405, 405, 403, 405),
    # Connecting TikTok (docs/tiktok.md): a creator-side account, for itself; staff act for nobody. Connect
    # and disconnect are POSTs (connectors/tests/test_connecting.py); TikTok's answer without a state
    # started in this session is refused, back home with a message.
    "connect/tiktok/": (LOGIN, 403, 403, 403, 405, 403),
    "connect/tiktok/callback/": (LOGIN, 403, 403, 403, 302, 403),
    "connect/tiktok/disconnect/": (LOGIN, 403, 403, 403, 405, 403),
}


def project_routes(patterns: list | None = None, prefix: str = "") -> Iterator[str]:
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                yield ADMIN
            else:
                yield from project_routes(pattern.url_patterns, route)
        else:
            assert isinstance(pattern, URLPattern)
            yield route


@dataclass
class Objects:
    """Fixture rows for the path parameters."""

    application_id: int
    strategy_token: str
    invitation_token: str
    handle: str
    campaign_id: int
    request_id: int
    answer_token: str
    notification_id: int
    shortlist_id: int
    deliverable_id: int
    draft_id: int
    payment_id: int
    creator_application_id: int
    confirm_token: str
    saved_search_id: int


@pytest.fixture
def objects(db, brand_member) -> Objects:
    application = ApplicationFactory.create()
    token, token_hash = invitation_token_new()
    Invitation.objects.create(
        email="new.manager@creators.test",
        role=Role.CREATOR,
        token_hash=token_hash,
        expires_at="2999-01-01T00:00:00Z",
    )
    # The creator account's own creator: even it may not read creators' numbers through the API.
    creator = CreatorFactory.create(handle="anna.styles", verified=True, manager_email="team@anna.example")
    # A campaign of the brand member's organisation, its request to that creator, and the brand member's
    # notification about it.
    request = CollaborationRequestFactory.create(
        creator=creator, campaign__organisation=brand_member.organisation
    )
    notification = Notification.objects.create(
        user=brand_member, kind=Notification.Kind.REQUEST_ANSWERED, request=request
    )
    # A video of the request, with a draft uploaded as a file.
    terms = request.offer.deliverables.create(position=1, brief="Unboxing", due_date="2999-01-01")
    deliverable = Deliverable.objects.create(
        request=request, terms=terms, position=1, state="submitted", submitted_at="2026-01-01T00:00:00Z"
    )
    stored = Path(settings.DATA_DIR) / "drafts" / "0123456789abcdef.mp4"
    stored.parent.mkdir(parents=True, exist_ok=True)
    stored.write_bytes(b"not really a video")
    draft = Draft.objects.create(
        deliverable=deliverable,
        file_name="draft.mp4",
        file_path="drafts/0123456789abcdef.mp4",
        file_size=18,
        content_type="video/mp4",
        submitted_at="2026-01-01T00:00:00Z",
    )
    payment = Payment.objects.create(
        request=request, amount=100, currency="USD", due_date="2999-01-01", recorded_at="2026-01-01T00:00:00Z"
    )
    # A list of the brand member's organisation, with the creator on it.
    shortlist = ShortlistEntryFactory.create(
        shortlist__organisation=brand_member.organisation, creator=creator
    ).shortlist
    # A creator who applied and has not confirmed the e-mail yet: its link works for anybody.
    creator_application = CreatorApplication.objects.create(
        handle="nina.bakes",
        email="nina@bakes.test",
        country="GB",
        categories=["food"],
        languages=["en"],
        date_of_birth="1998-04-02",
        rate_per_video=250,
        rate_currency="GBP",
    )
    # A saved search of the brand member's organisation.
    saved_search = SavedSearch.objects.create(
        organisation=brand_member.organisation, name="Italian fashion", query="country=IT&category=fashion"
    )
    return Objects(
        creator_application_id=creator_application.pk,
        confirm_token=confirm_token_for(creator_application.pk),
        saved_search_id=saved_search.pk,
        application_id=application.pk,
        strategy_token=strategy_token_for(application.pk),
        invitation_token=token,
        handle=creator.handle,
        campaign_id=request.campaign_id,
        request_id=request.pk,
        answer_token=answer_token_for(request.pk),
        notification_id=notification.pk,
        shortlist_id=shortlist.pk,
        deliverable_id=deliverable.pk,
        draft_id=draft.pk,
        payment_id=payment.pk,
    )


def concrete_urls(route: str, objects: Objects) -> list[str]:
    if route == ADMIN:
        return ["/admin/", "/admin/creators/creator/"]
    if route == "^api/v1/":
        return ["/api/v1/no/such/path"]
    values = {
        "pk": str(objects.application_id),
        "handle": objects.handle,
        "uidb64": "MQ",
        "request_id": str(objects.request_id),
        "shortlist_id": str(objects.shortlist_id),
        "payment_id": str(objects.payment_id),
        "campaign_id": str(objects.campaign_id),
        "saved_search_id": str(objects.saved_search_id),
        "number": "1",
    }
    if route.startswith("activity/campaigns/"):
        values["pk"] = str(objects.campaign_id)
    elif route.startswith("activity/deliverables/"):
        values["pk"] = str(objects.deliverable_id)
    elif route.startswith("activity/payments/"):
        values["pk"] = str(objects.payment_id)
    elif "drafts/" in route:
        values["pk"] = str(objects.draft_id)
    elif route.startswith(("activity/requests/", "requests/")):
        values["pk"] = str(objects.request_id)
    elif route.startswith("notifications/"):
        values["pk"] = str(objects.notification_id)
    elif route.startswith("review/joined/"):
        values["pk"] = str(objects.creator_application_id)
    if route.startswith("apply/strategy/"):
        values["token"] = objects.strategy_token
    elif route.startswith("invitation/"):
        values["token"] = objects.invitation_token
    elif route.startswith("answer/"):
        values["token"] = objects.answer_token
    elif route.startswith("join/confirm/"):
        values["token"] = objects.confirm_token
    else:
        values["token"] = "set-password"
    return ["/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda match: values[match.group(1)], route)]


@pytest.fixture
def clients(staff_user, visitor, brand_member, agency_member, creator_account) -> dict[str, Client]:
    staff_user.is_superuser = True
    staff_user.save()
    # The brand member is the first of its organisation: its owner.
    brand_member.is_owner = True
    brand_member.save(update_fields=["is_owner"])
    users: dict[str, User | None] = {
        "anonymous": None,
        "visitor": visitor,
        "brand": brand_member,
        "agency": agency_member,
        "creator": creator_account,
        "staff": staff_user,
    }
    clients = {}
    for role, user in users.items():
        clients[role] = Client()
        if user is not None:
            clients[role].force_login(user)
    return clients


def test_every_url_pattern_has_an_entry():
    routes = set(project_routes())
    missing = sorted(routes - set(EXPECTED))
    assert not missing, f"URL patterns with no entry in the access matrix: {missing}"
    stale = sorted(set(EXPECTED) - routes)
    assert not stale, f"Access-matrix entries with no URL pattern: {stale}"


def test_every_role_gets_the_expected_status_on_every_url(clients: dict[str, Client], objects: Objects):
    failures = []
    for route in sorted(set(project_routes())):
        if route not in EXPECTED:
            continue  # reported by the test above, by name
        for url in concrete_urls(route, objects):
            for role, expected in zip(ROLES, EXPECTED[route], strict=True):
                got = observed(clients[role], url)
                if got != expected:
                    failures.append(f"{role:9} GET {url}: expected {expected}, got {got}")
    assert not failures, "\n" + "\n".join(failures)


def observed(client: Client, url: str) -> int | str:
    response = client.get(url)
    if response.status_code == 302:
        # A redirect that ends on the log-in page, with the way back, is "sent to log in".
        final = client.get(url, follow=True)
        last_url = final.redirect_chain[-1][0]
        if last_url.startswith("/login/?next=") and final.status_code == 200:
            return LOGIN
    return response.status_code


# Actions (POST) on another organisation's rows: 404, as if they did not exist; the e-mailed answer link
# reaches its own request only.


def posted(client: Client, url: str) -> int | str:
    response = client.post(url)
    if response.status_code == 302 and response["Location"].startswith("/login/?next="):
        return LOGIN
    return response.status_code


ACTIONS: dict[str, tuple[int | str, ...]] = {
    # In the order of ROLES; the brand's own answer comes last, as it changes the row.
    "/activity/requests/{request_id}/withdraw/": (LOGIN, 403, 302, 404, 403, 403),
    "/api/v1/collaborations/{request_id}/withdraw": (401, 403, 200, 404, 403, 403),
    "/notifications/{notification_id}/read/": (LOGIN, 403, 302, 404, 404, 404),
    # The brand's review of a draft: an empty review is refused (400); others never reach the row.
    "/activity/deliverables/{deliverable_id}/review/": (LOGIN, 403, 400, 404, 403, 403),
    # Payments: an empty one is refused (400); others never reach the row.
    "/activity/requests/{request_id}/payments/": (LOGIN, 403, 400, 404, 403, 403),
    "/activity/payments/{payment_id}/paid/": (LOGIN, 403, 400, 404, 403, 403),
    # The brand's answer to a counter-offer: an empty answer is refused (400); others never reach the row.
    "/activity/requests/{request_id}/counter/": (LOGIN, 403, 400, 404, 403, 403),
    # Saved searches: saving (an empty form goes back to the search), renaming (an empty name is refused),
    # alerts (an empty form turns them off) and deleting (the API's: saved_searches/tests/test_api.py).
    "/search/saved/new/": (LOGIN, 403, 302, 302, 403, 403),
    "/search/saved/{saved_search_id}/rename/": (LOGIN, 403, 400, 404, 403, 403),
    "/search/saved/{saved_search_id}/alerts/": (LOGIN, 403, 302, 404, 403, 403),
    "/search/saved/{saved_search_id}/delete/": (LOGIN, 403, 302, 404, 403, 403),
    # Choosing a language: everybody, and back to the page (the language switcher of every page).
    "/language/": (302, 302, 302, 302, 302, 302),
}


@pytest.mark.parametrize("action", ACTIONS)
def test_actions_on_a_row_are_the_owning_organisations_only(
    clients: dict[str, Client], objects: Objects, action: str
):
    url = action.format(
        request_id=objects.request_id,
        notification_id=objects.notification_id,
        deliverable_id=objects.deliverable_id,
        payment_id=objects.payment_id,
        saved_search_id=objects.saved_search_id,
    )
    expected = dict(zip(ROLES, ACTIONS[action], strict=True))
    others = [role for role in ROLES if role != "brand"]
    got = {role: posted(clients[role], url) for role in [*others, "brand"]}
    assert got == expected


def test_an_answer_link_answers_its_own_request_and_no_other(objects: Objects, brand_member):
    # given another request of the same campaign
    campaign = CollaborationRequest.objects.get(pk=objects.request_id).campaign
    other = CollaborationRequestFactory.create(campaign=campaign)
    # when the first request's link is used, by anybody
    Client().post(f"/answer/{objects.answer_token}/", {"answer": "decline", "request": other.pk})
    # then the other is untouched
    other.refresh_from_db()
    assert other.state == "pending"
    assert CollaborationRequest.objects.get(pk=objects.request_id).state == "declined"


def test_only_the_owner_invites_into_and_removes_from_its_own_team(clients: dict[str, Client], brand_member):
    colleague = User.objects.create_user(
        username="colleague@acme.test",
        email="colleague@acme.test",
        role=Role.BRAND,
        organisation=brand_member.organisation,
    )
    invite = {role: clients[role].post("/team/invite/", {"email": f"{role}@new.test"}) for role in ROLES}
    assert {role: response.status_code for role, response in invite.items()} == {
        "anonymous": 302,
        "visitor": 403,
        "brand": 302,
        "agency": 403,
        "creator": 403,
        "staff": 403,
    }
    assert invite["anonymous"]["Location"].startswith("/login/?next=")
    assert list(Invitation.objects.filter(organisation__isnull=False).values_list("email", flat=True)) == [
        "brand@new.test"
    ]
    remove = f"/team/members/{colleague.pk}/remove/"
    others = [role for role in ROLES if role != "brand"]
    got = {role: posted(clients[role], remove) for role in [*others, "brand"]}
    assert got == {
        "anonymous": LOGIN,
        "visitor": 403,
        "agency": 403,
        "creator": 403,
        "staff": 403,
        "brand": 302,
    }
    colleague.refresh_from_db()
    assert not colleague.is_active


def test_only_the_owner_hands_the_organisation_on_and_cancels_its_invitations(
    clients: dict[str, Client], brand_member
):
    colleague = User.objects.create_user(
        username="colleague@acme.test",
        email="colleague@acme.test",
        role=Role.BRAND,
        organisation=brand_member.organisation,
    )
    clients["brand"].post("/team/invite/", {"email": "new@acme.test"})
    invitation = Invitation.objects.get(email="new@acme.test")
    others = [role for role in ROLES if role != "brand"]
    for url in (f"/team/invitations/{invitation.pk}/cancel/", f"/team/members/{colleague.pk}/make-owner/"):
        got = {role: posted(clients[role], url) for role in [*others, "brand"]}
        assert got == {
            "anonymous": LOGIN,
            "visitor": 403,
            "agency": 403,
            "creator": 403,
            "staff": 403,
            "brand": 302,
        }, url
    invitation.refresh_from_db()
    colleague.refresh_from_db()
    assert invitation.cancelled_at is not None
    assert colleague.is_owner


def test_every_account_may_ask_to_delete_itself_and_only_staff_erase_an_application(
    clients: dict[str, Client],
):
    # Without the password nothing is deleted: the form answers 400 to every account.
    got = {role: posted(clients[role], "/account/delete/") for role in ROLES}
    assert got == {role: LOGIN if role == "anonymous" else 400 for role in ROLES}
    assert User.objects.count() == 5
    application = ApplicationFactory.create()
    url = f"/review/{application.pk}/erase/"
    got = {role: posted(clients[role], url) for role in ROLES}
    assert got == {
        "anonymous": LOGIN,
        "visitor": 403,
        "brand": 403,
        "agency": 403,
        "creator": 403,
        "staff": 302,
    }
