"""Included by ``liaison.api.urls`` under ``events/<slug:slug>/``."""

from django.urls import path

from . import api

urlpatterns = [
    path("programme/", api.ProgrammeList.as_view(), name="programme"),
    path("now/", api.NowUpdate.as_view(), name="now"),
    path("programme/<int:pk>/video/", api.VideoUpload.as_view(), name="programme-video"),
    path(
        "programme/<int:pk>/video/subtitles/",
        api.SubtitlesUpload.as_view(),
        name="programme-subtitles-upload",
    ),
    path(
        "programme/<int:pk>/video.<str:ext>",
        api.video_file,
        name="programme-video-file",
    ),
    path(
        "programme/<int:pk>/subtitles/<str:language>.vtt",
        api.subtitles_file,
        name="programme-subtitles",
    ),
]
