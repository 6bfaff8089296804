from django.apps import AppConfig


class MetricsConfig(AppConfig):
    name = "vetrina.metrics"
    verbose_name = "Metrics"
