from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "liaison.search"
    label = "search"
    verbose_name = "Search"
