from datetime import timedelta

from django.utils import timezone

from vetrina.mail.heartbeats import worker_heartbeat_beat, worker_heartbeats_prune
from vetrina.mail.models import WorkerHeartbeat


def test_a_heartbeat_after_a_gap_starts_the_steady_run_afresh(db):
    start = timezone.now()
    gap = timedelta(seconds=10)
    worker_heartbeat_beat(worker_id="host-1", now=start, gap=gap)
    worker_heartbeat_beat(worker_id="host-1", now=start + timedelta(seconds=5), gap=gap)
    assert WorkerHeartbeat.objects.get().steady_since == start
    worker_heartbeat_beat(worker_id="host-1", now=start + timedelta(seconds=20), gap=gap)
    assert WorkerHeartbeat.objects.get().steady_since == start + timedelta(seconds=20)


def test_the_heartbeats_of_workers_silent_for_a_day_are_forgotten(db):
    now = timezone.now()
    WorkerHeartbeat.objects.create(worker_id="dead", beat_at=now - timedelta(days=2), steady_since=now)
    WorkerHeartbeat.objects.create(worker_id="alive", beat_at=now, steady_since=now)
    assert worker_heartbeats_prune() == 1
    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["alive"]
