from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShortlistsConfig(AppConfig):
    name = "vetrina.shortlists"
    verbose_name = _("Shortlists")
