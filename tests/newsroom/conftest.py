import pytest
from django.utils import translation

from liaison.newsroom import services
from liaison.newsroom.models import NewsroomMember
from tests.e2e.conftest import browser  # noqa: F401 - the shared chromium fixture
from tests.factories import UserFactory, three
from tests.site.seminar import build_seminar


@pytest.fixture(autouse=True)
def english():
    """Service messages in English unless a test asks otherwise (a request to /ja/ leaves
    its language active in the thread)."""
    with translation.override("en"):
        yield


@pytest.fixture
def seminar(db):
    return build_seminar()


@pytest.fixture
def newsroom(seminar):
    return services.create_newsroom(
        slug="intl-cooperation",
        name=three("Department of International Cooperation", "国际合作司", "国際協力司"),
        organisation=seminar.supporters.get(),
        allowed_domains=["ndrc.gov.cn"],
    )


def member(newsroom, role: str, username: str):
    user = UserFactory(username=username)
    services.add_newsroom_member(newsroom, user, role)
    return user


@pytest.fixture
def writer(newsroom):
    return member(newsroom, NewsroomMember.Role.WRITER, "writer")


@pytest.fixture
def editor(newsroom):
    return member(newsroom, NewsroomMember.Role.EDITOR, "editor")


@pytest.fixture
def publisher(newsroom):
    return member(newsroom, NewsroomMember.Role.PUBLISHER, "publisher")


@pytest.fixture
def release(seminar, newsroom, writer):
    return services.draft_release(seminar, actor=writer, newsroom=newsroom)


def latest(release):
    return release.revisions.order_by("-number").first()
