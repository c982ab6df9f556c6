"""The programme in REST API v1 (api.md, "Programme"): the programme, ``now`` (cached,
ETag, 304) and the video upload; the video and subtitle files with range requests."""

from __future__ import annotations

import hashlib
import json

from django.core.cache import cache as django_cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotModified, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import generics, permissions, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from liaison.events import rules
from liaison.events.models import Event

from . import cache, media, selectors, services
from .models import AgendaItem, Subtitles, VideoMessage
from .serve import ranged_file


def visible_event(user, slug: str) -> Event:
    event = get_object_or_404(Event, slug=slug)
    if not rules.can_view_programme(user, event):
        raise Http404
    return event


class ItemSerializer(serializers.Serializer):
    """Read-only: an item as ``selectors.item_data`` builds it."""

    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=AgendaItem.Kind.choices)
    title = serializers.DictField(child=serializers.CharField())
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    room = serializers.DictField(child=serializers.CharField(), allow_null=True)
    area = serializers.CharField(allow_null=True)
    people = inline_serializer(
        "ItemPerson",
        {
            "name": serializers.CharField(),
            "role": serializers.CharField(),
            "delegation": serializers.CharField(allow_null=True),
        },
        many=True,
    )
    video = serializers.URLField(allow_null=True)

    def to_representation(self, item):
        request = self.context["request"]
        return selectors.item_data(
            item, get_language() or "en", self.context["codes"], request.build_absolute_uri
        )


class ProgrammeList(generics.ListAPIView):
    """The programme in time order (anyone, for a public event)."""

    serializer_class = ItemSerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self):
        self.event = visible_event(self.request.user, self.kwargs["slug"])
        return selectors.programme_items(self.event)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if hasattr(self, "event"):
            context["codes"] = selectors.delegation_codes(self.event)
        return context

    def list(self, request, *args, **kwargs):
        queryset = self.get_queryset()
        page = self.paginate_queryset(queryset)
        codes = selectors.delegation_codes(self.event)
        data = [
            selectors.item_data(i, get_language() or "en", codes, request.build_absolute_uri)
            for i in page
        ]
        return self.get_paginated_response(data)


# --- now ------------------------------------------------------------------------------------


def now_body(event: Event, request) -> dict:
    state = selectors.now_state(event)
    codes = selectors.delegation_codes(event)
    language = get_language() or "en"

    def data(item):
        return (
            selectors.item_data(item, language, codes, request.build_absolute_uri) if item else None
        )

    return {
        "now": data(state.now),
        "next": data(state.next),
        "updated_at": state.updated_at.isoformat() if state.updated_at else None,
        "parallel": [data(i) for i in state.parallel],
    }


def _etag(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'


def _matches(header: str, etag: str) -> bool:
    tags = [t.strip().removeprefix("W/") for t in header.split(",")]
    return "*" in tags or etag in tags


MISSING = "missing"


def now_get(request, slug: str) -> HttpResponse:
    """The cached answer: the version and the body in one cache round trip, no database
    query."""
    language = get_language() or "en"
    host = request.get_host()
    version, entry = cache.entry(slug, language, host)
    if entry is None:
        event = selectors.public_event(slug)
        key = cache.body_key(slug, language, host)
        if event is None:
            entry = (MISSING, b"")
            django_cache.set(key, (version, *entry), 10)
        else:
            body = json.dumps(now_body(event, request), ensure_ascii=False).encode()
            entry = (_etag(body), body)
            django_cache.set(key, (version, *entry), cache.NOW_TTL)
    etag, body = entry
    if etag == MISSING:
        return JsonResponse({"errors": {"non_field_errors": [_("Not found.")]}}, status=404)
    if _matches(request.headers.get("If-None-Match", ""), etag):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    response["Vary"] = "Accept-Language, Cookie"  # the language: its cookie, else the header
    return response


class NowUpdate(APIView):
    """Put an item on stage (the event's staff, chairs and organisers)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=inline_serializer(
            "NowUpdate",
            {
                "item": serializers.IntegerField(allow_null=True, required=False),
                "step": serializers.ChoiceField(choices=[1, -1], required=False),
            },
        ),
        responses={
            200: OpenApiTypes.OBJECT,
            400: OpenApiResponse(description="unknown item"),
            401: OpenApiResponse(description="no or bad token"),
            403: OpenApiResponse(description="not staff, chair or organiser"),
            404: OpenApiResponse(description="unknown event"),
        },
    )
    def put(self, request, slug):
        event = visible_event(request.user, slug)
        if not rules.has_perm(request.user, "programme.advance", event):
            raise PermissionDenied()
        data = request.data if isinstance(request.data, dict) else {}
        if "step" in data and "item" not in data:
            if data["step"] not in (1, -1):
                raise ValidationError({"step": _("Give 1 (next) or -1 (previous).")})
            services.advance(event, step=data["step"], actor=request.user)
        else:
            if "item" not in data:
                raise ValidationError({"item": _("This field is required.")})
            item = None
            if data["item"] is not None:
                try:
                    item = AgendaItem.objects.get(event=event, pk=int(data["item"]))
                except (AgendaItem.DoesNotExist, TypeError, ValueError):
                    raise ValidationError(
                        {
                            "item": _("No item of this event has the id %(id)s.")
                            % {"id": data["item"]}
                        }
                    ) from None
            services.set_now(event, item, actor=request.user)
        return Response(now_body(event, request))

    @extend_schema(
        responses={200: OpenApiTypes.OBJECT, 304: OpenApiResponse(description="not modified")}
    )
    def get(self, request, slug):  # documented here; ``dispatch`` serves it by ``now_get``
        return now_get(request, slug)

    def dispatch(self, request, *args, **kwargs):
        # Reading ``now`` skips DRF's request wrapping, authentication and negotiation:
        # thousands of viewers poll it and it is the same answer for all of them.
        if request.method in ("GET", "HEAD"):
            return now_get(request, kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)


# --- video upload and files -----------------------------------------------------------------


class VideoUpload(APIView):
    """Upload an item's video message (organisers): MP4 or WebM, checked by content."""

    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={
            "multipart/form-data": inline_serializer(
                "VideoUpload", {"file": serializers.FileField()}
            )
        },
        responses={
            201: ItemSerializer,
            400: OpenApiResponse(description="not an MP4 or WebM video"),
            403: OpenApiResponse(description="not an organiser"),
            404: OpenApiResponse(description="unknown event or item"),
            413: OpenApiResponse(description="over the size limit"),
        },
    )
    def post(self, request, slug, pk):
        event = visible_event(request.user, slug)
        if not rules.has_perm(request.user, "programme.change", event):
            raise PermissionDenied()
        item = get_object_or_404(AgendaItem, event=event, pk=pk)
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > media.size_limit() + 64 * 1024:
            return _too_large(declared)
        upload = request.FILES.get("file")
        if upload is None:
            raise ValidationError({"file": _("Send the video as the multipart field “file”.")})
        try:
            services.upload_video(item, upload, actor=request.user)
        except media.TooLarge as exc:
            return Response({"errors": exc.message_dict}, status=413)
        item = selectors.programme_items(event).get(pk=item.pk)
        codes = selectors.delegation_codes(event)
        data = selectors.item_data(item, get_language() or "en", codes, request.build_absolute_uri)
        return Response(data, status=status.HTTP_201_CREATED)


def _too_large(size: int) -> Response:
    try:
        media.check_size(size)
    except media.TooLarge as exc:
        return Response({"errors": exc.message_dict}, status=413)
    return Response(status=413)  # pragma: no cover - check_size raised above


class SubtitlesUpload(APIView):
    """Add WebVTT subtitles in one language to an item's video (organisers)."""

    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={
            "multipart/form-data": inline_serializer(
                "SubtitlesUpload",
                {"language": serializers.CharField(), "file": serializers.FileField()},
            )
        },
        responses={201: ItemSerializer, 400: OpenApiResponse(description="not WebVTT")},
    )
    def post(self, request, slug, pk):
        event = visible_event(request.user, slug)
        if not rules.has_perm(request.user, "programme.change", event):
            raise PermissionDenied()
        item = get_object_or_404(AgendaItem, event=event, pk=pk)
        video = VideoMessage.objects.filter(item=item).first()
        if video is None:
            raise ValidationError({"file": _("Upload the video before its subtitles.")})
        upload = request.FILES.get("file")
        if upload is None:
            raise ValidationError({"file": _("Send the subtitles as the multipart field “file”.")})
        if upload.size > media.SUBTITLE_MAX_BYTES:
            raise ValidationError({"file": _("The subtitle file is larger than 2 MB.")})
        services.add_subtitles(
            video, request.data.get("language", ""), upload.read(), actor=request.user
        )
        item = selectors.programme_items(event).get(pk=item.pk)
        codes = selectors.delegation_codes(event)
        data = selectors.item_data(item, get_language() or "en", codes, request.build_absolute_uri)
        return Response(data, status=status.HTTP_201_CREATED)


def video_file(request, slug: str, pk: int, ext: str):
    event = visible_event(request.user, slug)
    video = get_object_or_404(VideoMessage, item__event=event, item__pk=pk, container=ext)
    return ranged_file(request, video.file.storage, video.file.name, video.content_type)


def subtitles_file(request, slug: str, pk: int, language: str):
    event = visible_event(request.user, slug)
    subtitles = get_object_or_404(
        Subtitles, video__item__event=event, video__item__pk=pk, language=language
    )
    response = ranged_file(
        request, subtitles.file.storage, subtitles.file.name, "text/vtt; charset=utf-8"
    )
    return response
