from django.apps import AppConfig


class WorkerConfig(AppConfig):
    # No models: the `vetrina worker` command and the periodic jobs it runs.
    name = "vetrina.worker"
    verbose_name = "Worker"
