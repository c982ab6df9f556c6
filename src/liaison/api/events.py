"""``/api/v1/events/``: list, create, read and change events (api.md, "Events")."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from liaison.core.timezones import validate_timezone
from liaison.events import rules, services
from liaison.events.models import Event

from .fields import I18nTextField, LanguageField


class SideSerializer(serializers.Serializer):
    slug = serializers.SlugField(max_length=20)
    name = I18nTextField()


class AreaSerializer(serializers.Serializer):
    slug = serializers.SlugField(max_length=80)
    name = I18nTextField()


class EventSerializer(serializers.Serializer):
    slug = serializers.SlugField(max_length=80)
    title = I18nTextField()
    theme = I18nTextField(required=False)
    description = I18nTextField(required=False)
    city = I18nTextField(required=False)
    venue = I18nTextField(required=False)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    timezone = serializers.CharField(max_length=64, validators=[validate_timezone])
    languages = serializers.ListField(child=LanguageField(), required=False)
    default_language = LanguageField(required=False)
    status = serializers.ChoiceField(choices=Event.Status.choices, required=False)
    onsite_capacity = serializers.IntegerField(min_value=0, allow_null=True, required=False)
    online_capacity = serializers.IntegerField(min_value=0, allow_null=True, required=False)
    approval_required = serializers.BooleanField(required=False)
    registration_open = serializers.BooleanField(required=False)
    invitation_only = serializers.BooleanField(required=False)
    delegations = SideSerializer(many=True, required=False, write_only=True)
    areas = AreaSerializer(many=True, required=False, write_only=True)
    url = serializers.SerializerMethodField()

    def get_url(self, event) -> str:
        request = self.context.get("request")
        path = f"/{event.default_language}/{event.slug}/"
        return request.build_absolute_uri(path) if request else path

    def to_representation(self, event):
        data = super().to_representation(event)
        # Sides and areas are read from the prefetched relations (no query per event).
        data["delegations"] = [
            {"slug": d.code, "name": I18nTextField().to_representation(d.name)}
            for d in event.delegations.all()
        ]
        data["areas"] = [
            {"slug": a.slug, "name": I18nTextField().to_representation(a.name)}
            for a in event.areas.all()
        ]
        return data


class EventUpdateSerializer(EventSerializer):
    """PATCH: every field optional; the slug, sides and areas are not changed here."""

    slug = serializers.SlugField(read_only=True)
    title = I18nTextField(required=False)
    starts_at = serializers.DateTimeField(required=False)
    ends_at = serializers.DateTimeField(required=False)
    timezone = serializers.CharField(max_length=64, validators=[validate_timezone], required=False)
    delegations = None
    areas = None


def _visible_events(user):
    visible = Q(pk__in=rules.public_events().values("pk"))
    if user.is_authenticated:
        visible |= Q(pk__in=rules.events_for(user).values("pk"))
    return (
        Event.objects.filter(visible)
        .prefetch_related("delegations", "areas")
        .order_by("-starts_at", "slug")
    )


class EventList(generics.ListCreateAPIView):
    """Public events (and, for a signed-in user, the events of their teams); staff users
    allowed to create events create them, and become their organisers."""

    serializer_class = EventSerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self):
        return _visible_events(self.request.user)

    @extend_schema(responses={201: EventSerializer})
    def create(self, request, *args, **kwargs):
        if not rules.can_create_event(request.user):
            raise PermissionDenied()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        sides = data.pop("delegations", [])
        areas = data.pop("areas", [])
        with transaction.atomic():
            event = services.create_event(actor=request.user, **data)
            for position, side in enumerate(sides, start=1):
                services.add_delegation(
                    event, side["slug"], side["name"], position=position, actor=request.user
                )
            for position, area in enumerate(areas, start=1):
                services.add_area(
                    event, area["slug"], area["name"], position=position, actor=request.user
                )
        event = _visible_events(request.user).get(pk=event.pk)
        return Response(self.get_serializer(event).data, status=status.HTTP_201_CREATED)


class EventDetail(generics.GenericAPIView):
    """One event: anyone reads a public one, its team reads it before; organisers change it."""

    serializer_class = EventUpdateSerializer
    permission_classes = [permissions.AllowAny]

    def get_object(self):
        return get_object_or_404(_visible_events(self.request.user), slug=self.kwargs["slug"])

    @extend_schema(responses=EventSerializer)
    def get(self, request, slug):
        return Response(EventSerializer(self.get_object(), context={"request": request}).data)

    @extend_schema(request=EventUpdateSerializer, responses=EventSerializer)
    def patch(self, request, slug):
        event = self.get_object()
        if not rules.has_perm(request.user, "event.change", event):
            raise PermissionDenied()
        serializer = self.get_serializer(event, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.update_event(event, actor=request.user, **serializer.validated_data)
        event = self.get_object()
        return Response(EventSerializer(event, context={"request": request}).data)
