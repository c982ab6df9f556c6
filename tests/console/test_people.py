"""The people of the event and their roles, through the console's forms."""

from __future__ import annotations

import re

import pytest

from liaison.core.models import AuditEntry
from liaison.events.models import CooperationArea, Delegation, Organisation, Person, Role
from liaison.events.services import add_team_member
from tests.console.conftest import form_data
from tests.factories import EventFactory, PersonFactory, RoleFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST = "/console/chengdu-2021/people/"


def listed(response) -> list[str]:
    page = response.content.decode()
    return re.findall(r'<td class="cell-main">\s*<a href="[^"]+">([^<]+)</a>', page)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("宁吉喆", ["Ning Jizhe"]),  # Chinese script
        ("宁", ["Ning Jizhe"]),
        ("ning jizhe", ["Ning Jizhe"]),
        ("Jizhe Ning", ["Ning Jizhe"]),  # either order
        ("国家発展", ["Ning Jizhe"]),  # Japanese title
        ("delegatename3", ["Delegatename3 Private"]),
        ("さくら", ["Delegatename1 Private", "Delegatename3 Private", "Delegatename5 Private"]),
        ("nobody-here", []),
    ],
)
def test_search_finds_people_in_any_script(console, seminar, query, expected):
    assert listed(console.get(LIST, {"q": query})) == expected


def test_filters_by_role_side_and_mode(console, seminar):
    japan = Delegation.objects.get(event=seminar, code="jp")
    ning = Person.objects.get(family_name="宁")
    RoleFactory(event=seminar, person=ning, kind="speaker", delegation=None, mode="online")

    assert listed(console.get(LIST, {"kind": "video_principal"})) == ["Ning Jizhe"]
    assert len(listed(console.get(LIST, {"side": "jp"}))) == 3
    assert listed(console.get(LIST, {"side": "-"})) == ["Ning Jizhe"]  # the speaker role
    assert listed(console.get(LIST, {"mode": "online"})) == ["Ning Jizhe"]
    assert listed(console.get(LIST, {"side": "jp", "q": "ning"})) == []
    assert japan.code == "jp"


def test_list_shows_both_scripts_and_the_roles(console, seminar):
    page = console.get(LIST, {"q": "ning"}).content.decode()

    assert "宁吉喆" in page
    assert "Principal sending a video message · Chinese side" in page


def test_list_reads_names_in_the_reader_script(console, seminar):
    console.cookies["django_language"] = "ja"

    assert listed(console.get(LIST, {"q": "ning"})) == ["宁吉喆"]


def _event_with_people(n: int):
    user = UserFactory(username=f"organiser-of-{n}")
    event = EventFactory(slug=f"people-{n}")
    add_team_member(event, user, "organiser")
    for _ in range(n):
        RoleFactory(event=event)
    return event, user


@pytest.mark.parametrize("n", [1, 3])
def test_list_takes_the_same_queries_for_one_or_three(client, django_assert_num_queries, n):
    event, user = _event_with_people(n)
    client.force_login(user)

    # session, user, team roles, event, sides, count, page, roles with their sides
    with django_assert_num_queries(8):
        response = client.get(f"/console/{event.slug}/people/", {"q": "zhang"})

    assert len(listed(response)) == n


def test_adding_a_person_with_a_role(console, seminar, organiser):
    china = Delegation.objects.get(event=seminar, code="cn")
    areas = list(CooperationArea.objects.filter(event=seminar)[:2])
    shu = Organisation.objects.get(slug="chengdu-2021-cn-co")
    data = form_data(console.get(f"{LIST}add/"))
    data.update(
        family_name="李",
        given_name="明",
        family_name_latin="Li",
        given_name_latin="Ming",
        latin_order="family_first",
        title_0="Chief engineer",
        title_1="总工程师",
        organisation=str(shu.pk),
        email="li.ming@example.cn",
        kind="delegate",
        delegation=str(china.pk),
        mode="online",
        areas=[str(a.pk) for a in areas],
    )

    response = console.post(f"{LIST}add/", data)

    assert response.status_code == 302
    person = Person.objects.get(email="li.ming@example.cn")
    assert response["Location"] == f"{LIST}{person.pk}/"
    role = Role.objects.get(event=seminar, person=person)
    assert (role.kind, role.delegation, role.mode) == ("delegate", china, "online")
    assert set(role.areas.all()) == set(areas)
    assert AuditEntry.objects.filter(action="person.create", event=seminar, actor=organiser)
    assert AuditEntry.objects.filter(action="role.add", event=seminar, actor=organiser)
    assert listed(console.get(LIST, {"q": "李明"})) == ["Li Ming"]
    assert listed(console.get(LIST, {"q": "总工"})) == ["Li Ming"]


def test_adding_a_person_without_a_name_keeps_what_was_typed(console, seminar):
    data = form_data(console.get(f"{LIST}add/"))
    data.update(email="someone@example.org", kind="delegate", title_2="技師")

    response = console.post(f"{LIST}add/", data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Give a family name, in the person&#x27;s script or in Latin letters." in page
    assert 'value="someone@example.org"' in page and 'value="技師"' in page
    assert not Person.objects.filter(email="someone@example.org").exists()


def test_adding_a_person_with_a_taken_email_shows_the_service_message(console, seminar):
    data = form_data(console.get(f"{LIST}add/"))
    data.update(family_name_latin="Again", email="DELEGATE1.chengdu-2021@example.org")

    page = console.post(f"{LIST}add/", data).content.decode()

    errors = page[page.index('for="id_email"') :]
    assert "Another person already has this e-mail address." in errors[: errors.index("</div>")]
    assert not Person.objects.filter(family_name_latin="Again").exists()


def test_editing_a_person(console, seminar, organiser):
    ning = Person.objects.get(family_name="宁")
    url = f"{LIST}{ning.pk}/"
    data = form_data(console.get(url))
    assert data["family_name_latin"] == ["Ning"]
    data["title_2"] = "国家発展改革委員会 副主任"

    assert console.post(url, data).status_code == 302

    ning.refresh_from_db()
    assert ning.title.data["ja"] == "国家発展改革委員会 副主任"
    entry = AuditEntry.objects.get(action="person.update")
    assert entry.event == seminar and entry.actor == organiser
    assert entry.data["changes"] == {"title": ning.title.data}


def test_person_page_lists_the_roles_with_links(console, seminar):
    ning = Person.objects.get(family_name="宁")
    role = Role.objects.get(person=ning)

    page = console.get(f"{LIST}{ning.pk}/").content.decode()

    assert f'href="{LIST}{ning.pk}/roles/{role.pk}/"' in page
    assert f'href="{LIST}{ning.pk}/roles/{role.pk}/remove/"' in page
    assert f'href="{LIST}{ning.pk}/roles/add/"' in page


def test_role_add_edit_remove(console, seminar):
    ning = Person.objects.get(family_name="宁")
    base = f"{LIST}{ning.pk}/roles/"
    data = form_data(console.get(f"{base}add/"))
    data.update(kind="speaker", mode="online")

    assert console.post(f"{base}add/", data).status_code == 302
    speaker = Role.objects.get(person=ning, kind="speaker")
    assert speaker.mode == "online" and speaker.delegation is None

    data = form_data(console.get(f"{base}{speaker.pk}/"))
    assert data["kind"] == ["speaker"]
    data["delegation"] = str(Delegation.objects.get(event=seminar, code="cn").pk)
    assert console.post(f"{base}{speaker.pk}/", data).status_code == 302
    speaker.refresh_from_db()
    assert speaker.delegation.code == "cn"

    response = console.post(f"{base}{speaker.pk}/remove/")
    assert response["Location"] == f"{LIST}{ning.pk}/"  # still holds a role
    assert not Role.objects.filter(pk=speaker.pk).exists()
    actions = list(
        AuditEntry.objects.filter(event=seminar, action__startswith="role.").values_list(
            "action", flat=True
        )[:3]
    )
    assert actions == ["role.remove", "role.update", "role.add"]


def test_a_role_held_already_is_refused(console, seminar):
    ning = Person.objects.get(family_name="宁")
    data = form_data(console.get(f"{LIST}{ning.pk}/roles/add/"))
    data["kind"] = "video_principal"

    page = console.post(f"{LIST}{ning.pk}/roles/add/", data).content.decode()

    assert "already holds the role Principal sending a video message at this event." in page


def test_removing_the_last_role_takes_the_person_off_the_list(console, seminar):
    person = PersonFactory(family_name_latin="Once")
    role = RoleFactory(event=seminar, person=person, delegation=None)

    response = console.post(f"{LIST}{person.pk}/roles/{role.pk}/remove/")

    assert response["Location"] == LIST
    assert listed(console.get(LIST, {"q": "once"})) == []
    assert console.get(f"{LIST}{person.pk}/").status_code == 404


# --- Deleting a person ------------------------------------------------------------------------


def _delegate(seminar, n: int = 1) -> Person:
    return Person.objects.get(family_name_latin=f"Delegatename{n}")


def test_the_person_page_offers_to_delete(console, seminar):
    person = _delegate(seminar)

    page = console.get(f"{LIST}{person.pk}/").content.decode()

    assert f'href="{LIST}{person.pk}/delete/"' in page and "Delete the person" in page


def test_deleting_a_person_of_this_event_only(console, seminar, organiser):
    person = _delegate(seminar)
    role = Role.objects.get(event=seminar, person=person)
    url = f"{LIST}{person.pk}/delete/"

    page = console.get(url).content.decode()
    assert "Delete this person and their roles at this event?" in page
    assert "Delegate · Japanese side" in page  # the role that goes with them
    response = console.post(url)

    assert response.status_code == 302 and response["Location"] == LIST
    assert not Person.objects.filter(pk=person.pk).exists()
    assert not Role.objects.filter(pk=role.pk).exists()
    entry = AuditEntry.objects.get(action="person.delete", object_id=str(person.pk))
    assert entry.event == seminar and entry.actor == organiser
    assert entry.data["roles"] == ["delegate"]
    assert "The person was deleted." in console.get(LIST).content.decode()
    assert listed(console.get(LIST, {"q": "delegatename1"})) == []


def _refused(console, person, *expected: str) -> None:
    """The page says why and what to do instead, offers no button, and a POST deletes
    nothing."""
    url = f"{LIST}{person.pk}/delete/"
    roles = sorted(Role.objects.filter(person=person).values_list("pk", flat=True))
    page = console.get(url).content.decode()
    assert "This person cannot be deleted; nothing was changed." in page
    assert "Remove their roles at this event" in page
    assert "Delete the person</button>" not in page
    for reason in expected:
        assert reason in page
    response = console.post(url)
    assert response.status_code == 409
    for reason in expected:
        assert reason in response.content.decode()
    assert Person.objects.filter(pk=person.pk).exists()
    assert sorted(Role.objects.filter(person=person).values_list("pk", flat=True)) == roles
    assert not AuditEntry.objects.filter(action="person.delete").exists()


def test_a_person_in_the_programme_is_kept(console, seminar):
    ning = Person.objects.get(family_name="宁")

    _refused(
        console,
        ning,
        "Ning Jizhe takes part in 1 programme item; take them off it in the programme first.",
    )


def test_a_person_of_another_event_is_kept_and_that_event_not_named(console, seminar):
    person = _delegate(seminar)
    other = EventFactory(slug="unseen-2030")
    RoleFactory(event=other, person=person, kind="speaker")

    _refused(
        console,
        person,
        "also holds a role at 1 other event; deleting the person would take them off it too.",
    )
    assert "unseen-2030" not in console.get(f"{LIST}{person.pk}/delete/").content.decode()


def test_a_registered_person_is_kept(console, seminar):
    from liaison.registration import services as registration

    person = _delegate(seminar, 3)
    registration.register(
        seminar,
        registration.Applicant(
            email=person.email, family_name_latin="Delegatename3", delegation="jp"
        ),
        by_organiser=True,
        notify=False,
    )

    _refused(
        console,
        person,
        "Delegatename3 Private has registered (1 registration): registrations are kept as "
        "the record of who took part.",
        "Delegatename3 Private signs in with their own account, which would lose its person.",
    )


def test_the_refusal_reads_in_chinese_and_japanese(console, seminar):
    ning = Person.objects.get(family_name="宁")
    url = f"{LIST}{ning.pk}/delete/"

    console.cookies["django_language"] = "zh-hans"
    chinese = console.get(url).content.decode()
    console.cookies["django_language"] = "ja"
    japanese = console.get(url).content.decode()

    assert "无法删除此人" in chinese and "1 个日程项目" in chinese
    assert "この人は削除できません" in japanese and "1 件のプログラム項目" in japanese


def test_staff_may_not_delete_a_person(client, seminar, staff_member):
    person = _delegate(seminar)
    client.force_login(staff_member)

    assert client.get(f"{LIST}{person.pk}/delete/").status_code == 403
    assert client.post(f"{LIST}{person.pk}/delete/").status_code == 403
    assert Person.objects.filter(pk=person.pk).exists()
