"""``liaison.urls`` plus the baseline of bench/now_on_stage.py: a bare Django view that
returns a constant, served through the same middleware, workers and gunicorn."""

from django.http import HttpResponse
from django.urls import path

from liaison.urls import urlpatterns as liaison_urlpatterns

CONSTANT = b'{"bench": "constant"}'


def constant(request):
    return HttpResponse(CONSTANT, content_type="application/json")


# First in the list: the baseline pays the least URL resolving there is.
urlpatterns = [path("bench/constant/", constant), *liaison_urlpatterns]
