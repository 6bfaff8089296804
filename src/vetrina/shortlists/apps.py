from django.apps import AppConfig


class ShortlistsConfig(AppConfig):
    name = "vetrina.shortlists"
    verbose_name = "Shortlists"
