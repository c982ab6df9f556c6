"""E-mails of registration, sent once the transaction that caused them has committed.

Each e-mail is recorded in the outbox in the service's transaction (``liaison.core.outbox``):
without ``CELERY_BROKER_URL`` it is sent inline once that commits; with a broker a worker
sends it, and if the broker is down when the registration commits, beat sends it when the
broker is back. The services call ``notify``/``notify_invitation``; nothing here writes
domain data. Beat also purges the import previews left unconfirmed (``previews``).
"""

from __future__ import annotations

from celery import shared_task

from liaison.core import outbox

from . import previews


def notify(registration, kind: str, *, sign_in_token: str | None = None) -> None:
    outbox.enqueue(send_registration_email.name, registration.pk, kind, sign_in_token)


def notify_invitation(invitation, token: str) -> None:
    outbox.enqueue(send_invitation_email.name, invitation.pk, token)


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


@shared_task(name="registration.purge_import_previews", ignore_result=True)
def purge_import_previews() -> int:
    """Remove the import previews nobody confirmed or cancelled (older than a day)."""
    return previews.purge()
