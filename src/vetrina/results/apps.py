from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "vetrina.results"
    verbose_name = _("Campaign results")
