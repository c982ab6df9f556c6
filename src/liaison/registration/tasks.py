"""E-mails of registration, sent once the transaction that caused them has committed.

Without ``CELERY_BROKER_URL`` Celery runs the task inline (``CELERY_TASK_ALWAYS_EAGER``);
with a broker it is queued. The services call ``notify``/``notify_invitation``; nothing
here writes domain data.
"""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.db import transaction


def _run(task, *args) -> None:
    """Inline without a broker (no connection attempted), queued with one."""
    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", True):
        task(*args)
    else:
        task.delay(*args)


def notify(registration, kind: str, *, sign_in_token: str | None = None) -> None:
    pk = registration.pk
    transaction.on_commit(lambda: _run(send_registration_email, pk, kind, sign_in_token))


def notify_invitation(invitation, token: str) -> None:
    pk = invitation.pk
    transaction.on_commit(lambda: _run(send_invitation_email, pk, token))


@shared_task(name="registration.send_registration_email", ignore_result=True)
def send_registration_email(registration_id: int, kind: str, sign_in_token: str | None = None):
    from .emails import registration_message
    from .models import Registration

    registration = (
        Registration.objects.select_related("event", "person", "delegation", "organisation")
        .filter(pk=registration_id)
        .first()
    )
    if registration is not None:
        registration_message(registration, kind, sign_in_token).send()


@shared_task(name="registration.send_invitation_email", ignore_result=True)
def send_invitation_email(invitation_id: int, token: str):
    from .emails import invitation_message
    from .models import Invitation

    invitation = Invitation.objects.select_related("event").filter(pk=invitation_id).first()
    if invitation is not None:
        invitation_message(invitation, token).send()
