from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "vetrina.search"
    verbose_name = "Search"
