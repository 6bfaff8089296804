from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "vetrina.accounts"
    verbose_name = "Accounts"
