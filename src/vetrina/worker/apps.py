from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkerConfig(AppConfig):
    # No models: the `vetrina worker` command and the periodic jobs it runs.
    name = "vetrina.worker"
    verbose_name = _("Worker")
