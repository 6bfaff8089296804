from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "vetrina.demo"
    verbose_name = "Demo"
