from django.apps import AppConfig


class WorkerConfig(AppConfig):
    # The `vetrina worker` command and the periodic jobs it runs (its heartbeats are the outbox's: mail).
    name = "vetrina.worker"
    verbose_name = "Worker"
