"""The worker's loop: queued tasks through django-tasks-db's worker, and Vetrina's periodic jobs between
them (docs/architecture.md)."""

import logging
import signal
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from types import FrameType

from django.conf import settings
from django.db import close_old_connections, connection, connections
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker as TaskRunner

from vetrina.collaborations.deliverables import deliverables_auto_approve
from vetrina.collaborations.services import collaboration_requests_expire
from vetrina.connectors.services import tiktok_grants_keep_alive_hourly
from vetrina.joining.services import creator_applications_unconfirmed_prune
from vetrina.joining.sync import creators_sync_due
from vetrina.lib.database_busy import is_database_unavailable
from vetrina.lib.workers import Backoff, process_name
from vetrina.mail.heartbeats import worker_heartbeat_beat, worker_heartbeat_end, worker_heartbeats_prune
from vetrina.mail.services import outbox_due_requeue
from vetrina.privacy.retention import personal_data_prune_hourly
from vetrina.saved_searches.watching import saved_searches_watch

logger = logging.getLogger(__name__)

# Run every `jobs_every` seconds. Each must be safe to run in several workers at once.
PERIODIC_JOBS: list[Callable[[], object]] = [
    # E-mails due for another try, and those whose worker died while sending them.
    outbox_due_requeue,
    # Collaboration requests left unanswered past VETRINA_REQUEST_EXPIRY_DAYS.
    collaboration_requests_expire,
    # Drafts left without a review past VETRINA_DRAFT_AUTO_APPROVE_DAYS.
    deliverables_auto_approve,
    # The heartbeats of workers that died long ago.
    worker_heartbeats_prune,
    # Personal data past its keeping time (VETRINA_KEEP_*_DAYS, docs/privacy.md), once an hour.
    personal_data_prune_hourly,
    # Creators who joined and connected TikTok, read again every VETRINA_TIKTOK_SYNC_HOURS, through the import.
    creators_sync_due,
    # Creators' applications whose e-mail was never confirmed, once the link has expired.
    creator_applications_unconfirmed_prune,
    # TikTok grants whose refresh token ends within a week, refreshed so they live on (docs/tiktok.md).
    tiktok_grants_keep_alive_hourly,
    # New creators matching saved searches: the bell, and the daily e-mail (docs/saved-searches.md).
    saved_searches_watch,
]

# Tasks run between two looks at the periodic jobs, so that a busy queue does not hold them back.
_BATCH = 20

# The longest wait between two tries at a database that is locked or out of reach: short enough that the
# worker is soon at work again once it is back, long enough not to flood the log meanwhile.
_DATABASE_RETRY_CAP_SECONDS = 30.0


class Worker:
    """Runs queued tasks and the periodic jobs until stopped.

    SIGTERM or SIGINT: take no new task, finish the one in hand, exit 0. A second signal gives the task in
    hand up at once; a message it was sending goes back to the outbox queue, and the worker exits 1.

    A database that is locked by another writer or out of reach (restarting, the network down) never
    stops it: it logs, waits (longer each time, up to a cap), and tries again.
    """

    def __init__(self, *, interval: float, jobs_every: float) -> None:
        self.interval = interval
        self.jobs_every = jobs_every
        self.worker_id = process_name()
        self.stopping = False
        self.forced = False
        self._wake = threading.Event()
        self._runner: TaskRunner | None = None

    def run(self, *, once: bool = False) -> int:
        """Runs until stopped; `once`, until the periodic jobs ran and the queue is empty. Returns the exit
        code."""
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, self._stop)
        heartbeat = Heartbeat(worker_id=self.worker_id)
        heartbeat.start()
        logger.info(
            "Worker %s started: tasks, and the periodic jobs every %ss.", self.worker_id, self.jobs_every
        )
        try:
            self._loop(once=once)
        finally:
            heartbeat.stop()
        logger.info("Worker %s stopped.", self.worker_id)
        return 1 if self.forced else 0

    def _loop(self, *, once: bool) -> None:
        next_jobs_at = 0.0
        backoff = Backoff(first=self.interval, cap=_DATABASE_RETRY_CAP_SECONDS)
        while not self.stopping:
            try:
                if time.monotonic() >= next_jobs_at:
                    self._periodic_jobs()
                    next_jobs_at = time.monotonic() + self.jobs_every
                ran = self._tasks(limit=None if once else _BATCH)
            except Exception as error:
                if not is_database_unavailable(error):
                    raise
                delay = backoff.next()
                logger.warning(
                    "Worker %s cannot use the database (%s); trying again in %.1f s.",
                    self.worker_id,
                    error,
                    delay,
                )
                # A connection that broke stays broken; the next try opens a new one.
                connections.close_all()
                self._wake.wait(delay)
                continue
            backoff.reset()
            if once:
                break
            if ran == 0:
                # Idle: look again after the interval, or at once when told to stop.
                self._wake.wait(self.interval)

    def _stop(self, signum: int, frame: FrameType | None) -> None:
        if self.stopping:
            logger.warning("%s again: giving the task in hand up.", signal.strsignal(signum))
            self.forced = True
            raise SystemExit(1)
        logger.info("%s: stopping after the task in hand.", signal.strsignal(signum))
        self.stopping = True
        self._wake.set()
        if self._runner is not None:
            self._runner.running = False

    def _periodic_jobs(self) -> None:
        close_old_connections()
        for job in PERIODIC_JOBS:
            try:
                job()
            except Exception as error:
                # A passing database error must not stop the worker; the next run tries again.
                if is_database_unavailable(error):
                    logger.warning("Periodic job %s cannot use the database (%s).", job.__name__, error)
                    connections.close_all()
                else:
                    logger.exception("Periodic job %s failed.", job.__name__)

    def _tasks(self, *, limit: int | None) -> int:
        """Runs queued tasks until the queue is empty, `limit` have run, or the worker is told to stop."""
        self._runner = TaskRunner(
            queue_names=["*"],
            interval=self.interval,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=limit,
            worker_id=self.worker_id,
            excluded_queue_names=[],
        )
        if self.stopping:  # told to stop while the runner was being made
            self._runner = None
            return 0
        try:
            # django-tasks-db's loop, without its signal handlers: ours above decide when to stop.
            self._runner.run()
        finally:
            ran = self._runner._run_tasks
            self._runner = None
        return ran


class Heartbeat:
    """Writes the worker's heartbeat (WorkerHeartbeat) from a thread of its own, so that it goes on while
    a task takes long or waits for the database: four beats to a lease (VETRINA_MAIL_LEASE_SECONDS), at
    most 30 s apart. A worker whose heartbeat stopped for a lease is taken for dead."""

    def __init__(self, *, worker_id: str) -> None:
        self.worker_id = worker_id
        self.every = min(settings.VETRINA_MAIL_LEASE_SECONDS / 4, 30.0)
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._beat, name="heartbeat", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join(timeout=10)
        try:
            worker_heartbeat_end(worker_id=self.worker_id)
        except Exception as error:
            # The row goes quiet instead, and is taken for a dead worker's: nothing is lost.
            logger.warning("Worker %s could not remove its heartbeat: %s", self.worker_id, error)

    def _beat(self) -> None:
        # A missed beat (the database locked or gone) shows as a gap of more than two beats.
        gap = timedelta(seconds=2 * self.every)
        while not self._stopped.is_set():
            try:
                worker_heartbeat_beat(worker_id=self.worker_id, now=timezone.now(), gap=gap)
            except Exception as error:
                if not is_database_unavailable(error):
                    logger.exception("Worker %s could not write its heartbeat.", self.worker_id)
                else:
                    logger.warning(
                        "Worker %s cannot use the database for its heartbeat: %s", self.worker_id, error
                    )
                connection.close()
            self._stopped.wait(self.every)
        connection.close()
