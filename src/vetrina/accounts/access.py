"""Who may open what: the one place that checks roles (docs/roles.md). Every view goes through
these decorators; the navigation is built from the same table; services, selectors, the API and the
templates (through the `navigation` context processor) ask the named predicates below. Nothing else
reads `role`, `is_staff` or an account's organisation to decide what someone may do."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vetrina.accounts.models import MEMBER_ROLES, ORGANISATION_ROLES, Role, User

ANONYMOUS = "anonymous"
STAFF = "staff"

View = Callable[..., HttpResponse]


class AuthenticatedHttpRequest(HttpRequest):
    """The request of a view behind role_required: its user is signed in."""

    user: User


def role_of(user: Any) -> str:
    """anonymous, staff, brand, agency, visitor or creator ("" for an account with no role yet)."""
    if not user.is_authenticated:
        return ANONYMOUS
    if user.is_staff:
        return STAFF
    return user.role


# --- Predicates: each decision once, named for what it lets someone do ---------------------------------


def is_staff(user: Any) -> bool:
    """Vetrina's staff: they read everything (every organisation's lists and campaigns, every creator)
    and act for nobody (no contact, no list, no answer)."""
    return bool(user.is_authenticated and user.is_staff)


def may_browse_creators(user: Any) -> bool:
    """Search creators and read their numbers: members (brands, agencies, visitors) and staff."""
    return is_staff(user) or bool(user.is_authenticated and user.role in MEMBER_ROLES)


def may_use_api(user: Any) -> bool:
    """Hold API tokens: whoever may browse creators, which is what the API is for."""
    return may_browse_creators(user)


def acts_for_organisation(user: Any) -> bool:
    """Brands and agencies act in their organisation's name; visitors only look, staff act for nobody."""
    return bool(
        user.is_authenticated
        and not user.is_staff
        and user.role in ORGANISATION_ROLES
        and user.organisation_id is not None
    )


def may_contact(user: Any) -> bool:
    """Contact creators, and withdraw the organisation's requests."""
    return acts_for_organisation(user)


def may_keep_lists(user: Any) -> bool:
    """Make, change and delete the organisation's shortlists."""
    return acts_for_organisation(user)


def may_save_searches(user: Any) -> bool:
    """Save the organisation's searches and watch them for new creators: brands and agencies, as they keep
    lists; visitors keep nothing and staff act for nobody."""
    return acts_for_organisation(user)


def may_follow_campaigns(user: Any) -> bool:
    """Read campaigns and their requests: brand and agency members their own, staff every one."""
    return is_staff(user) or bool(user.is_authenticated and user.role in ORGANISATION_ROLES)


def may_see_team(user: Any) -> bool:
    """See the organisation's members on the Team page: brand and agency members. A visitor's
    organisation is of one, so visitors have no team; staff belong to none."""
    return acts_for_organisation(user)


def may_manage_team(user: Any) -> bool:
    """Invite colleagues into the organisation and remove them: its owner, the first member."""
    return may_see_team(user) and bool(user.is_owner)


def has_request_inbox(user: Any) -> bool:
    """A creator-side account: it receives the requests to the creators it manages."""
    return bool(user.is_authenticated and user.role == Role.CREATOR)


def has_notifications(user: Any) -> bool:
    """A bell of notifications: brand and agency members (their requests' steps), creator-side accounts
    (the steps of the requests in their inbox), and staff, who read the pages of both."""
    return may_follow_campaigns(user) or has_request_inbox(user)


def may_answer_requests(user: Any) -> bool:
    """Accept or decline a request from the inbox: the creator's side only (staff read the inbox)."""
    return has_request_inbox(user)


def may_connect_tiktok(user: Any) -> bool:
    """Connect the account's TikTok, and disconnect it: a creator-side account, for itself (staff, who
    read the creators' side, act for nobody)."""
    return has_request_inbox(user) and not user.is_staff


def role_required(*roles: Role) -> Callable[[View], View]:
    """Lets in the given roles and staff, who read everything; sends anonymous visitors to log in."""
    allowed = frozenset(roles)

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not (user.is_staff or user.role in allowed):
                raise PermissionDenied(_("Your account cannot open this page."))
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


member_required = role_required(*MEMBER_ROLES)
staff_required = role_required()
# Brands and agencies keep shortlists and campaigns; visitors may only look (docs/roles.md).
organisation_member_required = role_required(*ORGANISATION_ROLES)
creator_side_required = role_required(Role.CREATOR)
# Every account: its own data (docs/privacy.md).
account_required = role_required(*Role)
# The bell: both sides of a collaboration.
notifications_required = role_required(*ORGANISATION_ROLES, Role.CREATOR)


@dataclass(frozen=True)
class Section:
    url_name: str
    label: str | Promise
    roles: frozenset[str]
    description: str | Promise


# The top bar and the home page, in order. Staff see every section but the creators' inbox, and Review.
SECTIONS = [
    Section(
        "collaborations:activity",
        _("My Activity"),
        frozenset({*ORGANISATION_ROLES, STAFF}),
        _("Your campaigns and every request sent in them, with the creators' answers."),
    ),
    Section(
        "search:index",
        _("Creator Search"),
        frozenset({*MEMBER_ROLES, STAFF}),
        _("Find creators by country, category and numbers, and by who their audience is."),
    ),
    Section(
        "shortlists:index",
        _("Shortlist"),
        frozenset({*ORGANISATION_ROLES, STAFF}),
        _("Lists of creators to compare side by side and contact together."),
    ),
    Section(
        "accounts:team",
        _("Team"),
        frozenset(ORGANISATION_ROLES),
        _("The members of your organisation; its owner invites colleagues and removes them."),
    ),
    Section(
        "collaborations:requests",
        _("Requests"),
        frozenset({Role.CREATOR}),
        _("The collaboration requests brands and agencies sent you, to accept or decline."),
    ),
    Section(
        "joining:space",
        _("My creator profile"),
        frozenset({Role.CREATOR}),
        _("Your creator page, its eligibility, your profile and rates, pausing requests, leaving."),
    ),
    Section(
        "accounts:review_queue",
        _("Review"),
        frozenset({STAFF}),
        _("Applications for access, and creators to verify and invite."),
    ),
]


def sections_for(user: Any) -> list[Section]:
    role = role_of(user)
    return [section for section in SECTIONS if role in section.roles]
