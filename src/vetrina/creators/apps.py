from django.apps import AppConfig


class CreatorsConfig(AppConfig):
    name = "vetrina.creators"
    verbose_name = "Creators"
