"""REST API v1 of the newsroom (api.md, "Newsroom"): ``GET /api/v1/releases/`` (published
releases, anyone) and ``GET, PATCH /api/v1/releases/{slug}/`` (editors). A PATCH is a new
revision through the same service, sanitising and spam screen as the console editor."""

from __future__ import annotations

from django.http import Http404
from django.urls import path, reverse
from django.utils import translation
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotAuthenticated, PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from liaison.api.fields import I18nTextField

from . import rules, selectors, services, views
from .models import Release

STATE_ACTIONS = {
    Release.State.IN_REVIEW: services.submit,
    Release.State.APPROVED: services.approve,
    Release.State.DRAFT: services.return_to_draft,
    Release.State.WITHDRAWN: services.withdraw,
}


def _url(request, release: Release, language: str) -> str:
    with translation.override(language):
        return request.build_absolute_uri(reverse("news:article", args=[release.slug]))


class PublishedReleaseSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    languages = serializers.ListField(child=serializers.CharField())
    title = I18nTextField()
    summary = I18nTextField()
    url = serializers.URLField()
    published_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class ReleaseSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    state = serializers.ChoiceField(choices=Release.State.choices, required=False)
    revision = serializers.IntegerField(
        required=False,
        help_text="The revision the change is based on (optimistic concurrency); a PATCH "
        "based on an older one is refused with 409.",
    )
    title = I18nTextField(required=False)
    summary = I18nTextField(required=False)
    body = I18nTextField(required=False, help_text="HTML per language, sanitised on save.")
    confirm_flags = serializers.ListField(
        child=serializers.IntegerField(), required=False, write_only=True
    )


class ReleaseList(generics.ListAPIView):
    """Published releases, newest first; each only as its verified revision says."""

    serializer_class = PublishedReleaseSerializer

    def get_queryset(self):
        return selectors.public_releases()

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(list(self.get_queryset()))
        results = []
        for release in page:
            revision = views._served(release)
            if revision is None:
                continue
            results.append(
                {
                    "slug": release.slug,
                    "languages": revision.languages,
                    "title": revision.title,
                    "summary": revision.summary,
                    "url": _url(request, release, release.default_language),
                    "published_at": release.published_at,
                    "updated_at": revision.sealed_at,
                }
            )
        return self.get_paginated_response(PublishedReleaseSerializer(results, many=True).data)


def _detail(release: Release) -> dict:
    revision = selectors.latest_revision(release)
    return {
        "slug": release.slug,
        "state": release.state,
        "revision": revision.number if revision else None,
        "title": revision.title if revision else {},
        "summary": revision.summary if revision else {},
        "body": revision.body if revision else {},
        "published_at": release.published_at,
        "updated_at": revision.created_at if revision else release.updated_at,
        "flags": [
            {"id": f.pk, "kind": f.kind, "language": f.language, "excerpt": f.excerpt,
             "confirmed": not f.is_open}
            for f in (revision.flags.all() if revision else [])
        ],
    }  # fmt: skip


class ReleaseDetail(APIView):
    serializer_class = ReleaseSerializer

    def _release(self, request, slug: str, action: str) -> Release:
        release = Release.objects.select_related("newsroom", "event").filter(slug=slug).first()
        if not request.user.is_authenticated:
            raise NotAuthenticated()
        if release is None or not rules.may(request.user, "view", release):
            raise Http404
        if not rules.may(request.user, action, release):
            raise PermissionDenied()
        return release

    @extend_schema(responses={200: ReleaseSerializer, 401: None, 404: None})
    def get(self, request, slug: str):
        return Response(_detail(self._release(request, slug, "view")))

    @extend_schema(
        request=ReleaseSerializer,
        responses={
            200: ReleaseSerializer,
            400: OpenApiResponse(description="bad input"),
            403: OpenApiResponse(description="not allowed"),
            409: OpenApiResponse(description="based on an older revision, or state conflict"),
        },
    )
    def patch(self, request, slug: str):
        release = self._release(request, slug, "write")
        serializer = ReleaseSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if any(k in data for k in ("title", "summary", "body")):
            latest = selectors.latest_revision(release)
            services.save_revision(
                release,
                title=data.get("title"),
                summary=data.get("summary"),
                body=data.get("body"),
                author=request.user,
                based_on=data.get("revision", latest.number if latest else None),
                note="API",
            )
        state = data.get("state")
        if state and state != release.state:
            if state == Release.State.PUBLISHED:
                services.publish(release, actor=request.user, confirm=data.get("confirm_flags", []))
            else:
                action = STATE_ACTIONS.get(state)
                if action is None:
                    raise serializers.ValidationError({"state": ["Unknown state."]})
                action(release, actor=request.user)
        release.refresh_from_db()
        return Response(_detail(release), status=status.HTTP_200_OK)


urlpatterns = [
    path("", ReleaseList.as_view(), name="releases"),
    path("<slug:slug>/", ReleaseDetail.as_view(), name="release"),
]
