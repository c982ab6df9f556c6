from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "liaison.site"
    label = "site"
    verbose_name = "Site"
