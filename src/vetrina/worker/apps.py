from django.apps import AppConfig


class WorkerConfig(AppConfig):
    # The `vetrina worker` command, the periodic jobs it runs, and the heartbeats of running workers.
    name = "vetrina.worker"
    verbose_name = "Worker"
