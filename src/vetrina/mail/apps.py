from django.apps import AppConfig


class MailConfig(AppConfig):
    name = "vetrina.mail"
    verbose_name = "Mail"
