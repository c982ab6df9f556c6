"""Online attendance: the personal join link, the heartbeat, the leave."""

from __future__ import annotations

import pytest
from django.test import Client

from liaison.attendance.models import OnlineVisit

from .factories import make_registration

pytestmark = pytest.mark.django_db


def test_opening_the_link_records_nothing_until_the_page_posts(event):
    online = make_registration(event, mode="online")
    url = f"/en/{event.slug}/join/{online.join_token}/"
    client = Client(enforce_csrf_checks=False)
    page = client.get(url)
    assert page.status_code == 200
    assert "Join the live channel" in page.content.decode()
    assert OnlineVisit.objects.count() == 0  # a mail scanner's fetch is not a join

    answer = client.post(url, HTTP_ACCEPT="application/json").json()
    online.refresh_from_db()
    assert online.joined_at is not None
    assert answer["channel"] == event.online_url

    presence = f"/en/{event.slug}/join/{online.join_token}/presence/"
    assert client.post(presence, {"visit": answer["visit"]}).json() == {
        "visit": answer["visit"],
        "left": False,
    }
    assert client.post(presence, {"visit": answer["visit"], "leaving": "1"}).json()["left"]
    online.refresh_from_db()
    assert online.left_at is not None


def test_without_javascript_the_button_forwards_to_the_channel(event):
    online = make_registration(event, mode="online")
    response = Client().post(f"/ja/{event.slug}/join/{online.join_token}/")
    assert response.status_code == 302 and response["Location"] == event.online_url
    assert OnlineVisit.objects.filter(registration=online).count() == 1


def test_unknown_link_and_refusals(event, other_event):
    assert Client().get(f"/en/{event.slug}/join/not-a-token/").status_code == 404
    online = make_registration(other_event, mode="online")
    assert Client().get(f"/en/{event.slug}/join/{online.join_token}/").status_code == 404
    onsite = make_registration(event)
    response = Client().get(f"/en/{event.slug}/join/{onsite.join_token}/")
    assert response.status_code == 409
    assert "on site" in response.content.decode()
    assert Client().post(f"/en/{event.slug}/join/{onsite.join_token}/").status_code == 409
    assert OnlineVisit.objects.count() == 0


def test_a_heartbeat_of_someone_elses_visit_is_refused(event):
    first = make_registration(event, mode="online")
    second = make_registration(event, mode="online")
    client = Client()
    visit = client.post(
        f"/en/{event.slug}/join/{first.join_token}/", HTTP_ACCEPT="application/json"
    ).json()["visit"]
    response = client.post(f"/en/{event.slug}/join/{second.join_token}/presence/", {"visit": visit})
    assert response.status_code == 404
