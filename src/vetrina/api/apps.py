from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "vetrina.api"
    verbose_name = "API"
