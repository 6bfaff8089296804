"""The watch of saved searches: which creators are new since the last check, which saved searches they
match, and who is told (docs/saved-searches.md).

A creator is a *new match* of a saved search when, at a check, it
- is findable (verified: search finds verified creators only) and was not at the previous check: new to
  the catalogue (an import, a sync) or newly verified (or verified again after losing it);
- matches the saved search's filters as they are at this check;
- was never announced to that saved search before;
and, for a saved search saved since the previous check, the creator was added to the catalogue after
it was saved (nothing it could already show when it was saved is announced as new). A creator who was findable already and whose numbers change until they
match is not a new match: it was in the catalogue the brand searched.

What it costs: one pass over the verified creators to find those not seen yet (WatchedCreator holds
one row per creator, whatever the number of saved searches); when none is new, that is all. Otherwise
each saved search someone watches runs once, over the new creators only, through the search's own
conditions and indexes, never over every creator.
"""

import logging
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from vetrina.accounts.models import User
from vetrina.creators.models import Creator
from vetrina.mail.emails import absolute_url, email_language, email_queue
from vetrina.notifications.services import notifications_send_for_saved_search
from vetrina.saved_searches.models import (
    SavedSearch,
    SavedSearchAlert,
    SavedSearchDigest,
    SavedSearchMatch,
    WatchCheck,
    WatchedCreator,
)
from vetrina.saved_searches.selectors import saved_filters, watchers_of
from vetrina.search.filters import SearchFilters
from vetrina.search.selectors import conditions

logger = logging.getLogger(__name__)

# How often the worker checks: new creators arrive in imports and syncs, not by the second.
CHECK_EVERY = timedelta(minutes=5)
# At most one e-mail of new matches a day to each member, however many checks found some.
EMAIL_EVERY = timedelta(days=1)
# Up to this many new creators, a text's matches among them are found once and handed to each saved
# search with that text as a list of ids (a query's parameters: SQLite takes 32,766 at most).
TEXT_ONCE_UP_TO = 10_000
# The saved searches whose new matches are written in one transaction: few commits, each short, so that
# the site's own writes wait little for SQLite's write lock.
WRITE_BATCH = 100
# The creators an e-mail names for each saved search; the rest are on its page.
EMAIL_SHOWS = 10


@dataclass
class CheckReport:
    took_stock: bool = False
    new_creators: int = 0
    searches_run: int = 0
    matches: dict[int, list[int]] = field(default_factory=dict)  # saved search id → creator ids


def saved_searches_watch() -> None:
    """The worker's periodic job: check every CHECK_EVERY, then send the e-mails that are due."""
    state = WatchCheck.objects.filter(pk=1).values_list("checked_at", flat=True).first()
    if state is not None and timezone.now() - state < CHECK_EVERY:
        return
    started = time.monotonic()
    report = saved_searches_check()
    sent = saved_search_emails_send()
    if report.new_creators or sent:
        logger.info(
            "Saved searches: %s new creators, %s searches run, %s with new matches, %s e-mails, %.1f s.",
            report.new_creators,
            report.searches_run,
            len(report.matches),
            sent,
            time.monotonic() - started,
        )


def saved_searches_check(*, now: datetime | None = None) -> CheckReport:
    """Finds the creators new since the last check, and each watched saved search's new matches among
    them; records them and tells the watching members in the bell. Safe in several workers at once: one
    takes the new creators, the others find none."""
    now = now or timezone.now()
    report = CheckReport()
    WatchCheck.objects.get_or_create(pk=1)
    with transaction.atomic():
        state = WatchCheck.objects.select_for_update().get(pk=1)
        previous = state.checked_at
        if previous is not None and now <= previous:
            return report  # another worker has just checked
        # A creator no longer verified leaves the catalogue; verified again, it is new again.
        WatchedCreator.objects.filter(
            creator_id__in=Creator.objects.filter(verified=False).values("pk")
        ).delete()
        report.new_creators = _take_new_creators(now)
        state.checked_at = now
        state.save(update_fields=["checked_at"])
    if previous is None:
        # The first check takes stock: the catalogue as it stands is what every saved search has seen.
        report.took_stock = True
        return report
    if not report.new_creators:
        return report
    new_creators = WatchedCreator.objects.filter(seen_at=now).values("creator_id")
    watched = SavedSearch.objects.filter(
        Exists(SavedSearchAlert.objects.filter(saved_search=OuterRef("pk"))), created_at__lte=now
    ).order_by("pk")
    found_now: list[tuple[SavedSearch, list[int]]] = []
    # The new creators each text (`q`) finds, found once per text for every saved search with it: a text
    # condition reads a text index as large as the catalogue, the rest only the new creators' rows.
    text_finds: dict[str, list[int]] = {}
    # Read whole first: matches are written while the saved searches are gone through.
    for saved_search in list(watched):
        filters = saved_filters(saved_search).filters
        if filters is None:
            continue  # its filters no longer hold (a category renamed): its page says so
        report.searches_run += 1
        candidates = Creator.objects.filter(verified=True, pk__in=new_creators)
        if filters.q and report.new_creators <= TEXT_ONCE_UP_TO:
            if filters.q not in text_finds:
                text_finds[filters.q] = list(
                    candidates.filter(_all_of(SearchFilters.model_validate({"q": filters.q}))).values_list(
                        "pk", flat=True
                    )
                )
            if not text_finds[filters.q]:
                continue
            candidates = Creator.objects.filter(verified=True, pk__in=text_finds[filters.q])
            filters = filters.model_copy(update={"q": ""})
        found = _all_of(filters)
        if saved_search.created_at > previous:
            # Saved since the previous check: the creators that check had not seen may have been on the
            # page when it was saved. Only those added to the catalogue after it count.
            candidates = candidates.filter(created_at__gt=saved_search.created_at)
        creator_ids = list(
            candidates.filter(found)
            .filter(
                ~Exists(SavedSearchMatch.objects.filter(saved_search=saved_search, creator=OuterRef("pk")))
            )
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if creator_ids:
            found_now.append((saved_search, creator_ids))
            report.matches[saved_search.pk] = creator_ids
        if len(found_now) >= WRITE_BATCH:
            _matches_record(found=found_now, now=now)
            found_now = []
    if found_now:
        _matches_record(found=found_now, now=now)
    return report


def _all_of(filters: SearchFilters) -> Q:
    """Every condition of the filters, as the search has them (search.selectors.conditions)."""
    found = Q()
    for condition in conditions(filters):
        found &= condition.q
    return found


def _take_new_creators(now: datetime) -> int:
    """Adds the verified creators not watched yet, seen at `now`; returns how many. One statement, so
    that a first check over 100,000 creators costs one pass, not a round trip each."""
    watched = WatchedCreator._meta.db_table
    creators = Creator._meta.db_table
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(watched)} (creator_id, seen_at) "
            f"SELECT c.id, %s FROM {quote(creators)} c WHERE c.verified = %s AND NOT EXISTS "
            f"(SELECT 1 FROM {quote(watched)} w WHERE w.creator_id = c.id)",
            [connection.ops.adapt_datetimefield_value(now), True],
        )
        return max(cursor.rowcount, 0)


@transaction.atomic
def _matches_record(*, found: list[tuple[SavedSearch, list[int]]], now: datetime) -> None:
    """The new matches of several saved searches, and their notifications, in one short transaction."""
    SavedSearchMatch.objects.bulk_create(
        [
            SavedSearchMatch(saved_search=saved_search, creator_id=pk, found_at=now)
            for saved_search, creator_ids in found
            for pk in creator_ids
        ],
        ignore_conflicts=True,
        batch_size=1000,
    )
    for saved_search, creator_ids in found:
        users = [alert.user for alert in watchers_of(saved_search)]
        notifications_send_for_saved_search(users=users, saved_search=saved_search, count=len(creator_ids))


@dataclass
class _Section:
    saved_search: SavedSearch
    creators: list[Creator]
    count: int
    link: str


def saved_search_emails_send(*, now: datetime | None = None) -> int:
    """One e-mail to each watching member with new matches not e-mailed yet, unless they had one in the
    last day; returns how many were queued."""
    now = now or timezone.now()
    pending = SavedSearchAlert.objects.filter(
        Exists(
            SavedSearchMatch.objects.filter(
                saved_search=OuterRef("saved_search"),
                found_at__gt=OuterRef("emailed_up_to"),
                found_at__lte=now,
            )
        ),
        user__is_active=True,
    )
    recently = SavedSearchDigest.objects.filter(sent_at__gt=now - EMAIL_EVERY).values("user_id")
    user_ids = sorted(set(pending.exclude(user_id__in=recently).values_list("user_id", flat=True)))
    sent = 0
    for user in User.objects.filter(pk__in=user_ids).order_by("pk"):
        if _email_send(user=user, now=now):
            sent += 1
    return sent


@transaction.atomic
def _email_send(*, user: User, now: datetime) -> bool:
    if user.organisation_id is None:
        return False
    alerts = list(
        SavedSearchAlert.objects.filter(user=user, saved_search__organisation_id=user.organisation_id)
        .select_related("saved_search")
        .order_by("saved_search__name", "pk")
    )
    sections = []
    for alert in alerts:
        new = SavedSearchMatch.objects.filter(
            saved_search=alert.saved_search, found_at__gt=alert.emailed_up_to, found_at__lte=now
        )
        count = new.count()
        if not count:
            continue
        creators = [
            match.creator
            for match in new.select_related("creator").order_by("-found_at", "creator__handle")[:EMAIL_SHOWS]
        ]
        link = absolute_url(alert.saved_search.get_absolute_url())
        sections.append(_Section(alert.saved_search, creators, count, link))
    # Whatever was pending is now either in this e-mail or in no e-mail at all (a member without an
    # address): it is not e-mailed later.
    SavedSearchAlert.objects.filter(pk__in=[alert.pk for alert in alerts]).update(emailed_up_to=now)
    if not sections or not user.email:
        return False
    total = sum(section.count for section in sections)
    with translation.override(email_language(user.language)):
        subject = ngettext(
            "%(count)s new creator matches your saved searches",
            "%(count)s new creators match your saved searches",
            total,
        ) % {"count": total}
    email_queue(
        to=user.email,
        subject=subject,
        template="saved_search_matches",
        context={
            "sections": sections,
            "total": total,
            "index": absolute_url(reverse("saved_searches:index")),
        },
        language=user.language,
    )
    SavedSearchDigest.objects.update_or_create(user=user, defaults={"sent_at": now})
    return True
