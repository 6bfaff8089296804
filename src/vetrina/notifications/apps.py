from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "vetrina.notifications"
    verbose_name = "Notifications"
