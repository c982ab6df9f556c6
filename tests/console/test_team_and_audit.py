"""The event's team and its audit log."""

from __future__ import annotations

import re

import pytest

from liaison.core.models import AuditEntry
from liaison.events.models import TeamMember
from liaison.events.services import add_delegation, add_team_member, update_event
from tests.factories import EventFactory, UserFactory, three

pytestmark = pytest.mark.django_db

TEAM = "/console/chengdu-2021/team/"
AUDIT = "/console/chengdu-2021/audit/"


def test_team_lists_the_members_with_their_part(console, seminar, staff_member):
    page = console.get(TEAM).content.decode()

    assert re.search(r"organiser <span class=\"meta\">\(you\)</span>", page)
    assert "doorkeeper" in page and "Staff (check-in)" in page


def test_adding_a_user_by_user_name(console, seminar, organiser):
    editor = UserFactory(username="writer")

    response = console.post(TEAM, {"user": "Writer", "role": "editor"})

    assert response["Location"] == TEAM
    assert TeamMember.objects.filter(event=seminar, user=editor, role="editor").exists()
    entry = AuditEntry.objects.filter(action="team.add").latest("id")
    assert entry.event == seminar and entry.actor == organiser
    assert entry.data == {"user": "writer", "role": "editor"}


def test_adding_a_user_by_email(console, seminar):
    chair = UserFactory(username="chairperson", email="chair@example.org")

    console.post(TEAM, {"user": "CHAIR@example.org", "role": "chair"})

    assert TeamMember.objects.filter(event=seminar, user=chair, role="chair").exists()


def test_unknown_user_is_named_in_the_error(console, seminar):
    page = console.post(TEAM, {"user": "nobody@example.org", "role": "staff"}).content.decode()

    assert "No account has the user name or e-mail address “nobody@example.org”." in page
    assert 'value="nobody@example.org"' in page


def test_the_same_part_twice_is_refused_on_the_user_field(console, seminar, staff_member):
    page = console.post(TEAM, {"user": "doorkeeper", "role": "staff"}).content.decode()

    user_field = page[page.index('for="id_user"') :]
    assert "doorkeeper is already Staff (check-in) of this event." in user_field[:600]


def test_removing_a_member(console, seminar, staff_member):
    member = TeamMember.objects.get(user=staff_member)
    question = console.get(f"{TEAM}{member.pk}/remove/").content.decode()
    assert "Remove doorkeeper (Staff (check-in)) from the team?" in question

    response = console.post(f"{TEAM}{member.pk}/remove/")

    assert response["Location"] == TEAM
    assert not TeamMember.objects.filter(pk=member.pk).exists()
    assert AuditEntry.objects.filter(action="team.remove", event=seminar).exists()
    client_of_staff = console.__class__()
    client_of_staff.force_login(staff_member)
    assert client_of_staff.get("/console/chengdu-2021/").status_code == 404


def test_the_last_organiser_cannot_be_removed(console, seminar, organiser):
    member = TeamMember.objects.get(user=organiser)

    response = console.post(f"{TEAM}{member.pk}/remove/", follow=True)

    assert "An event keeps at least one organiser." in response.content.decode()
    assert TeamMember.objects.filter(pk=member.pk).exists()


def test_the_last_organiser_message_in_japanese(console, seminar, organiser):
    member = TeamMember.objects.get(user=organiser)
    console.cookies["django_language"] = "ja"

    response = console.post(f"{TEAM}{member.pk}/remove/", follow=True)

    assert "イベントには少なくとも1人の主催担当が必要です。" in response.content.decode()


def test_an_organiser_who_leaves_goes_back_to_their_events(console, seminar, organiser):
    add_team_member(seminar, UserFactory(username="successor"), "organiser")
    member = TeamMember.objects.get(user=organiser)

    response = console.post(f"{TEAM}{member.pk}/remove/")

    assert response["Location"] == "/console/"
    assert console.get("/console/chengdu-2021/").status_code == 404


# --- The audit log ---------------------------------------------------------------------------


def test_audit_log_shows_who_when_and_what_changed(console, seminar, organiser):
    update_event(seminar, actor=organiser, theme=three("New theme", "新主题", "新しいテーマ"))

    page = console.get(AUDIT).content.decode()

    first = page[page.index('<li class="audit-entry">') :]
    first = first[: first.index("</li>")]
    assert '<span class="audit-label">Event changed</span>' in first
    assert "event.update" in first
    assert '<span class="audit-who">organiser</span>' in first
    assert "Changed theme" in first
    assert "<dt>Theme</dt><dd>en: New theme · zh-hans: 新主题 · ja: 新しいテーマ</dd>" in first
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d \(UTC\+8\)", first)


def test_audit_log_reads_in_japanese(console, seminar, organiser):
    update_event(seminar, actor=organiser, theme=three("New theme", "新主题", "新しいテーマ"))
    console.cookies["django_language"] = "ja"

    page = console.get(AUDIT).content.decode()

    assert '<span class="audit-label">イベントを変更</span>' in page
    assert "<dt>テーマ</dt>" in page
    assert '<option value="delegation.add">代表団を追加</option>' in page


def test_audit_log_filters_by_action(console, seminar):
    page = console.get(AUDIT, {"action": "delegation.add"}).content.decode()

    assert page.count('<li class="audit-entry">') == 2
    assert "event.create" not in re.sub(r"<option.*?</option>", "", page)


def test_audit_log_shows_only_this_event(console, seminar):
    other = EventFactory(slug="other-2030")
    add_delegation(other, "zz", three("Elsewhere", "别处", "よそ"))

    page = console.get(AUDIT).content.decode()

    assert "other-2030: side zz" not in page
    assert "chengdu-2021: side jp" in page


def test_audit_log_pages(console, seminar, organiser):
    for i in range(30):
        add_delegation(seminar, f"extra{i}", three("Side", "方", "側"), actor=organiser)
    total = AuditEntry.objects.filter(event=seminar).count()

    first = console.get(AUDIT).content.decode()
    last = console.get(AUDIT, {"page": 2}).content.decode()

    assert total > 50
    assert first.count('<li class="audit-entry">') == 50
    assert last.count('<li class="audit-entry">') == total - 50
    assert f"{total} results" in first


def _event_with_entries(n: int):
    user = UserFactory(username=f"organiser-of-{n}")
    event = EventFactory(slug=f"audited-{n}")
    add_team_member(event, user, "organiser", actor=user)
    for i in range(n - 2):  # creating the event and adding the organiser made two
        add_delegation(event, f"side{i}", three("Side", "方", "側"), actor=user)
    return event, user


@pytest.mark.parametrize("n", [2, 4])
def test_audit_log_takes_the_same_queries_for_few_or_more(client, django_assert_num_queries, n):
    event, user = _event_with_entries(n)
    client.force_login(user)

    # session, user, team roles, event, actions, count, page with actors
    with django_assert_num_queries(7):
        response = client.get(f"/console/{event.slug}/audit/")

    assert response.content.decode().count('<li class="audit-entry">') == n


@pytest.mark.parametrize("n", [1, 3])
def test_team_takes_the_same_queries_for_one_or_three(client, django_assert_num_queries, n):
    event = EventFactory(slug=f"team-{n}")
    members = [UserFactory(username=f"member-{n}-{i}") for i in range(n)]
    for user in members:
        add_team_member(event, user, "organiser")
    client.force_login(members[0])

    # session, user, team roles, event, members with their accounts
    with django_assert_num_queries(5):
        response = client.get(f"/console/{event.slug}/team/")

    assert response.content.decode().count("/remove/") == n
