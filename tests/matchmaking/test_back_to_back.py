"""A delegate who asks for fewer meetings back to back: the profile's limit reaches the
scheduler (``max_consecutive``), the published agenda keeps it, and a meeting it rules out
is explained in the organiser's language."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from liaison.matchmaking import instance, selectors, services
from liaison.matchmaking.models import Meeting, MeetingSlot

from .conftest import make_delegate, user_of

pytestmark = pytest.mark.django_db


def participant(built: dict, reg) -> dict:
    return next(p for p in built["participants"] if p["id"] == instance.participant_id(reg.pk))


def test_the_limit_is_validated_and_reaches_the_instance(event):
    a = make_delegate(event, 1, "jp")
    b = make_delegate(event, 2, "cn")
    for bad in ("0", "21", "two"):
        with pytest.raises(ValidationError) as caught:
            services.save_profile(a, max_back_to_back=bad)
        assert set(caught.value.message_dict) == {"max_back_to_back"}
    services.save_profile(a, max_back_to_back="2")
    services.save_profile(a, pitch={"en": "Care robots"})  # other changes keep it
    request, _created = services.request_meeting(a, b)
    services.accept(request)

    built = instance.build(event)
    assert participant(built, a)["max_consecutive"] == 2
    assert "max_consecutive" not in participant(built, b)

    services.save_profile(a, max_back_to_back="")
    assert "max_consecutive" not in participant(instance.build(event), a)


def test_a_scheduled_delegate_never_has_more_meetings_in_a_row_than_asked(
    event, organiser, django_capture_on_commit_callbacks
):
    busy = make_delegate(event, 1, "jp")
    others = [make_delegate(event, n, "cn") for n in range(2, 6)]
    services.save_profile(busy, max_back_to_back=1)
    services.generate_slots(event, minutes=30)  # 4 slots one after the other
    assert MeetingSlot.objects.filter(event=event).count() == 4
    services.set_tables(event, 4)
    for other in others:
        request, _created = services.request_meeting(busy, other)
        services.accept(request)

    with django_capture_on_commit_callbacks(execute=True):  # the task, inline
        run = services.start_run(event, actor=organiser)
    run.refresh_from_db()
    assert run.status == "done"
    slots = list(MeetingSlot.objects.filter(event=event).order_by("starts_at"))
    held = {m.slot_id for m in Meeting.objects.filter(run=run)}
    order = [s.pk in held for s in slots]
    assert not any(x and y for x, y in zip(order, order[1:])), order  # never two in a row
    assert sum(order) == 2  # slots 1 and 3, or 2 and 4, or 1 and 4
    assert len(run.unscheduled) == 2
    for u in run.unscheduled:
        assert u["code"] == "max_consecutive_reached"
        said = selectors.scheduler_reason(event, u, ["山田", "王"], "ja")
        assert "連続商談数の上限" in said
        assert "limit on meetings in a row" in selectors.scheduler_reason(event, u, [], "en")


def test_the_profile_page_sets_the_limit(event, client):
    a = make_delegate(event, 1, "jp")
    client.force_login(user_of(a))
    url = f"/ja/{event.slug}/matchmaking/profile/"
    page = client.get(url).content.decode()
    assert 'name="max_back_to_back"' in page and "連続して入れてよい商談の最大数" in page
    response = client.post(url, {"form": "profile", "languages": ["ja"], "max_back_to_back": "3"})
    assert response.status_code == 302
    a.profile.refresh_from_db()
    assert a.profile.max_back_to_back == 3
    page = client.post(
        url, {"form": "profile", "languages": ["ja"], "max_back_to_back": "0"}
    ).content.decode()
    assert "1から20" in page
    a.profile.refresh_from_db()
    assert a.profile.max_back_to_back == 3
