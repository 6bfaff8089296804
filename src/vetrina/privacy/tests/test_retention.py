"""Personal data past its keeping time is pruned (docs/privacy.md); what is younger stays."""

from datetime import datetime, timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from vetrina.accounts.models import Application
from vetrina.accounts.tests.factories import ApplicationFactory
from vetrina.mail.models import OutboxMessage
from vetrina.privacy import retention
from vetrina.privacy.retention import personal_data_prune

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def days_ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


@pytest.fixture
def keeping(settings) -> None:
    settings.VETRINA_KEEP_APPLICATIONS_DAYS = 180
    settings.VETRINA_KEEP_LOGIN_RECORDS_DAYS = 90
    settings.VETRINA_KEEP_FINISHED_TASKS_DAYS = 14
    settings.VETRINA_KEEP_SENT_EMAILS_DAYS = 30


def test_decided_applications_go_after_their_keeping_time_pending_and_erased_ones_stay(keeping):
    old_rejected = ApplicationFactory.create(state="rejected", reviewed_at=days_ago(181))
    old_approved = ApplicationFactory.create(state="approved", reviewed_at=days_ago(200))
    recent = ApplicationFactory.create(state="rejected", reviewed_at=days_ago(179))
    old_pending = ApplicationFactory.create(created_at=days_ago(400))
    old_erased = ApplicationFactory.create(
        state="rejected", reviewed_at=days_ago(400), erased_at=days_ago(300)
    )

    pruned = personal_data_prune(now=NOW)

    assert pruned["applications"] == 2
    left = set(Application.objects.values_list("pk", flat=True))
    assert left == {recent.pk, old_pending.pk, old_erased.pk}
    assert not left & {old_rejected.pk, old_approved.pk}


def test_login_records_go_after_their_keeping_time(keeping):
    for model in (AccessLog, AccessFailureLog, AccessAttempt):
        for username, age in (("old@acme.test", 91), ("new@acme.test", 89)):
            extra = {"failures_since_start": 1} if model is AccessAttempt else {}
            record = model.objects.create(
                username=username, ip_address="127.0.0.1", user_agent="test", **extra
            )
            # auto_now_add: the age is set afterwards.
            model.objects.filter(pk=record.pk).update(attempt_time=days_ago(age))

    pruned = personal_data_prune(now=NOW)

    assert pruned["login records"] == 3
    for model in (AccessLog, AccessFailureLog, AccessAttempt):
        assert list(model.objects.values_list("username", flat=True)) == ["new@acme.test"]


def task(status: str, finished_days_ago: float | None) -> DBTaskResult:
    return DBTaskResult.objects.create(
        status=status,
        finished_at=None if finished_days_ago is None else days_ago(finished_days_ago),
        args_kwargs={"args": [], "kwargs": {"message_id": 1}},
        task_path="vetrina.mail.tasks.send_outbox_message",
        backend_name="default",
        run_after=days_ago(30),
    )


def test_finished_tasks_go_after_their_keeping_time_waiting_ones_stay(keeping):
    old_done = task("SUCCESSFUL", 15)
    old_failed = task("FAILED", 20)
    recent = task("SUCCESSFUL", 13)
    waiting = task("READY", None)

    pruned = personal_data_prune(now=NOW)

    assert pruned["finished tasks"] == 2
    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}
    assert not DBTaskResult.objects.filter(pk__in=[old_done.pk, old_failed.pk]).exists()


def email(state: str, *, sent_days_ago: float | None = None, created_days_ago: float = 0) -> OutboxMessage:
    return OutboxMessage.objects.create(
        recipient="anna@acme.test",
        subject="Hello",
        text="Hello",
        language="en",
        reason="test",
        message_id=f"<{state}-{sent_days_ago}-{created_days_ago}@vetrina.test>",
        state=state,
        sent_at=None if sent_days_ago is None else days_ago(sent_days_ago),
        created_at=days_ago(created_days_ago),
    )


def test_sent_emails_go_after_their_keeping_time_unsent_ones_stay(keeping):
    email("sent", sent_days_ago=31, created_days_ago=31)
    email("given_up", created_days_ago=40)
    recent = email("sent", sent_days_ago=29, created_days_ago=29)
    queued = email("retrying", created_days_ago=40)

    pruned = personal_data_prune(now=NOW)

    assert pruned["sent e-mails"] == 2
    assert set(OutboxMessage.objects.values_list("pk", flat=True)) == {recent.pk, queued.pk}


def test_the_worker_prunes_at_its_start_and_then_once_an_hour(keeping, monkeypatch):
    monkeypatch.setattr(retention, "_last_run", None)
    ApplicationFactory.create(state="rejected", reviewed_at=timezone.now() - timedelta(days=365))
    retention.personal_data_prune_hourly()
    assert not Application.objects.exists()
    # within the hour, the next look does nothing
    ApplicationFactory.create(state="rejected", reviewed_at=timezone.now() - timedelta(days=365))
    retention.personal_data_prune_hourly()
    assert Application.objects.count() == 1


def test_the_prune_is_one_of_the_workers_periodic_jobs():
    from vetrina.worker.runner import PERIODIC_JOBS

    assert retention.personal_data_prune_hourly in PERIODIC_JOBS
