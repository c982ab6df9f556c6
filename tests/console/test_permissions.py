"""Every console page of an event asks the rules: the organiser opens it, a staff member
only the pages that show the record (403 elsewhere), a user outside the team gets a 404
(even an organiser of another event), an anonymous visitor the login page."""

from __future__ import annotations

import pytest

from liaison.core.models import AuditEntry
from liaison.events.models import (
    CooperationArea,
    Delegation,
    Organisation,
    Person,
    Role,
    TeamMember,
)

pytestmark = pytest.mark.django_db

# page -> may a staff member (check-in) open it?
PAGES = {
    "dashboard": True,
    "settings": False,
    "delegations": True,
    "delegation_add": False,
    "delegation": False,
    "delegation_delete": False,
    "areas": True,
    "area_add": False,
    "area": False,
    "area_delete": False,
    "organisations": True,
    "organisation_add": False,
    "organisation": False,
    "organisation_remove": False,
    "people": True,
    "person_add": False,
    "person": False,
    "role_add": False,
    "role": False,
    "role_remove": False,
    "team": False,
    "team_remove": False,
    "audit": False,
}


def urls(event) -> dict[str, str]:
    """The address of each page for the seminar's first objects."""
    base = f"/console/{event.slug}/"
    delegation = Delegation.objects.filter(event=event).first()
    area = CooperationArea.objects.filter(event=event).first()
    organisation = Organisation.objects.filter(events=event).first()
    role = Role.objects.filter(event=event).first()
    person = role.person
    member = TeamMember.objects.filter(event=event).first()
    return {
        "dashboard": base,
        "settings": f"{base}settings/",
        "delegations": f"{base}delegations/",
        "delegation_add": f"{base}delegations/add/",
        "delegation": f"{base}delegations/{delegation.pk}/",
        "delegation_delete": f"{base}delegations/{delegation.pk}/delete/",
        "areas": f"{base}areas/",
        "area_add": f"{base}areas/add/",
        "area": f"{base}areas/{area.pk}/",
        "area_delete": f"{base}areas/{area.pk}/delete/",
        "organisations": f"{base}organisations/",
        "organisation_add": f"{base}organisations/add/",
        "organisation": f"{base}organisations/{organisation.pk}/",
        "organisation_remove": f"{base}organisations/{organisation.pk}/remove/",
        "people": f"{base}people/",
        "person_add": f"{base}people/add/",
        "person": f"{base}people/{person.pk}/",
        "role_add": f"{base}people/{person.pk}/roles/add/",
        "role": f"{base}people/{person.pk}/roles/{role.pk}/",
        "role_remove": f"{base}people/{person.pk}/roles/{role.pk}/remove/",
        "team": f"{base}team/",
        "team_remove": f"{base}team/{member.pk}/remove/",
        "audit": f"{base}audit/",
    }


def status_codes(client, event, method="get", data=None) -> dict[str, int]:
    call = getattr(client, method)
    return {
        page: call(url, data).status_code if data else call(url).status_code
        for page, url in urls(event).items()
    }


def test_organiser_opens_every_page(client, seminar, organiser):
    client.force_login(organiser)

    for page, url in urls(seminar).items():
        response = client.get(url)
        assert response.status_code == 200, page
        assert "console-nav" in response.content.decode(), page


def test_staff_member_opens_the_record_and_is_refused_the_rest(
    client, seminar, organiser, staff_member
):
    client.force_login(staff_member)

    codes = status_codes(client, seminar)

    assert codes == {page: 200 if staff else 403 for page, staff in PAGES.items()}


def test_staff_member_cannot_post_to_pages_they_may_not_open(
    client, seminar, organiser, staff_member
):
    client.force_login(staff_member)
    entries = AuditEntry.objects.count()
    refused = {page: url for page, url in urls(seminar).items() if not PAGES[page]}

    codes = {
        page: client.post(url, {"code": "xx", "name_0": "X"}).status_code
        for page, url in refused.items()
    }

    assert codes == dict.fromkeys(refused, 403)
    assert AuditEntry.objects.count() == entries


def test_user_outside_the_team_gets_not_found(client, seminar, organiser, stranger):
    client.force_login(stranger)

    assert status_codes(client, seminar) == dict.fromkeys(PAGES, 404)
    assert status_codes(client, seminar, "post") == dict.fromkeys(PAGES, 404)


def test_organiser_of_another_event_gets_not_found(client, seminar, organiser, other_organiser):
    client.force_login(other_organiser)

    assert status_codes(client, seminar) == dict.fromkeys(PAGES, 404)
    assert status_codes(client, seminar, "post") == dict.fromkeys(PAGES, 404)


def test_anonymous_visitor_is_sent_to_login(client, seminar, organiser):
    for page, url in urls(seminar).items():
        response = client.get(url)
        assert response.status_code == 302, page
        assert response["Location"] == f"/console/login/?next={url}", page


def test_objects_of_another_event_are_not_found_through_the_seminar(
    client, seminar, organiser, other_organiser
):
    """The seminar's organiser cannot reach the other event's records by changing the
    numbers in an address of the seminar."""
    from liaison.events.models import Event

    other = urls(Event.objects.get(slug="tokyo-2022"))
    client.force_login(organiser)
    for page in ("delegation", "area", "role_add", "team_remove"):
        path = other[page].replace("/tokyo-2022/", f"/{seminar.slug}/")
        assert client.get(path).status_code == 404, page


def test_person_of_another_event_is_not_found_through_the_seminar(
    client, seminar, organiser, other_organiser
):
    outsider = Person.objects.filter(roles__event__slug="tokyo-2022").first()
    client.force_login(organiser)

    assert client.get(f"/console/{seminar.slug}/people/{outsider.pk}/").status_code == 404


def test_new_event_page_is_refused_to_organisers_without_the_right(client, organiser):
    client.force_login(organiser)

    assert client.get("/console/new/").status_code == 403
    assert client.post("/console/new/", {"slug": "x-2030"}).status_code == 403


def test_new_event_page_sends_anonymous_visitor_to_login(client, db):
    response = client.get("/console/new/")

    assert response.status_code == 302
    assert response["Location"] == "/console/login/?next=/console/new/"


def test_navigation_shows_a_staff_member_only_the_pages_they_may_open(
    client, seminar, organiser, staff_member
):
    client.force_login(staff_member)

    page = client.get(f"/console/{seminar.slug}/").content.decode()

    assert f'href="/console/{seminar.slug}/people/"' in page
    assert f'href="/console/{seminar.slug}/settings/"' not in page
    assert f'href="/console/{seminar.slug}/team/"' not in page
    assert f'href="/console/{seminar.slug}/audit/"' not in page


def test_staff_member_sees_lists_without_add_buttons(client, seminar, organiser, staff_member):
    client.force_login(staff_member)

    page = client.get(f"/console/{seminar.slug}/organisations/").content.decode()

    assert "Hitachi, Ltd." in page
    assert "/organisations/add/" not in page


def test_organiser_of_another_event_has_no_admin(client, other_organiser):
    client.force_login(other_organiser)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
