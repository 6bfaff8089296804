from django.apps import AppConfig


class ServerConfig(AppConfig):
    # No models: `vetrina serve` (the web server and its workers, supervised), /healthz, backups.
    name = "vetrina.server"
    verbose_name = "Server"
