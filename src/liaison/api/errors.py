"""The API's error format (api.md): ``{"errors": {"field": ["message", ...]}}`` for every
error, ``non_field_errors`` when no field is to blame, messages in the request's language.

Services raise Django's ``ValidationError`` (400) and ``Conflict`` (409); both, and every
DRF exception, leave here in that one format. Anything else is a bug and stays a 500.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from liaison.core.errors import Conflict


class ConflictError(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("This conflicts with the current state.")
    default_code = "conflict"


def _as_errors(detail) -> dict:
    if isinstance(detail, dict) and set(detail) == {"detail"}:
        return {"non_field_errors": _as_errors_list(detail["detail"])}
    if isinstance(detail, dict):
        return {
            ("non_field_errors" if key == "__all__" else key): _as_errors_list(value)
            for key, value in detail.items()
        }
    return {"non_field_errors": _as_errors_list(detail)}


def _as_errors_list(value) -> list:
    if isinstance(value, list | tuple):
        out = []
        for item in value:
            out += _as_errors_list(item) if isinstance(item, list | tuple) else [str(item)]
        return out
    if isinstance(value, dict):
        return [value]
    return [str(value)]


def handle(exc, context):
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, Conflict):
        exc = ConflictError(str(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    body = {"errors": _as_errors(response.data)}
    if isinstance(exc, ConflictError) and getattr(exc, "extra", None):
        body.update(exc.extra)
    response.data = body
    return response


def conflict(message: str, **extra) -> Response:
    """A 409 response with the error format and extra fields (e.g. when a badge was used)."""
    return Response(
        {"errors": {"non_field_errors": [str(message)]}, **extra}, status=status.HTTP_409_CONFLICT
    )
