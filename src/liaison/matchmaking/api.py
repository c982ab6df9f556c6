"""``/api/v1/events/{slug}/``: recommendations, meeting-requests (+accept/decline/cancel),
schedule-runs (+publish/cancel) and meetings (api.md, "Matchmaking"). The same rules
(``liaison.events.rules``) and services as the site and the console."""

from __future__ import annotations

import logging

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from liaison.events import rules
from liaison.events.models import Event
from liaison.registration.models import Registration

from . import selectors, services
from .models import MeetingRequest, Priority, ScheduleRun


def _language() -> str:
    code = (get_language() or "en").lower()
    return code if code in ("en", "zh-hans", "ja") else "en"


def _event(request, slug: str) -> Event:
    """An event whose matchmaking the caller may use; 401/404 otherwise (an outsider is
    not told that it exists)."""
    event = get_object_or_404(Event, slug=slug)
    if not request.user.is_authenticated:
        raise exceptions.NotAuthenticated()
    if not rules.can_use_matchmaking(request.user, event):
        raise exceptions.NotFound()
    return event


def _manager(request, event) -> bool:
    return rules.has_perm(request.user, "matchmaking.manage", event)


def _require_manager(request, event) -> None:
    if not _manager(request, event):
        raise exceptions.PermissionDenied()


# --- Recommendations ---------------------------------------------------------------------


class RecommendationSerializer(serializers.Serializer):
    registration = serializers.IntegerField()
    organisation = serializers.CharField(allow_null=True)
    delegation = serializers.CharField(allow_null=True)
    score = serializers.FloatField()
    reason = serializers.CharField()
    rank = serializers.IntegerField()


def recommendation_dict(rec, language: str) -> dict:
    reg = rec.registration
    return {
        "registration": reg.pk,
        "organisation": selectors.tr(reg.organisation.name, language) if reg.organisation else None,
        "delegation": reg.delegation.code if reg.delegation_id else None,
        "score": rec.score,
        "reason": rec.reason,
        "rank": rec.rank,
    }


def ensure_recommendations(event) -> None:
    """Stale recommendations are recomputed inline without a broker, queued with one (once
    while a refresh waits for a worker: ``services.recommendations.queue_refresh``)."""
    if selectors.recommendations_stale(event):
        if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", True):
            services.refresh_recommendations(event)
        else:
            try:
                services.recommendations.queue_refresh(event)
            except Exception:  # broker down: the next request asks again; nothing is lost
                logging.getLogger(__name__).warning(
                    "recommendations of %s not queued: the broker is unavailable", event.slug
                )


class RecommendationList(APIView):
    """Ranked counterparts of a delegate (that delegate, or an organiser)."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        parameters=[OpenApiParameter("registration", int, description="the delegate")],
        responses={200: RecommendationSerializer(many=True), 404: OpenApiResponse()},
    )
    def get(self, request, slug):
        event = _event(request, slug)
        pk = request.query_params.get("registration")
        if pk:
            if not str(pk).isdigit():
                raise exceptions.ValidationError({"registration": [_("A registration id.")]})
            registration = get_object_or_404(selectors.delegates(event), pk=pk)
        else:
            registration = rules.delegate_registration(request.user, event)
            if registration is None:
                raise exceptions.ValidationError({"registration": [_("This field is required.")]})
        if not rules.can_act_for(request.user, registration):
            raise exceptions.NotFound()
        ensure_recommendations(event)
        language = _language()
        items = [
            recommendation_dict(r, language)
            for r in selectors.recommendations_for(registration, language)
        ]
        paginator = generics.GenericAPIView.pagination_class()
        page = paginator.paginate_queryset(items, request, view=self)
        return paginator.get_paginated_response(page)


# --- Meeting requests ----------------------------------------------------------------------


class RequestInSerializer(serializers.Serializer):
    # "from" is a Python keyword: declared below
    to = serializers.IntegerField()
    message = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")
    priority = serializers.ChoiceField(choices=Priority.choices, required=False)
    weight = serializers.IntegerField(required=False, min_value=1, max_value=100)


RequestInSerializer._declared_fields["from"] = serializers.IntegerField(required=False)


class RequestSerializer(serializers.ModelSerializer):
    to = serializers.IntegerField(source="recipient_id")

    class Meta:
        model = MeetingRequest
        fields = ["id", "to", "message", "status", "priority", "weight", "created_at", "decided_at"]

    def to_representation(self, obj):
        data = super().to_representation(obj)
        data["from"] = obj.requester_id
        return data


def _registration(event, pk, field: str) -> Registration:
    reg = (
        Registration.objects.select_related("event", "delegation", "person")
        .filter(event=event, pk=pk)
        .first()
    )
    if reg is None:
        raise exceptions.ValidationError({field: [_("No delegate with this id in this event.")]})
    return reg


class RequestList(generics.ListAPIView):
    """A delegate's own requests (sent and received); organisers see all."""

    permission_classes = [permissions.AllowAny]
    serializer_class = RequestSerializer

    def get_queryset(self):
        event = _event(self.request, self.kwargs["slug"])
        if _manager(self.request, event):
            return selectors.requests(event).order_by("-created_at", "-id")
        own = rules.delegate_registration(self.request.user, event)
        return selectors.requests_of(own)

    @extend_schema(
        request=RequestInSerializer,
        responses={201: RequestSerializer, 200: RequestSerializer, 400: OpenApiResponse()},
    )
    def post(self, request, slug):
        event = _event(request, slug)
        incoming = RequestInSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        manager = _manager(request, event)
        if data.get("from") is None:
            own = rules.delegate_registration(request.user, event)
            if own is None:
                raise exceptions.ValidationError({"from": [_("This field is required.")]})
            data["from"] = own.pk
        requester = _registration(event, data["from"], "from")
        recipient = _registration(event, data["to"], "to")
        if not rules.can_act_for(request.user, requester):
            raise exceptions.PermissionDenied(_("You may only send requests as yourself."))
        if data.get("priority") == Priority.MUST_MEET:
            if not manager:
                raise exceptions.PermissionDenied(_("Only organisers add must-meet pairs."))
            found = services.add_must_meet(
                requester,
                recipient,
                actor=request.user,
                weight=data.get("weight") or services.requests.MUST_MEET_WEIGHT,
                message=data.get("message", ""),
            )
            created = True
        else:
            found, created = services.request_meeting(
                requester, recipient, message=data.get("message", ""), actor=request.user
            )
        return Response(
            RequestSerializer(found).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class RequestAction(APIView):
    """``accept`` and ``decline`` (the requested delegate); ``cancel`` (either, organisers)."""

    permission_classes = [permissions.AllowAny]
    action_name = ""

    @extend_schema(
        request=None,
        responses={200: RequestSerializer, 404: OpenApiResponse(), 409: OpenApiResponse()},
    )
    def post(self, request, slug, pk):
        event = _event(request, slug)
        found = get_object_or_404(
            MeetingRequest.objects.select_related("event", "requester", "recipient"),
            event=event,
            pk=pk,
        )
        parties = (found.requester, found.recipient)
        if not any(rules.can_act_for(request.user, r) for r in parties):
            raise exceptions.NotFound()
        if self.action_name in ("accept", "decline") and not rules.can_act_for(
            request.user, found.recipient
        ):
            raise exceptions.PermissionDenied(_("Only the requested delegate answers."))
        action = {
            "accept": services.accept,
            "decline": services.decline,
            "cancel": services.cancel_request,
        }[self.action_name]
        return Response(RequestSerializer(action(found, actor=request.user)).data)


# --- Scheduling runs -----------------------------------------------------------------------


class RunInSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ScheduleRun.Kind.choices, required=False, default="full")
    time_limit = serializers.FloatField(required=False, min_value=1, max_value=3600)


class RunSerializer(serializers.ModelSerializer):
    unscheduled = serializers.SerializerMethodField()
    published = serializers.SerializerMethodField()

    class Meta:
        model = ScheduleRun
        fields = [
            "id",
            "kind",
            "status",
            "progress",
            "phase",
            "solver_status",
            "weight",
            "weight_upper_bound",
            "breaks",
            "breaks_lower_bound",
            "meetings_requested",
            "moved",
            "dropped",
            "unscheduled",
            "error",
            "cancel_requested",
            "created_at",
            "started_at",
            "finished_at",
            "published_at",
            "published",
        ]

    def get_unscheduled(self, obj) -> list[dict]:
        return [
            {k: u[k] for k in ("request", "code", "params", "reason")}
            for u in selectors.unscheduled_reasons(obj, _language())
        ]

    def get_published(self, obj) -> bool:
        return obj.published_at is not None


def _run(request, slug, pk) -> ScheduleRun:
    event = _event(request, slug)
    _require_manager(request, event)
    services.reap_stale_runs(event)
    return get_object_or_404(ScheduleRun, event=event, pk=pk)


class RunList(generics.ListAPIView):
    permission_classes = [permissions.AllowAny]
    serializer_class = RunSerializer

    def get_queryset(self):
        event = _event(self.request, self.kwargs["slug"])
        _require_manager(self.request, event)
        services.reap_stale_runs(event)
        return selectors.runs(event)

    @extend_schema(request=RunInSerializer, responses={202: RunSerializer, 409: OpenApiResponse()})
    def post(self, request, slug):
        event = _event(request, slug)
        _require_manager(request, event)
        incoming = RunInSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        run = services.start_run(
            event,
            actor=request.user,
            kind=incoming.validated_data["kind"],
            time_limit=incoming.validated_data.get("time_limit"),
        )
        run.refresh_from_db()
        return Response(RunSerializer(run).data, status=status.HTTP_202_ACCEPTED)


class RunDetail(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(responses=RunSerializer)
    def get(self, request, slug, pk):
        return Response(RunSerializer(_run(request, slug, pk)).data)


class RunAction(APIView):
    permission_classes = [permissions.AllowAny]
    action_name = ""

    @extend_schema(request=None, responses={200: RunSerializer, 409: OpenApiResponse()})
    def post(self, request, slug, pk):
        run = _run(request, slug, pk)
        if self.action_name == "publish":
            services.publish_run(run, actor=request.user)
        else:
            services.cancel_run(run, actor=request.user)
        run.refresh_from_db()
        return Response(RunSerializer(run).data)


# --- Meetings ----------------------------------------------------------------------------


class MeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    participants = serializers.ListField(child=serializers.IntegerField())
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    table = serializers.IntegerField(allow_null=True)
    video_room = serializers.URLField(allow_null=True)
    request = serializers.IntegerField()


def meeting_dict(m) -> dict:
    return {
        "id": m.pk,
        "participants": [m.request.requester_id, m.request.recipient_id],
        "starts_at": m.slot.starts_at,
        "ends_at": m.slot.ends_at,
        "table": m.table.number if m.table_id else None,
        "video_room": m.video_room.url if m.video_room_id else None,
        "request": m.request_id,
    }


class MeetingList(generics.ListAPIView):
    """The published schedule: organisers all of it (``?run=`` a draft), delegates their own."""

    permission_classes = [permissions.AllowAny]
    serializer_class = MeetingSerializer

    @extend_schema(parameters=[OpenApiParameter("run", int, description="organisers: a draft")])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        event = _event(self.request, self.kwargs["slug"])
        if _manager(self.request, event):
            run_pk = self.request.query_params.get("run")
            if run_pk:
                run = get_object_or_404(
                    ScheduleRun, event=event, pk=run_pk if run_pk.isdigit() else 0
                )
                return selectors.run_meetings(run)
            return selectors.schedule(event)
        return selectors.meetings_of(rules.delegate_registration(self.request.user, event))

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response([meeting_dict(m) for m in page])


urlpatterns = [
    path(
        "events/<slug:slug>/recommendations/", RecommendationList.as_view(), name="recommendations"
    ),
    path("events/<slug:slug>/meeting-requests/", RequestList.as_view(), name="meeting-requests"),
    *[
        path(
            f"events/<slug:slug>/meeting-requests/<int:pk>/{name}/",
            RequestAction.as_view(action_name=name),
            name=f"meeting-request-{name}",
        )
        for name in ("accept", "decline", "cancel")
    ],
    path("events/<slug:slug>/schedule-runs/", RunList.as_view(), name="schedule-runs"),
    path("events/<slug:slug>/schedule-runs/<int:pk>/", RunDetail.as_view(), name="schedule-run"),
    *[
        path(
            f"events/<slug:slug>/schedule-runs/<int:pk>/{name}/",
            RunAction.as_view(action_name=name),
            name=f"schedule-run-{name}",
        )
        for name in ("publish", "cancel")
    ],
    path("events/<slug:slug>/meetings/", MeetingList.as_view(), name="meetings"),
]
