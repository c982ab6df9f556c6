from django.apps import AppConfig


class MatchmakingConfig(AppConfig):
    name = "liaison.matchmaking"
    label = "matchmaking"
    verbose_name = "Matchmaking"

    def ready(self) -> None:
        from . import signals  # noqa: F401 - connects the registration hooks
