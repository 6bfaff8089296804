from django.apps import AppConfig


class CollaborationsConfig(AppConfig):
    name = "vetrina.collaborations"
    verbose_name = "Collaborations"
