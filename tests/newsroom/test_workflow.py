"""The editorial workflow: who may do what, flags confirmed one by one, two editors saving
at once, scheduled publication, images checked by content, the commands and the API."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from liaison.core.errors import Conflict
from liaison.events import services as event_services
from liaison.newsroom import services
from liaison.newsroom.models import Release, SpamFlag
from tests.factories import UserFactory
from tests.newsroom.conftest import latest

S = Release.State


def test_states_and_roles(release, writer, editor, publisher):
    with pytest.raises(PermissionDenied):
        services.approve(release, actor=writer)
    with pytest.raises(PermissionDenied, match="publisher"):
        services.publish(release, actor=editor)
    services.submit(release, actor=writer)
    services.approve(release, actor=editor)
    with pytest.raises(PermissionDenied):
        services.withdraw(release, actor=editor)
    services.publish(release, actor=publisher)
    release.refresh_from_db()
    assert release.state == S.PUBLISHED and release.published_at
    services.withdraw(release, actor=publisher)
    release.refresh_from_db()
    assert release.state == S.WITHDRAWN
    with pytest.raises(Conflict):
        services.approve(release, actor=editor)


def test_outsider_and_event_team_roles(release, seminar):
    outsider = UserFactory(username="outsider")
    with pytest.raises(PermissionDenied):
        services.save_revision(
            release, title={"en": "x"}, summary=None, body=None, author=outsider, based_on=1
        )
    team_publisher = UserFactory(username="team-publisher")
    event_services.add_team_member(seminar, team_publisher, "publisher")
    services.publish(release, actor=team_publisher)
    superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
    services.withdraw(release, actor=superuser)


def test_open_flags_need_confirming_each(release, publisher):
    services.save_revision(
        release,
        title=None,
        summary=None,
        body={"en": "<p>Visit our online casino and bet365 today.</p>"},
        author=publisher,
        based_on=1,
    )
    flags = list(latest(release).flags.filter(kind="gambling"))
    assert len(flags) == 2
    with pytest.raises(ValidationError, match="Confirm each flag"):
        services.publish(release, actor=publisher, confirm=[flags[0].pk])
    # nothing half-way: the one confirmation was rolled back with the refusal
    assert SpamFlag.objects.filter(confirmed_at__isnull=False).count() == 0
    release.refresh_from_db()
    assert release.state == S.DRAFT
    services.publish(release, actor=publisher, confirm=[f.pk for f in flags])
    assert SpamFlag.objects.filter(confirmed_by=publisher).count() == 2


@pytest.mark.parametrize(
    ("language", "text", "kind"),
    [
        ("zh-hans", "<p>国家发展和改革委员会网站登陆</p>", "gambling"),
        ("ja", "<p>オンラインカジノ</p>", "gambling"),
        ("en", "<p>Vice-Chairman of yabo网站登陆 (yabo)</p>", "script"),
        ("en", "<p>zero\u200bwidth</p>", "hidden"),
        ("zh-hans", "<p>한국어</p>", "script"),
    ],
)
def test_spam_screen(release, writer, language, text, kind):
    services.save_revision(
        release, title=None, summary=None, body={language: text}, author=writer, based_on=1
    )
    assert latest(release).flags.filter(kind=kind, language=language).exists()


def test_two_editors_saving_at_once(release, editor, writer, client):
    services.save_revision(
        release, title={"en": "Editor's title"}, summary=None, body=None, author=editor, based_on=1
    )
    with pytest.raises(Conflict, match="Revision 2 was saved by editor"):
        services.save_revision(
            release, title={"en": "Writer's title"}, summary=None, body=None, author=writer,
            based_on=1,
        )  # fmt: skip
    assert latest(release).title["en"] == "Editor's title"
    # In the console, the second writer's text comes back with the message.
    client.force_login(writer)
    response = client.post(
        "/console/news/chengdu-2021/",
        {"based_on": "1", "title-en": "Writer's second try", "body-en": "<p>Mine</p>"},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Revision 2 was saved by editor" in page
    assert 'value="Writer&#x27;s second try"' in page and "&lt;p&gt;Mine&lt;/p&gt;" in page
    assert release.revisions.count() == 2


def test_title_required_in_the_default_language(release, writer):
    with pytest.raises(ValidationError, match="needs a title"):
        services.save_revision(
            release, title={"en": "  "}, summary=None, body=None, author=writer, based_on=1
        )


def test_scheduled_publication(release, editor, publisher, capsys):
    services.submit(release, actor=editor)
    services.approve(release, actor=editor)
    services.schedule(release, actor=publisher, when=timezone.now() + timedelta(hours=1))
    call_command("newsroom", "publish-due")
    release.refresh_from_db()
    assert release.state == S.APPROVED
    Release.objects.filter(pk=release.pk).update(publish_at=timezone.now() - timedelta(minutes=1))
    from liaison.newsroom.tasks import publish_due

    assert publish_due.delay().get() == [("chengdu-2021", "published")]
    release.refresh_from_db()
    assert release.state == S.PUBLISHED


def _png(size=(40, 30)) -> io.BytesIO:
    out = io.BytesIO()
    Image.new("RGB", size, (20, 60, 120)).save(out, "PNG")
    out.seek(0)
    out.name = "photo.png"
    return out


def test_images_checked_by_content(release, writer, client, publisher, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fake = io.BytesIO(b"<script>alert(1)</script>")
    fake.name = "photo.png"
    with pytest.raises(ValidationError, match="not an image"):
        services.add_image(release, fake, caption={}, alt={"en": "x"}, actor=writer, based_on=1)
    with pytest.raises(ValidationError, match="alternative text"):
        services.add_image(release, _png(), caption={}, alt={}, actor=writer, based_on=1)
    with pytest.raises(ValidationError, match="larger than"):
        services.add_image(
            release, _png((7000, 10)), caption={}, alt={"en": "x"}, actor=writer, based_on=1
        )
    image = services.add_image(
        release,
        _png(),
        caption={"en": "The seminar hall"},
        alt={"en": "Delegates seated in the hall"},
        actor=writer,
        based_on=1,
    )
    services.publish(release, actor=publisher)
    page = client.get("/en/news/chengdu-2021/").content.decode()
    assert 'alt="Delegates seated in the hall"' in page and "The seminar hall" in page
    assert 'property="og:image"' in page
    response = client.get(f"/en/news/chengdu-2021/images/{image.pk}/")
    assert response.status_code == 200
    # a file swapped on disk is not served
    (tmp_path / image.file.name).write_bytes(b"tampered")
    assert client.get(f"/en/news/chengdu-2021/images/{image.pk}/").status_code == 404


def test_commands(seminar, newsroom, publisher, writer, capsys):
    call_command("newsroom", "draft", seminar.slug)
    slug = capsys.readouterr().out.strip()
    assert Release.objects.filter(slug=slug).exists()
    with pytest.raises(SystemExit) as exit_info:
        call_command("newsroom", "publish", slug, "--user", writer.username)
    assert exit_info.value.code == 2
    assert "not a publisher" in capsys.readouterr().err
    call_command("newsroom", "publish", slug, "--user", publisher.username)
    assert Release.objects.get(slug=slug).state == S.PUBLISHED


def test_history_diff(release, editor, client):
    services.save_revision(
        release, title={"en": "A new title"}, summary=None, body=None, author=editor, based_on=1
    )
    client.force_login(editor)
    page = client.get("/console/news/chengdu-2021/history/?a=1&b=2").content.decode()
    assert "Changes from revision 1 to 2" in page
    assert '<span class="add">+A new title</span>' in page
