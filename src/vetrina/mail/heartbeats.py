"""Workers' heartbeats (models.WorkerHeartbeat): written by each `vetrina worker`, read by the outbox, which
hands a claimed e-mail to another worker only once its claimer has stopped beating."""

from datetime import datetime, timedelta

from django.db.models import Case, F, Value, When
from django.utils import timezone

from vetrina.mail.models import WorkerHeartbeat


def worker_heartbeat_beat(*, worker_id: str, now: datetime, gap: timedelta) -> None:
    """Says the worker is alive at `now`. A beat more than `gap` after the previous one starts the
    steady run afresh."""
    # Only the worker's own heartbeat thread writes its row: an update, else a first insert, cannot race.
    updated = WorkerHeartbeat.objects.filter(worker_id=worker_id).update(
        steady_since=Case(When(beat_at__lt=now - gap, then=Value(now)), default=F("steady_since")),
        beat_at=now,
    )
    if not updated:
        WorkerHeartbeat.objects.create(worker_id=worker_id, beat_at=now, steady_since=now)


def worker_heartbeat_end(*, worker_id: str) -> None:
    """A worker that stops cleanly leaves nothing in hand: its row goes."""
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


# A worker silent this long died long ago; its row says nothing any more.
HEARTBEAT_KEPT = timedelta(days=1)


def worker_heartbeats_prune() -> int:
    """The worker's periodic job: forgets the heartbeats of workers that died (killed, or their machine
    gone) long ago. Returns how many it removed."""
    deleted, _by_model = WorkerHeartbeat.objects.filter(beat_at__lt=timezone.now() - HEARTBEAT_KEPT).delete()
    return deleted
