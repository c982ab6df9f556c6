"""The permission matrix: eight users against every console, site, API and admin route,
walked from the URL conf. Each route has a rule here (who may open it, how its address is
filled); a route without a rule fails the test, so a new page cannot slip in unreviewed.

Outcomes are read as: *ok* (2xx, or a redirect that is not to a sign-in page), *login* (a
redirect to the console's, the admin's or the site's sign-in page) and *refused* (401, 403,
404; 405 for a POST). A user outside a route's ``ok`` set must get *login* or *refused*, for
a GET and for a POST (so that a view checking only in ``get`` is caught); a user inside must
get *ok* for the route's method (POST-only routes are not posted to by their ``ok`` users:
that would write)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from liaison.core.services import create_token
from liaison.events.rules import PERMISSIONS

from .scene import USERS, build_scene

pytestmark = pytest.mark.django_db

ALL = frozenset(USERS)
SIGNED_IN = ALL - {"anonymous"}
NOBODY_BUT_ROOT = frozenset({"superuser"})


def perm(name: str) -> frozenset[str]:
    """The matrix's users holding an event permission of rules.py (their key is their role)."""
    roles = PERMISSIONS[name]
    return NOBODY_BUT_ROOT | {u for u in ("staff", "editor", "organiser") if u in roles}


DELEGATES = frozenset({"delegate"})  # the delegate acting on their own things
MATCHMAKERS = perm("matchmaking.manage") | DELEGATES  # rules.can_use_matchmaking


@dataclass(frozen=True)
class Rule:
    ok: frozenset[str]
    kwargs: Callable = lambda s: {}
    method: str = "GET"  # "POST" for routes that only take a POST
    query: Callable = lambda s: ""
    post: frozenset[str] | None = None  # who may POST, when not the same as ``ok``

    def may_post(self, user: str) -> bool:
        return user in (self.ok if self.post is None else self.post)


@dataclass(frozen=True)
class Skip:
    reason: str


def ev(s):
    return {"slug": s.event.slug}


def ev_pk(key, attr="pk"):
    return lambda s: {"slug": s.event.slug, "pk": getattr(s[key], attr)}


def console(permission, kwargs=ev, method="GET"):
    return Rule(perm(permission), kwargs, method)


CONSOLE = {
    "console:login": Rule(ALL),
    "console:logout": Rule(ALL, method="POST"),
    "console:events": Rule(SIGNED_IN),
    "console:password-reset": Rule(ALL, post=ALL),
    "console:password-reset-done": Rule(ALL),
    "console:password-reset-confirm": Rule(ALL, lambda s: {"uidb64": "MQ", "token": "forged"}),
    "console:password-reset-complete": Rule(ALL),
    "console:password-change": Rule(SIGNED_IN),
    "console:password-change-done": Rule(SIGNED_IN),
    "console:event_new": Rule(NOBODY_BUT_ROOT),
    "console:dashboard": console("event.view_console"),
    "console:settings": console("event.change"),
    "console:delegations": console("record.view"),
    "console:delegation_add": console("record.change"),
    "console:delegation": console("record.change", ev_pk("delegation")),
    "console:delegation_delete": console("record.change", ev_pk("delegation")),
    "console:areas": console("record.view"),
    "console:area_add": console("record.change"),
    "console:area": console("record.change", ev_pk("area")),
    "console:area_delete": console("record.change", ev_pk("area")),
    "console:organisations": console("record.view"),
    "console:organisation_add": console("record.change"),
    "console:organisation_pick": console("record.change"),
    "console:organisation": console("record.change", ev_pk("organisation")),
    "console:organisation_remove": console("record.change", ev_pk("organisation")),
    "console:people": console("record.view"),
    "console:person_add": console("record.change"),
    "console:person": console("record.change", ev_pk("person")),
    "console:person_delete": console("record.change", ev_pk("person")),
    "console:role_add": console("record.change", ev_pk("person")),
    "console:role": console(
        "record.change", lambda s: {**ev_pk("person")(s), "role": s["role"].pk}
    ),
    "console:role_remove": console(
        "record.change", lambda s: {**ev_pk("person")(s), "role": s["role"].pk}
    ),
    "console:team": console("team.change"),
    "console:team_remove": console("team.change", ev_pk("member")),
    "console:audit": console("event.view_audit"),
    "console:programme": console("programme.change"),
    "console:programme-item": console("programme.change", ev_pk("item")),
    "console:programme-stage": console("programme.advance"),
    "console:registrations": console("registration.view"),
    "console:registration-export": console("registration.view", lambda s: {**ev(s), "fmt": "csv"}),
    "console:registration-import": console("registration.import"),
    "console:registration-invite": console("registration.invite"),
    "console:registration-action": console(
        "registration.change",
        lambda s: {**ev_pk("other_registration")(s), "action": "approve"},
        method="POST",
    ),
    "console:attendance:checkin": console("checkin.scan"),
    "console:attendance:checkin-search": console("checkin.scan"),
    "console:attendance:checkin-sw": console("checkin.scan"),
    "console:attendance:dashboard": console("registration.view"),
    "console:attendance:figures": console("registration.view"),
    "console:attendance:badges": console("registration.view"),
    "console:person-data": console("privacy.manage", ev_pk("registration", "person_id")),
    "console:person-data-export": console("privacy.manage", ev_pk("registration", "person_id")),
    "console:matchmaking": console("matchmaking.manage"),
    "console:matchmaking-run": console("matchmaking.manage", ev_pk("run")),
    "console:matchmaking-run-status": console("matchmaking.manage", ev_pk("run")),
    "console:matchmaking-pipeline": console("matchmaking.manage"),
    "console:matchmaking-pipeline-export": console(
        "matchmaking.manage", lambda s: {**ev(s), "fmt": "csv"}
    ),
    "console:matchmaking-statistics": console("matchmaking.manage"),
    "console:matchmaking-statistics-csv": console("matchmaking.manage"),
    # the newsroom's console: the event's writers (news.write) and the newsroom's members
    "console:news:list": Rule(SIGNED_IN),
    "console:news:draft": Rule(
        perm("news.write"), lambda s: {"event_slug": s.event.slug}, method="POST"
    ),
    "console:news:edit": Rule(perm("news.write"), lambda s: {"slug": s["release"].slug}),
    "console:news:workflow": Rule(
        perm("news.write"), lambda s: {"slug": s["release"].slug}, method="POST"
    ),
    "console:news:images": Rule(
        perm("news.write"), lambda s: {"slug": s["release"].slug}, method="POST"
    ),
    "console:news:history": Rule(perm("news.write"), lambda s: {"slug": s["release"].slug}),
}

SITE = {
    "healthz": Rule(ALL),
    "readyz": Skip("answers 503 when the broker is not there: tests/core/test_health.py"),
    "set_language": Rule(ALL, method="POST"),
    "site:index": Rule(ALL),
    "site:event": Rule(ALL, ev),
    "site:organisations": Rule(ALL, ev),
    "site:programme": Rule(ALL, ev),
    "site:programme-item": Rule(ALL, ev_pk("item")),
    "site:programme-speakers": Rule(ALL, ev),
    "site:programme-speaker": Rule(ALL, ev_pk("speaker_person")),
    "site:programme-my-ics": Rule(frozenset({"delegate", "speaker"}), ev),  # their own items
    "site:programme-pdf": Rule(ALL, ev),
    "site:programme-ics": Rule(ALL, ev),
    "site:registration-register": Rule(ALL, ev),
    "site:registration-thanks": Rule(ALL, ev),  # without a registration: back to the form
    "site:registration-me": Rule(DELEGATES, ev),
    "site:registration-withdraw": Rule(DELEGATES, ev, method="POST"),
    "site:registration-password": Rule(DELEGATES, ev, method="POST"),
    "site:registration-signin": Rule(ALL, ev),
    "site:privacy-me": Rule(DELEGATES, ev),
    "site:privacy-me-export": Rule(DELEGATES, ev),
    "site:privacy-me-erase": Rule(DELEGATES, ev, method="POST"),
    "site:registration-signin-link": Rule(ALL, lambda s: {**ev(s), "token": s["sign_in_token"]}),
    "attendance:join": Rule(
        ALL, lambda s: {"slug": s.event.slug, "token": s["other_registration"].join_token}
    ),
    "attendance:presence": Rule(
        ALL,
        lambda s: {"slug": s.event.slug, "token": s["other_registration"].join_token},
        method="POST",
    ),
    "site:matchmaking": Rule(MATCHMAKERS, ev),
    "site:matchmaking-delegate": Rule(MATCHMAKERS, ev_pk("other_registration")),
    "site:matchmaking-request": Rule(MATCHMAKERS, ev_pk("other_registration"), method="POST"),
    "site:matchmaking-recommendations": Rule(DELEGATES, ev),  # the delegate's own page
    "site:matchmaking-requests": Rule(DELEGATES, ev),  # the delegate's own page
    "site:matchmaking-answer": Rule(
        MATCHMAKERS, lambda s: {**ev_pk("request")(s), "action": "cancel"}, method="POST"
    ),
    "site:matchmaking-profile": Rule(DELEGATES, ev),  # the delegate's own page
    "site:matchmaking-agenda": Rule(DELEGATES, ev),  # the delegate's own page
    "site:matchmaking-agenda-ics": Rule(DELEGATES, ev),  # the delegate's own page
    "site:matchmaking-agenda-pdf": Rule(DELEGATES, ev),  # the delegate's own page
    "site:matchmaking-outcome": Rule(MATCHMAKERS, ev_pk("request"), method="POST"),
    "news:list": Rule(ALL),
    "news:feed": Rule(ALL),
    "news:article": Skip("a draft is not public: published articles in tests/newsroom"),
    "news:print": Skip("a draft is not public: published articles in tests/newsroom"),
    "news:image": Skip("images of a draft are not public: tests/newsroom/test_workflow.py"),
}

API = {
    "api:schema": Rule(ALL),
    "api:docs": Rule(ALL),
    "api:events": Rule(ALL),
    "api:event": Rule(ALL, ev),
    "api:checkins": Rule(perm("checkin.scan"), ev, method="POST"),
    "api:badge": Rule(perm("registration.view") | DELEGATES, ev_pk("registration")),
    "api:programme": Rule(ALL, ev),
    "api:now": Rule(ALL, ev, post=perm("programme.advance")),  # what is on stage is public
    "api:programme-video": Rule(perm("programme.change"), ev_pk("item"), method="POST"),
    "api:programme-subtitles-upload": Rule(perm("programme.change"), ev_pk("item"), method="POST"),
    "api:programme-video-file": Skip("no video uploaded in the scene: tests/programme"),
    "api:programme-subtitles": Skip("no subtitles uploaded in the scene: tests/programme"),
    "api:releases": Rule(ALL),
    "api:release": Skip("a draft is not public: tests/newsroom/test_api.py"),
    "api:registrations": Rule(perm("registration.view"), ev, post=ALL),  # POST registers
    "api:registration": Rule(perm("registration.view") | DELEGATES, ev_pk("registration")),
    "api:registration-approve": Rule(
        perm("registration.change"), ev_pk("other_registration"), method="POST"
    ),
    "api:registration-reject": Rule(
        perm("registration.change"), ev_pk("other_registration"), method="POST"
    ),
    "api:registration-withdraw": Rule(
        perm("registration.change") | DELEGATES, ev_pk("registration"), method="POST"
    ),
    "api:recommendations": Rule(
        MATCHMAKERS, ev, query=lambda s: f"?registration={s['registration'].pk}"
    ),
    "api:meeting-requests": Rule(MATCHMAKERS, ev),
    "api:meeting-request-accept": Rule(perm("matchmaking.manage"), ev_pk("request"), method="POST"),
    "api:meeting-request-decline": Rule(
        perm("matchmaking.manage"), ev_pk("request"), method="POST"
    ),
    "api:meeting-request-cancel": Rule(MATCHMAKERS, ev_pk("request"), method="POST"),
    "api:schedule-runs": Rule(perm("matchmaking.manage"), ev),
    "api:schedule-run": Rule(perm("matchmaking.manage"), ev_pk("run")),
    "api:schedule-run-publish": Rule(perm("matchmaking.manage"), ev_pk("run"), method="POST"),
    "api:schedule-run-cancel": Rule(perm("matchmaking.manage"), ev_pk("run"), method="POST"),
    "api:meetings": Rule(MATCHMAKERS, ev),
}

RULES = {**CONSOLE, **SITE, **API}


def walk(patterns=None, prefix="", namespace=""):
    """(route name, route text) for every route of the URL conf."""
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            ns = namespace
            if p.namespace:
                ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
            yield from walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}" if namespace else (p.name or "")
            yield name, prefix + str(p.pattern)


def routes() -> dict[str, str]:
    return {name: route for name, route in walk() if not name.startswith("admin:")}


def admin_routes() -> list[tuple[str, str]]:
    return [(name, route) for name, route in walk() if name.startswith("admin:")]


def test_every_route_has_a_rule():
    found = routes()
    missing = sorted(set(found) - set(RULES))
    assert not missing, f"routes without a rule in the permission matrix: {missing}"
    stale = sorted(set(RULES) - set(found))
    assert not stale, f"rules for routes that are gone: {stale}"
    unnamed = [route for name, route in walk() if not name or name.endswith(":None")]
    assert all(route.startswith("admin/") for route in unnamed), unnamed


def classify(response, method: str) -> str:
    code = response.status_code
    if 300 <= code < 400:
        where = response.get("Location", "")
        if any(door in where for door in ("/console/login/", "/admin/login/", "/signin/")):
            return "login"
        return "ok"
    if code in (401, 403, 404) or (method == "POST" and code == 405):
        return "refused"
    if 200 <= code < 300:
        return "ok"
    return f"status {code}"


@pytest.fixture
def scene(django_db_blocker):
    cache.clear()
    return build_scene()


def _clients(scene):
    out = {}
    for key, user in scene.users.items():
        web, api = Client(), APIClient()
        if user is not None:
            web.force_login(user)
            api.credentials(HTTP_AUTHORIZATION=f"Token {create_token(user).key}")
        out[key] = (web, api)
    return out


def _url(name: str, kwargs: dict) -> str:
    from django.urls import reverse

    if name.startswith(("site:", "news:", "attendance:")):
        from django.utils import translation

        with translation.override("en"):
            return reverse(name, kwargs=kwargs)
    return reverse(name, kwargs=kwargs)


def test_the_matrix(scene):
    clients = _clients(scene)
    problems = []
    for name in sorted(routes()):
        rule = RULES[name]
        if isinstance(rule, Skip):
            continue
        url = _url(name, rule.kwargs(scene)) + rule.query(scene)
        for user in USERS:
            web, api = clients[user]
            client = api if name.startswith("api:") else web
            methods = ["GET", "POST"]
            if user in rule.ok:
                methods.remove("GET")
                if rule.method != "POST":
                    got = classify(client.get(url), "GET")
                    if got != "ok":
                        problems.append(f"{name} {url} {user}: GET expected ok, got {got}")
            if rule.may_post(user):
                methods.remove("POST")
            for method in methods:
                response = getattr(client, method.lower())(url)
                got = classify(response, method)
                if got not in ("login", "refused") and not (
                    method == "GET" and rule.method == "POST" and response.status_code == 405
                ):
                    problems.append(f"{name} {url} {user}: {method} expected refused, got {got}")
    assert not problems, "\n".join(problems)


def test_admin_is_for_superusers_only(scene):
    """Every admin route: a superuser reaches it, everyone else is sent to the admin's
    sign-in page (object routes are filled with an object of their model)."""
    from django.apps import apps

    clients = _clients(scene)
    problems = []
    for name, route in admin_routes():
        if "<path:content_type_id>" in route or "(?P<url>" in route:
            continue  # view_on_site needs a model with get_absolute_url; the catch-all 404s
        if name in ("admin:login", "admin:logout", "admin:autocomplete"):
            continue  # the doors themselves; autocomplete answers 403 without its query
        read_only = name.startswith("admin:core_auditentry_") and name.endswith(("_add", "_delete"))
        url = "/" + route
        if "<path:object_id>" in route or "<id>" in route:
            app_label, model_name = route.split("/")[1:3]
            obj = apps.get_model(app_label, model_name)._default_manager.first()
            if obj is None:
                continue
            url = url.replace("<path:object_id>", str(obj.pk)).replace("<id>", str(obj.pk))
        if url.startswith("/admin/^("):
            url = "/admin/events/"
        for user in USERS:
            response = clients[user][0].get(url)
            got = classify(response, "GET")
            want = "ok" if user == "superuser" else "login"
            if read_only and user == "superuser":
                want = "refused"  # the audit log is read-only, even for superusers
            if got != want:
                problems.append(f"{name} {url} {user}: expected {want}, got {got}")
    assert not problems, "\n".join(problems)
