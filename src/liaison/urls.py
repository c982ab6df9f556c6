from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from liaison.core import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("console/", include("liaison.console.urls")),
    path("api/v1/", include("liaison.api.urls")),
]
urlpatterns += i18n_patterns(
    path("news/", include("liaison.newsroom.urls")),
    path("", include("liaison.attendance.site_urls")),
    path("", include("liaison.site.urls")),
    prefix_default_language=True,
)
