"""The polled read of ``now`` answered before the parts of the stack it does not use.

``GET /api/v1/events/{slug}/now/`` is the same public answer for every viewer, polled by
thousands of them every few seconds. It needs no session, user, CSRF check, messages or
URL resolving: this middleware sits just after the security headers (request id,
``SecurityMiddleware``, the content security policy, static files) and answers it from the
cache there (``api.now_get``), with the language chosen as ``LocaleMiddleware`` would for
a URL without a language prefix (the language cookie, then ``Accept-Language``). Every
other request, and every other method on this path (``PUT`` by the staff), goes on through
the whole stack. bench/now_on_stage.py measures the effect against a bare view that goes
through the whole stack.
"""

from __future__ import annotations

import re

from django.utils import translation

NOW_PATH = re.compile(r"/api/v1/events/(?P<slug>[-a-zA-Z0-9_]+)/now/\Z")


class NowMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD"):
            match = NOW_PATH.match(request.path_info)
            if match is not None:
                from .api import now_get  # the API module needs the apps loaded

                with translation.override(translation.get_language_from_request(request)):
                    response = now_get(request, match["slug"])
                # What CommonMiddleware, further down the stack, would have added.
                response.headers.setdefault("Content-Length", str(len(response.content)))
                return response
        return self.get_response(request)
