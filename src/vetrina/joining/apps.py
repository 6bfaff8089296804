from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JoiningConfig(AppConfig):
    name = "vetrina.joining"
    verbose_name = _("Creators joining")
