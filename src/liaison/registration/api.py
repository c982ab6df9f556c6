"""``/api/v1/events/{slug}/registrations/``: register, list, read, approve, reject, withdraw
(api.md, "Registrations and check-in"). The same services and rules as the console."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from liaison.api.fields import LanguageField
from liaison.core.i18n import localize
from liaison.events import rules
from liaison.events.models import AttendanceMode, Event

from . import ratelimit, selectors, services
from .models import Registration, RegistrationStatus


class Throttled(exceptions.Throttled):
    def __init__(self, wait):
        super().__init__(wait=wait, detail=_("Too many registrations from here; try again later."))


class RegistrationInSerializer(serializers.Serializer):
    email = serializers.CharField(max_length=254)
    family_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    given_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    family_name_latin = serializers.CharField(max_length=100, required=False, allow_blank=True)
    given_name_latin = serializers.CharField(max_length=100, required=False, allow_blank=True)
    organisation = serializers.CharField(max_length=300, required=False, allow_blank=True)
    delegation = serializers.CharField(max_length=20, required=False, allow_blank=True)
    mode = serializers.ChoiceField(choices=AttendanceMode.choices)
    language = LanguageField(required=False, default="en")
    areas = serializers.ListField(
        child=serializers.CharField(max_length=80), required=False, max_length=50
    )
    consent_contact = serializers.BooleanField(required=False, default=False)
    needs = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    invitation = serializers.CharField(
        max_length=100, required=False, allow_blank=True, write_only=True
    )


class RegistrationSerializer(serializers.ModelSerializer):
    family_name = serializers.CharField(source="person.family_name")
    given_name = serializers.CharField(source="person.given_name")
    family_name_latin = serializers.CharField(source="person.family_name_latin")
    given_name_latin = serializers.CharField(source="person.given_name_latin")
    organisation = serializers.SerializerMethodField()
    delegation = serializers.SerializerMethodField()
    areas = serializers.SerializerMethodField()
    badge_code = serializers.SerializerMethodField()
    user = serializers.SerializerMethodField()

    class Meta:
        model = Registration
        fields = [
            "id",
            "email",
            "family_name",
            "given_name",
            "family_name_latin",
            "given_name_latin",
            "organisation",
            "delegation",
            "mode",
            "status",
            "language",
            "areas",
            "consent_contact",
            "needs",
            "badge_code",
            "checked_in_at",
            "joined_at",
            "user",
            "created_at",
            "decided_at",
        ]

    def get_organisation(self, obj) -> str | None:
        if obj.organisation is None:
            return None
        return localize(obj.organisation.name, obj.language).text

    def get_delegation(self, obj) -> str | None:
        return obj.delegation.code if obj.delegation else None

    def get_areas(self, obj) -> list[str]:
        return [area.slug for area in obj.areas.all()]

    def get_badge_code(self, obj) -> str | None:
        return obj.badge_code if obj.mode == AttendanceMode.ONSITE else None

    def get_user(self, obj) -> str | None:
        return obj.person.user.get_username() if obj.person.user_id else None


class CreatedSerializer(serializers.Serializer):
    """What an anonymous registrant gets back (no badge code, no account name)."""

    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=RegistrationStatus.choices)
    mode = serializers.ChoiceField(choices=AttendanceMode.choices)
    email = serializers.EmailField()


def _event(request, slug: str) -> Event:
    """A public event, or one of the caller's team; 404 otherwise."""
    event = get_object_or_404(Event, slug=slug)
    if not (
        rules.can_view_public(event) or rules.has_perm(request.user, "event.view_console", event)
    ):
        raise exceptions.NotFound()
    return event


def _registration(request, slug: str, pk: int) -> Registration:
    event = _event(request, slug)
    registration = get_object_or_404(selectors.registrations(event), pk=pk)
    if not rules.can_view_registration(request.user, registration):
        # Not told that it exists.
        raise exceptions.NotFound()
    return registration


FILTER_PARAMETERS = [
    OpenApiParameter("status", str, enum=RegistrationStatus.values),
    OpenApiParameter("mode", str, enum=AttendanceMode.values),
    OpenApiParameter("delegation", str, description="the delegation's slug"),
    OpenApiParameter("area", str, description="a cooperation area's slug"),
    OpenApiParameter("q", str, description="name search in any script"),
]


class RegistrationList(generics.ListCreateAPIView):
    """Register (anyone while registration is open, rate-limited; organisers always) or list
    the event's registrations (its organisers and staff)."""

    permission_classes = [permissions.AllowAny]
    serializer_class = RegistrationSerializer

    def get_queryset(self):
        event = _event(self.request, self.kwargs["slug"])
        if not rules.has_perm(self.request.user, "registration.view", event):
            if not self.request.user.is_authenticated:
                raise exceptions.NotAuthenticated()
            raise exceptions.PermissionDenied()
        filters = {k: self.request.query_params.get(k, "") for k in selectors.FILTERS}
        for name, allowed in (
            ("status", RegistrationStatus.values),
            ("mode", AttendanceMode.values),
        ):
            if filters[name] and filters[name] not in allowed:
                raise exceptions.ValidationError(
                    {name: [_("Choose one of: %(values)s") % {"values": ", ".join(allowed)}]}
                )
        return selectors.registrations(event, filters)

    @extend_schema(parameters=FILTER_PARAMETERS)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=RegistrationInSerializer,
        responses={
            201: RegistrationSerializer,
            400: OpenApiResponse(description="a field is wrong"),
            403: OpenApiResponse(description="invitation only"),
            409: OpenApiResponse(description="this e-mail is registered already; or closed"),
            429: OpenApiResponse(description="rate limited"),
        },
    )
    def post(self, request, slug):
        event = _event(request, slug)
        by_organiser = rules.has_perm(request.user, "registration.change", event)
        if not by_organiser:
            wait = ratelimit.hit("register", request)
            if wait is not None:
                raise Throttled(wait)
        incoming = RegistrationInSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        token = data.pop("invitation", "") or None
        applicant = services.Applicant(**data)
        try:
            registration = services.register(
                event,
                applicant,
                actor=request.user,
                invitation_token=token,
                by_organiser=by_organiser,
            )
        except services.PermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc)) from None
        if by_organiser or rules.is_registrant(request.user, registration):
            registration = selectors.registrations(event).get(pk=registration.pk)
            body = RegistrationSerializer(registration).data
        else:
            body = CreatedSerializer(registration).data
        return Response(body, status=status.HTTP_201_CREATED)


class RegistrationDetail(APIView):
    """One registration: the event's organisers and staff, and the person themself."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(responses=RegistrationSerializer)
    def get(self, request, slug, pk):
        return Response(RegistrationSerializer(_registration(request, slug, pk)).data)


class RegistrationAction(APIView):
    """``approve``, ``reject`` (organisers) and ``withdraw`` (organisers and the person)."""

    permission_classes = [permissions.AllowAny]
    action_name = ""

    @extend_schema(
        request=None,
        responses={
            200: RegistrationSerializer,
            404: OpenApiResponse(description="unknown, or not yours"),
            409: OpenApiResponse(description="the state does not allow it"),
        },
    )
    def post(self, request, slug, pk):
        registration = _registration(request, slug, pk)
        if self.action_name == "withdraw":
            allowed = rules.can_withdraw_registration(request.user, registration)
        else:
            allowed = rules.has_perm(request.user, "registration.change", registration.event)
        if not allowed:
            raise exceptions.PermissionDenied()
        action = getattr(services, self.action_name)
        action(registration, actor=request.user)
        fresh = selectors.registrations(registration.event).get(pk=registration.pk)
        return Response(RegistrationSerializer(fresh).data)


urlpatterns = [
    path(
        "events/<slug:slug>/registrations/",
        RegistrationList.as_view(),
        name="registrations",
    ),
    path(
        "events/<slug:slug>/registrations/<int:pk>/",
        RegistrationDetail.as_view(),
        name="registration",
    ),
] + [
    path(
        f"events/<slug:slug>/registrations/<int:pk>/{name}/",
        RegistrationAction.as_view(action_name=name),
        name=f"registration-{name}",
    )
    for name in ("approve", "reject", "withdraw")
]
