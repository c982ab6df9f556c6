"""Errors the services raise besides Django's ``ValidationError``."""


class Conflict(Exception):  # noqa: N818 - it names the HTTP meaning the API gives it
    """The operation conflicts with the current state (the API answers 409)."""

    def __init__(self, message: str, **details):
        super().__init__(message)
        self.details = details
