"""Delegations (sides) and cooperation areas through the console's forms."""

from __future__ import annotations

import re

import pytest

from liaison.core.models import AuditEntry
from liaison.events.models import CooperationArea, Delegation, Role
from liaison.events.services import add_team_member
from tests.console.conftest import form_data
from tests.factories import (
    CooperationAreaFactory,
    DelegationFactory,
    EventFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SIDES = "/console/chengdu-2021/delegations/"
AREAS = "/console/chengdu-2021/areas/"


def names(response) -> list[str]:
    return re.findall(
        r'<td class="cell-main"><a href="[^"]+">([^<]+)</a>', response.content.decode()
    )


def test_delegations_list_with_people_counts(console, seminar):
    page = console.get(SIDES).content.decode()

    assert names(console.get(SIDES)) == ["Japanese side", "Chinese side"]
    assert re.search(r'data-label="People">3</td>', page)
    assert re.search(r'data-label="People">4</td>', page)


def test_delegation_add_edit_delete(console, seminar, organiser):
    data = form_data(console.get(f"{SIDES}add/"))
    data.update(code="kr", name_0="Korean side", name_1="韩方", country="kr", position="2")

    assert console.post(f"{SIDES}add/", data)["Location"] == SIDES
    korea = Delegation.objects.get(event=seminar, code="kr")
    assert korea.country == "KR" and korea.name.data == {"en": "Korean side", "zh-hans": "韩方"}
    page = console.get(SIDES).content.decode()
    assert "Korean side" in page and "missing: Japanese" in page

    data = form_data(console.get(f"{SIDES}{korea.pk}/"))
    data["name_2"] = "韓国側"
    assert console.post(f"{SIDES}{korea.pk}/", data).status_code == 302
    korea.refresh_from_db()
    assert korea.name.data["ja"] == "韓国側"

    assert console.post(f"{SIDES}{korea.pk}/delete/")["Location"] == SIDES
    assert not Delegation.objects.filter(pk=korea.pk).exists()
    actions = list(
        AuditEntry.objects.filter(event=seminar, action__startswith="delegation.").values_list(
            "action", "actor__username"
        )[:3]
    )
    assert actions == [
        ("delegation.delete", "organiser"),
        ("delegation.update", "organiser"),
        ("delegation.add", "organiser"),
    ]


def test_deleting_a_side_keeps_its_people_without_a_side(console, seminar):
    japan = Delegation.objects.get(event=seminar, code="jp")
    page = console.get(f"{SIDES}{japan.pk}/delete/").content.decode()
    assert "The people on this side keep their roles, without a side." in page

    console.post(f"{SIDES}{japan.pk}/delete/")

    assert Role.objects.filter(event=seminar, delegation__isnull=True).count() == 3


def test_a_taken_side_code_is_refused_on_the_code_field(console, seminar):
    data = form_data(console.get(f"{SIDES}add/"))
    data.update(code="jp", name_0="Japan again")

    page = console.post(f"{SIDES}add/", data).content.decode()

    code = page[page.index('for="id_code"') :]
    assert "Another delegation of this event has the code “jp”." in code[: code.index("</div>")]
    assert 'value="Japan again"' in page
    assert Delegation.objects.filter(event=seminar).count() == 2


def test_a_side_keeps_its_own_code_when_edited(console, seminar):
    japan = Delegation.objects.get(event=seminar, code="jp")
    data = form_data(console.get(f"{SIDES}{japan.pk}/"))
    data["position"] = "5"

    assert console.post(f"{SIDES}{japan.pk}/", data).status_code == 302
    japan.refresh_from_db()
    assert japan.position == 5


def test_area_add_edit_delete(console, seminar):
    data = form_data(console.get(f"{AREAS}add/"))
    data.update(
        slug="robotics", name_0="Robotics", name_1="机器人", name_2="ロボット", position="9"
    )

    assert console.post(f"{AREAS}add/", data)["Location"] == AREAS
    area = CooperationArea.objects.get(event=seminar, slug="robotics")
    assert names(console.get(AREAS))[-1] == "Robotics"

    data = form_data(console.get(f"{AREAS}{area.pk}/"))
    data["description_0"] = "Robots for elderly care."
    assert console.post(f"{AREAS}{area.pk}/", data).status_code == 302
    area.refresh_from_db()
    assert area.description.data == {"en": "Robots for elderly care."}

    console.post(f"{AREAS}{area.pk}/delete/")
    assert not CooperationArea.objects.filter(pk=area.pk).exists()
    assert AuditEntry.objects.filter(event=seminar, action="area.delete").exists()


def test_a_taken_area_code_is_refused_on_the_code_field(console, seminar):
    data = form_data(console.get(f"{AREAS}add/"))
    data.update(slug="area-1", name_0="Again")

    page = console.post(f"{AREAS}add/", data).content.decode()

    code = page[page.index('for="id_slug"') :]
    assert "Another cooperation area of this event has the code “area-1”." in code[:400]


def test_area_code_must_be_a_slug(console, seminar):
    data = form_data(console.get(f"{AREAS}add/"))
    data.update(slug="Green Energy!", name_0="Green")

    page = console.post(f"{AREAS}add/", data).content.decode()

    assert "Enter a valid “slug”" in page


def _event_with(n: int, factory):
    user = UserFactory(username=f"organiser-of-{n}")
    event = EventFactory(slug=f"records-{n}")
    add_team_member(event, user, "organiser")
    for _ in range(n):
        factory(event=event)
    return event, user


@pytest.mark.parametrize("n", [1, 3])
@pytest.mark.parametrize(
    ("page", "factory"), [("delegations", DelegationFactory), ("areas", CooperationAreaFactory)]
)
def test_lists_take_the_same_queries_for_one_or_three(
    client, django_assert_num_queries, n, page, factory
):
    event, user = _event_with(n, factory)
    client.force_login(user)

    # session, user, team roles, event, the list
    with django_assert_num_queries(5):
        response = client.get(f"/console/{event.slug}/{page}/")

    assert len(names(response)) == n
