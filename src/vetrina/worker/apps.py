from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkerConfig(AppConfig):
    # The `vetrina worker` command and the periodic jobs it runs (its heartbeats are the outbox's: mail).
    name = "vetrina.worker"
    verbose_name = _("Worker")
