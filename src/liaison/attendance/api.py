"""API v1 of attendance (api.md, "Registrations and check-in"):

- ``POST /api/v1/events/{slug}/checkins/``: a badge scan. 201 checked in; 200 the same
  ``client_id`` again (nothing new); 409 already checked in by another scan (the body names
  when), or not approved, or registered online; 404 unknown code or another event's; 410
  withdrawn or rejected. Every answer carries ``outcome`` (a machine-readable reason) and,
  where the badge is of this event, ``registration`` (what the desk shows).
- ``GET /api/v1/events/{slug}/registrations/{id}/badge.pdf``: the badge.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import generics, permissions, serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from liaison.events import rules
from liaison.events.models import Event

from . import services
from .badges import BadgeRefused, badge_pdf
from .selectors import card
from .services import Outcome

STATUS = {
    Outcome.CHECKED_IN: status.HTTP_201_CREATED,
    Outcome.REPEAT: status.HTTP_200_OK,
    Outcome.ALREADY: status.HTTP_409_CONFLICT,
    Outcome.NOT_APPROVED: status.HTTP_409_CONFLICT,
    Outcome.ONLINE: status.HTTP_409_CONFLICT,
    Outcome.UNKNOWN: status.HTTP_404_NOT_FOUND,
    Outcome.OTHER_EVENT: status.HTTP_404_NOT_FOUND,
    Outcome.WITHDRAWN: status.HTTP_410_GONE,
    Outcome.REJECTED: status.HTTP_410_GONE,
}


def event_for(request, slug: str, permission: str) -> Event:
    """The event, if the caller holds ``permission`` in it; 403 for those who may know it
    exists (its team, or anyone once it is public), 404 for everyone else."""
    event = Event.objects.filter(slug=slug).first()
    if event is None:
        raise NotFound()
    if rules.has_perm(request.user, permission, event):
        return event
    if rules.can_view_public(event) or rules.has_perm(request.user, "event.view_console", event):
        raise PermissionDenied()
    raise NotFound()


class CheckInRequest(serializers.Serializer):
    code = serializers.CharField(max_length=services.MAX_CODE_LENGTH, trim_whitespace=True)
    client_id = serializers.UUIDField()
    scanned_at = serializers.DateTimeField(required=False)


class DeskCard(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    name_latin = serializers.CharField()
    title = serializers.CharField()
    organisation = serializers.CharField()
    delegation = serializers.CharField()
    role = serializers.CharField()
    needs = serializers.CharField()
    mode = serializers.CharField()
    status = serializers.CharField()
    checked_in_at = serializers.DateTimeField(allow_null=True)


CheckInAnswer = inline_serializer(
    "CheckInAnswer",
    {
        "outcome": serializers.ChoiceField(choices=[o.value for o in Outcome]),
        "message": serializers.CharField(),
        "client_id": serializers.UUIDField(),
        "scanned_at": serializers.DateTimeField(),
        "received_at": serializers.DateTimeField(),
        "checked_in_at": serializers.DateTimeField(),
        "registration": DeskCard(),
    },
)
CheckInRefusal = inline_serializer(
    "CheckInRefusal",
    {
        "errors": serializers.DictField(child=serializers.ListField(child=serializers.CharField())),
        "outcome": serializers.ChoiceField(choices=[o.value for o in Outcome]),
        "checked_in_at": serializers.DateTimeField(required=False),
        "registration": DeskCard(required=False),
    },
)


class CheckIns(generics.GenericAPIView):
    """A badge scan at the door, idempotent by the scanner's ``client_id``."""

    serializer_class = CheckInRequest
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=CheckInRequest,
        responses={
            201: OpenApiResponse(CheckInAnswer, description="Checked in."),
            200: OpenApiResponse(CheckInAnswer, description="The same client_id again."),
            400: OpenApiResponse(CheckInRefusal, description="Bad input."),
            404: OpenApiResponse(CheckInRefusal, description="Unknown or other event's code."),
            409: OpenApiResponse(
                CheckInRefusal,
                description="Already checked in by another scan (checked_in_at says when), "
                "not approved, or registered online.",
            ),
            410: OpenApiResponse(CheckInRefusal, description="Withdrawn or rejected."),
        },
    )
    def post(self, request, slug):
        event = event_for(request, slug, "checkin.scan")
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = services.check_in(event, by=request.user, **serializer.validated_data)
        return Response(scan_body(result), status=STATUS[result.outcome])


def scan_body(result: services.ScanResult) -> dict:
    """The answer to a scan, for the API and the desk alike."""
    body: dict = {"outcome": result.outcome.value}
    if result.accepted:
        body["message"] = result.message
        body["client_id"] = str(result.checkin.client_id)
        body["scanned_at"] = result.checkin.scanned_at.isoformat()
        body["received_at"] = result.checkin.received_at.isoformat()
        body["checked_in_at"] = result.registration.checked_in_at.isoformat()
    else:
        field = "code" if result.outcome in (Outcome.UNKNOWN, Outcome.OTHER_EVENT) else None
        body["errors"] = {field or "non_field_errors": [result.message]}
        if result.outcome == Outcome.ALREADY:
            body["checked_in_at"] = result.registration.checked_in_at.isoformat()
    if result.registration is not None:
        body["registration"] = card(result.registration)
    return body


class Badge(generics.GenericAPIView):
    """The badge of one registration as a PDF: organisers, staff and the person."""

    permission_classes = [permissions.IsAuthenticated]
    renderer_classes = [JSONRenderer]

    def perform_content_negotiation(self, request, force=False):
        # A client asking for application/pdf still gets JSON errors rather than a 406.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            404: OpenApiResponse(description="No such registration (for this caller)."),
            409: OpenApiResponse(description="No badge: online participant, or not approved."),
            410: OpenApiResponse(description="Withdrawn or rejected."),
        }
    )
    def get(self, request, slug, pk):
        from liaison.registration.models import Registration

        registration = get_object_or_404(
            Registration.objects.select_related("person", "event", "organisation", "delegation"),
            event__slug=slug,
            pk=pk,
        )
        if not rules.can_view_registration(request.user, registration):
            raise NotFound()
        try:
            pdf = badge_pdf(registration)
        except BadgeRefused as refused:
            return Response(
                {"errors": {"non_field_errors": [str(refused)]}},
                status=status.HTTP_410_GONE if refused.gone else status.HTTP_409_CONFLICT,
            )
        response = HttpResponse(pdf, content_type="application/pdf")
        filename = f"badge-{registration.event.slug}-{registration.pk}.pdf"
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        return response
