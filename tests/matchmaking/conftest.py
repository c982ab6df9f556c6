from datetime import UTC, datetime

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from liaison.core.services import create_token
from liaison.events.services import add_team_member
from liaison.registration import services as registration_services
from tests.factories import (
    AgendaItemFactory,
    CooperationAreaFactory,
    DelegationFactory,
    EventFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _fast(settings):
    cache.clear()
    settings.MATCHMAKING_TIME_LIMIT = 4
    settings.MATCHMAKING_REPAIR_TIME_LIMIT = 3
    settings.MATCHMAKING_RAISE = True


def make_event(slug: str = "chengdu-b2b"):
    event = EventFactory(
        slug=slug,
        registration_open=True,
        status="open",
        timezone="Asia/Shanghai",
        starts_at=datetime(2031, 7, 15, 0, 0, tzinfo=UTC),
        ends_at=datetime(2031, 7, 15, 10, 0, tzinfo=UTC),
    )
    DelegationFactory(event=event, code="jp", name={"en": "Japan", "ja": "日本"})
    DelegationFactory(event=event, code="cn", name={"en": "China", "zh-hans": "中国"})
    CooperationAreaFactory(
        event=event,
        slug="elderly-care",
        name={"en": "Elderly care", "zh-hans": "养老", "ja": "介護"},
    )
    CooperationAreaFactory(
        event=event,
        slug="digital-economy",
        name={"en": "Digital economy", "zh-hans": "数字经济", "ja": "デジタル経済"},
    )
    AgendaItemFactory(
        event=event,
        kind="matchmaking",
        title={"en": "B2B meetings"},
        starts_at=datetime(2031, 7, 15, 6, 0, tzinfo=UTC),
        ends_at=datetime(2031, 7, 15, 8, 0, tzinfo=UTC),
    )
    return event


@pytest.fixture
def event(db):
    return make_event()


@pytest.fixture
def organiser(event):
    user = UserFactory(username="organiser")
    add_team_member(event, user, "organiser")
    return user


def make_delegate(
    event, n: int, side: str, *, mode="onsite", areas=("elderly-care",), consent=True
):
    language = "ja" if side == "jp" else "zh-hans"
    reg = registration_services.register(
        event,
        registration_services.Applicant(
            email=f"{side}{n}@example.org",
            family_name="山田" if side == "jp" else "王",
            given_name=f"太郎{n}" if side == "jp" else f"伟{n}",
            family_name_latin="Yamada" if side == "jp" else "Wang",
            given_name_latin=f"Taro{n}" if side == "jp" else f"Wei{n}",
            organisation=f"{side.upper()} Company {n}",
            delegation=side,
            mode=mode,
            language=language,
            areas=tuple(areas),
            consent_contact=consent,
        ),
        notify=False,
    )
    assert reg.status == "approved", reg.status
    reg.refresh_from_db()
    return reg


def client_for(user=None, language=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {create_token(user).key}")
    if language:
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    return client


def user_of(registration):
    registration.person.refresh_from_db()
    return registration.person.user
