"""``liaison.urls`` plus the baseline of bench/load.py: a bare Django view returning a
constant, behind the same middleware, gunicorn workers, database and cache."""

from django.http import HttpResponse
from django.urls import path

from liaison.urls import urlpatterns as liaison_urlpatterns

CONSTANT = b'{"bench": "constant"}'


def constant(request):
    return HttpResponse(CONSTANT, content_type="application/json")


urlpatterns = [path("bench/constant/", constant), *liaison_urlpatterns]
