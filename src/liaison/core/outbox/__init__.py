"""The outbox: background work that is never lost.

``enqueue("registration.send_registration_email", pk, kind)`` writes a row in the caller's
transaction. Once that transaction commits, the row is handed to the broker as one small
Celery task (``core.outbox_execute``) that runs the named task in a worker; without a
broker (``CELERY_BROKER_URL`` unset) it runs at once, in the same process.

What survives what:

- the broker (Redis) is down when the write commits: the hand-over fails, the web request
  still answers (the row is in the database), and beat's ``core.outbox_flush`` (every 15 s)
  runs the row once the worker reaches its broker again;
- the broker loses its queue (a restart without persistence) or the worker running a row
  dies: the row stays claimed for ``LEASE``, then the flush runs it again;
- the task fails (the mail server refuses): the row is tried again later, backing off, up to
  ``MAX_ATTEMPTS`` times, its last error kept.

A row is run at least once and, while its claim holds, by one process at a time: a row
already done is skipped, so a hand-over that is delivered after the flush ran the row does
nothing. Work that must not repeat (a scheduling run) checks its own state as well. Once
done, a row's arguments are blanked (they can hold a sign-in token) and done rows are
deleted after ``KEEP_DONE``.
"""

from .services import enqueue, execute, flush  # noqa: F401
