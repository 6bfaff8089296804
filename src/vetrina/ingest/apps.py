from django.apps import AppConfig


class IngestConfig(AppConfig):
    """Creators in and out: the import format read, prepared and stored, the export, and the commands
    that drive them. Above creators, metrics and search, which it calls and which never call it."""

    name = "vetrina.ingest"
    verbose_name = "Ingest"
