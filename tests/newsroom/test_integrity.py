"""Published revisions are sealed; content changed behind the workflow's back (a direct
database write, as happened to the seed's page) is caught, never served, and reported."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import call_command

from liaison.newsroom import services
from liaison.newsroom.models import IntegrityAlert, Revision

SPAM = '<p>Vice-Chairman of <a href="https://yabo.example.com/">yabo网站登陆</a> (yabo)</p>'


@pytest.fixture
def published(release, publisher):
    body = {"en": "<p>First published text.</p>"}
    services.save_revision(
        release, title=None, summary=None, body=body, author=publisher, based_on=1
    )
    services.publish(release, actor=publisher)
    return release


def _verify():
    with pytest.raises(SystemExit) as exit_info:
        call_command("newsroom", "verify")
    return exit_info.value.code


def test_verify_counts_the_sealed_revisions(published, capsys):
    call_command("newsroom", "verify")
    assert capsys.readouterr().out.strip() == "1 verified"


def test_direct_database_edit_is_caught_and_never_served(
    published, publisher, client, capsys, django_capture_on_commit_callbacks
):
    services.save_revision(
        published,
        title={"en": "Second version"},
        summary=None,
        body={"en": "<p>Second published text.</p>"},
        author=publisher,
        based_on=2,
    )
    services.publish(published, actor=publisher)
    assert "Second published text." in client.get("/en/news/chengdu-2021/").content.decode()
    # The attack: a direct write into the newest published revision.
    newest = Revision.objects.get(release=published, number=3)
    Revision.objects.filter(pk=newest.pk).update(body={**newest.body, "en": SPAM})

    with django_capture_on_commit_callbacks(execute=True):
        assert _verify() == 1
    out = capsys.readouterr().out
    assert "FAILED chengdu-2021: revision(s) 3 no longer match their seal" in out

    page = client.get("/en/news/chengdu-2021/").content.decode()
    assert "yabo" not in page and "Second published text." not in page
    assert "First published text." in page  # the last revision that verifies
    for path in ("/en/news/", "/en/news/feed.atom", "/api/v1/releases/"):
        assert "yabo" not in client.get(path).content.decode()
    alert = IntegrityAlert.objects.get()
    assert alert.revision == newest and alert.resolved_at is None
    assert len(mail.outbox) == 1 and "publisher@example.org" in mail.outbox[0].to
    assert "fails its seal" in mail.outbox[0].subject


def test_only_revision_altered_gives_temporarily_unavailable(published, client, caplog):
    revision = Revision.objects.exclude(seal="").get(release=published)
    Revision.objects.filter(pk=revision.pk).update(title={"en": "Casino bonus"})
    response = client.get("/en/news/chengdu-2021/")
    assert response.status_code == 503
    page = response.content.decode()
    assert "temporarily unavailable" in page and "Casino" not in page
    assert "Seal mismatch" in caplog.text
    assert "Casino" not in client.get("/en/news/").content.decode()


def test_seal_key_is_needed_to_forge(published, settings):
    settings.NEWSROOM_SEAL_KEY = "another-key"
    assert _verify() == 1
