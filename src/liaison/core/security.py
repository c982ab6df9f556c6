"""The Content-Security-Policy every page gets (pages may send a stricter one of their own,
as the newsroom does): scripts only from this site, never inline; no plugins; no framing of
Liaison by others. Inline style attributes stay allowed (server-drawn SVG charts use them);
the newsroom forbids them on its pages."""

from __future__ import annotations

from django.conf import settings

DIRECTIVES = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data:",
    "media-src": "'self' blob:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "worker-src": "'self'",
    "manifest-src": "'self'",
    # The online channel is embedded: a self-hosted Jitsi or an https stream.
    "frame-src": "'self' https:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def policy() -> str:
    extra = getattr(settings, "CSP_EXTRA", {})
    merged = {**DIRECTIVES, **extra}
    return "; ".join(f"{name} {value}" for name, value in merged.items())


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.header = policy()

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.header)
        return response
