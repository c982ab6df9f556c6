"""The agenda reminder: each delegate with a published meeting gets one e-mail in their
own language, once, by the beat task when due or by ``liaison matchmaking remind``."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command

from liaison.matchmaking import services
from liaison.matchmaking.services import reminders

from .conftest import make_delegate

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def published(event, organiser):
    a, b = make_delegate(event, 1, "jp"), make_delegate(event, 2, "cn")
    c = make_delegate(event, 3, "cn")  # no meeting: no reminder
    services.generate_slots(event)
    services.set_tables(event, 1)
    request, _created = services.request_meeting(a, b)
    services.accept(request)
    run = services.start_run(event, actor=organiser)
    run.refresh_from_db()
    services.publish_run(run, notify=False)
    mail.outbox.clear()
    return a, b, c


def test_remind_command_sends_once_in_each_language(event, published, capsys):
    a, b, c = published
    call_command("matchmaking", "remind", event.slug)
    assert "2 reminders sent" in capsys.readouterr().out
    by_to = {m.to[0]: m for m in mail.outbox}
    assert set(by_to) == {a.email, b.email}
    ja, zh = by_to[a.email], by_to[b.email]
    assert "リマインダー" in ja.subject and ("王 伟2" in ja.body or "王伟2" in ja.body)
    assert "会议" in zh.subject and ("山田 太郎1" in zh.body or "山田太郎1" in zh.body)
    assert "/ja/chengdu-b2b/matchmaking/agenda/" in ja.body
    assert "/zh-hans/chengdu-b2b/matchmaking/agenda/" in zh.body
    # once: a second call refuses, and the beat task finds nothing due
    with pytest.raises(SystemExit) as exit_:
        call_command("matchmaking", "remind", event.slug)
    assert exit_.value.code == 1
    assert reminders.send_due_reminders(now=reminders.first_meeting_at(event)) == 0
    assert len(mail.outbox) == 2


def test_beat_sends_when_due_and_only_then(event, published):
    first = reminders.first_meeting_at(event)
    ahead = timedelta(minutes=services.settings_for(event).reminder_minutes)
    assert reminders.send_due_reminders(now=first - ahead - timedelta(minutes=1)) == 0
    assert reminders.send_due_reminders(now=first - ahead + timedelta(minutes=1)) == 2
    assert reminders.send_due_reminders(now=first - timedelta(minutes=5)) == 0
    assert len(mail.outbox) == 2


def test_remind_without_a_schedule_says_so(event, capsys):
    with pytest.raises(SystemExit):
        call_command("matchmaking", "remind", event.slug)
    assert "no published meeting" in capsys.readouterr().err
