from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """A running `vetrina worker`, as it last said so.

    Each worker writes its row every few seconds from a thread of its own, whatever the task in hand
    is doing. Work a worker claimed (an e-mail it is sending) goes to another only once the row has
    gone quiet: the worker died, not merely took long or waited for the database.
    """

    worker_id = models.CharField(_("worker"), max_length=64, primary_key=True)
    beat_at = models.DateTimeField(_("last heartbeat"))
    # Since when the heartbeats came without a gap. A worker that could not write for a while (the
    # database locked or gone) saw nobody's heartbeats either, so it does not judge others dead until
    # they have had as long as the lease to write theirs again.
    steady_since = models.DateTimeField(_("beating steadily since"))

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return self.worker_id
