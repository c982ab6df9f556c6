"""The attendance dashboard and the one figure a release quotes."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from liaison.attendance import services
from liaison.attendance.selectors import attended, dashboard_figures, release_figure, release_round
from tests.factories import CooperationAreaFactory, DelegationFactory, OrganisationFactory

from .factories import make_registration, staff_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("n", "rounded"),
    [
        (0, 0),
        (7, 7),
        (19, 19),
        (20, 20),
        (24, 20),
        (25, 30),
        (187, 190),
        (203, 200),
        (996, 1000),
        (1234, 1200),
        (1250, 1300),
    ],
)
def test_release_rounding(n, rounded):
    assert release_round(n) == rounded


def test_release_sentence():
    assert release_figure(203) == "about 200 representatives attended"
    assert release_figure(12) == "12 representatives attended"
    assert release_figure(1) == "1 representative attended"


def build(event):
    cn = DelegationFactory(
        event=event, code="cn", name={"en": "China", "zh-hans": "中方", "ja": "中国側"}
    )
    jp = DelegationFactory(
        event=event, code="jp", name={"en": "Japan", "zh-hans": "日方", "ja": "日本側"}
    )
    area = CooperationAreaFactory(event=event, slug="health", name={"en": "Health care"})
    university = OrganisationFactory(slug="uni", kind="university", country="CN")
    onsite = [make_registration(event, delegation=cn, organisation=university) for _ in range(3)]
    online = [make_registration(event, delegation=jp, mode="online") for _ in range(2)]
    make_registration(event, delegation=jp, status="waitlisted")
    make_registration(event, delegation=jp, status="pending")
    make_registration(event, delegation=cn, status="withdrawn")
    for registration in onsite + online:
        registration.areas.add(area)
    for registration in onsite[:2]:
        services.check_in(event, registration.badge_code, client_id=uuid.uuid4())
    services.record_join(online[0])
    return cn, jp, area


def test_figures_by_delegation_kind_mode_area(event):
    cn, jp, area = build(event)
    figures = dashboard_figures(event)
    assert figures.totals.registered == 7  # the withdrawn one is not counted
    assert figures.totals.approved == 5
    assert (figures.totals.pending, figures.totals.waitlisted) == (1, 1)
    assert (figures.totals.checked_in, figures.totals.joined) == (2, 1)
    assert figures.attended == attended(event) == 3
    assert figures.online_now == 1
    by_delegation = {row.label: row for row in figures.by_delegation}
    assert by_delegation["China"].checked_in == 2 and by_delegation["China"].registered == 3
    assert by_delegation["Japan"].joined == 1 and by_delegation["Japan"].waitlisted == 1
    by_kind = {row.key: row for row in figures.by_kind}
    assert by_kind["university"].checked_in == 2
    by_mode = {row.key: row for row in figures.by_mode}
    assert by_mode["online"].registered == 2 and by_mode["onsite"].registered == 5
    [health] = figures.by_area
    assert (health.registered, health.checked_in, health.joined) == (5, 2, 1)


def test_the_dashboard_reads_in_a_fixed_number_of_queries(event, django_assert_num_queries):
    make_registration(event)
    with django_assert_num_queries(8) as one:
        dashboard_figures(event)
    for _ in range(2):
        make_registration(event, delegation=DelegationFactory(event=event))
    with django_assert_num_queries(len(one.captured_queries)):
        dashboard_figures(event)


def test_dashboard_page_and_its_json(event):
    build(event)
    client = Client()
    client.force_login(staff_of(event, "organiser", role="organiser"))
    page = client.get(f"/console/{event.slug}/attendance/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "3 representatives attended" in html
    assert "<svg" in html and "China" in html
    data = client.get(f"/console/{event.slug}/attendance/figures.json").json()
    assert data["attended"] == 3 and data["totals"]["checked_in"] == 2
    assert "<svg" in data["html"]


def test_dashboard_in_japanese(event):
    build(event)
    client = Client()
    client.force_login(staff_of(event, "organiser", role="organiser"))
    html = client.get(
        f"/console/{event.slug}/attendance/", HTTP_ACCEPT_LANGUAGE="ja"
    ).content.decode()
    assert "出席" in html and "中国側" in html


def test_dashboard_for_the_team_only(event):
    client = Client()
    client.force_login(staff_of(event, "editor", role="editor"))
    assert client.get(f"/console/{event.slug}/attendance/").status_code == 403
    client.force_login(
        staff_of(event, "nobody", role="editor").__class__.objects.create(username="x")
    )
    assert client.get(f"/console/{event.slug}/attendance/figures.json").status_code == 404
