"""How long personal data is kept (docs/privacy.md): rows older than their VETRINA_KEEP_*_DAYS setting are
deleted by the worker's periodic job.

Each rule counts from the moment the row stopped being needed: an application from its decision, a login
record from the attempt, a task from when it finished, an e-mail from when it was sent (or given up).
"""

import logging
import time
from datetime import datetime, timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from vetrina.accounts.models import Application
from vetrina.mail.models import OutboxMessage

logger = logging.getLogger(__name__)


def _before(days: int, now: datetime) -> datetime:
    return now - timedelta(days=days)


def decided_applications_prune(*, now: datetime) -> int:
    """Approved and rejected applications decided VETRINA_KEEP_APPLICATIONS_DAYS ago (their invitations go
    with them). Pending ones wait for staff; an erased one is kept as the record of its erasure and holds
    nothing personal."""
    cutoff = _before(settings.VETRINA_KEEP_APPLICATIONS_DAYS, now)
    old = Application.objects.filter(reviewed_at__lt=cutoff, erased_at__isnull=True).exclude(
        state=Application.State.PENDING
    )
    return old.delete()[1].get("accounts.Application", 0)


def login_records_prune(*, now: datetime) -> int:
    """django-axes' records of log-ins and failed log-ins older than VETRINA_KEEP_LOGIN_RECORDS_DAYS: far
    longer than any lock-out (VETRINA_LOGIN_LOCKOUT_MINUTES), so no lock-out is lifted early."""
    cutoff = _before(settings.VETRINA_KEEP_LOGIN_RECORDS_DAYS, now)
    return sum(
        model.objects.filter(attempt_time__lt=cutoff).delete()[0]
        for model in (AccessLog, AccessFailureLog, AccessAttempt)
    )


def finished_tasks_prune(*, now: datetime) -> int:
    """The queue's finished tasks (done or failed) older than VETRINA_KEEP_FINISHED_TASKS_DAYS; their
    arguments name rows, their results may hold addresses."""
    cutoff = _before(settings.VETRINA_KEEP_FINISHED_TASKS_DAYS, now)
    return DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()[0]


def sent_emails_prune(*, now: datetime) -> int:
    """E-mails sent, or given up, VETRINA_KEEP_SENT_EMAILS_DAYS ago. Those still to be sent stay."""
    cutoff = _before(settings.VETRINA_KEEP_SENT_EMAILS_DAYS, now)
    old = OutboxMessage.objects.filter(
        Q(state=OutboxMessage.State.SENT, sent_at__lt=cutoff)
        | Q(state=OutboxMessage.State.GIVEN_UP, created_at__lt=cutoff)
    )
    return old.delete()[0]


def personal_data_prune(*, now: datetime | None = None) -> dict[str, int]:
    """Every rule above, each a transaction of its own (one long one would hold SQLite's write lock while
    the web server waits); returns how many rows each deleted."""
    now = now or timezone.now()
    rules = {
        "applications": decided_applications_prune,
        "login records": login_records_prune,
        "finished tasks": finished_tasks_prune,
        "sent e-mails": sent_emails_prune,
    }
    pruned = {}
    for name, rule in rules.items():
        with transaction.atomic():
            pruned[name] = rule(now=now)
    if any(pruned.values()):
        logger.info("Pruned personal data past its keeping time: %s.", pruned)
    return pruned


# The worker looks at its periodic jobs every few seconds; rules counted in days need a look an hour.
_EVERY_SECONDS = 3600
_last_run: float | None = None


def personal_data_prune_hourly() -> None:
    """The worker's periodic job: personal_data_prune at the worker's start, then once an hour."""
    global _last_run
    if _last_run is not None and time.monotonic() - _last_run < _EVERY_SECONDS:
        return
    personal_data_prune()
    _last_run = time.monotonic()
