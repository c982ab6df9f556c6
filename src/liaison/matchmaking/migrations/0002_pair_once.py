"""One live request per unordered pair of delegates (A->B and B->A are the same pair).

Before the index is built, a pair that already holds two live requests keeps the oldest
(accepted before pending); the other is cancelled.
"""

import django.db.models.functions.comparison
from django.db import migrations, models


def cancel_second_requests(apps, schema_editor):
    MeetingRequest = apps.get_model("matchmaking", "MeetingRequest")
    seen = set()
    live = MeetingRequest.objects.filter(status__in=["pending", "accepted"]).order_by(
        "status", "created_at", "id"  # "accepted" sorts before "pending"
    )
    for request in live:
        pair = frozenset((request.requester_id, request.recipient_id))
        if pair in seen:
            MeetingRequest.objects.filter(pk=request.pk).update(status="cancelled")
        seen.add(pair)


class Migration(migrations.Migration):
    dependencies = [
        ("matchmaking", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(cancel_second_requests, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name="meetingrequest",
            name="meeting_request_once",
        ),
        migrations.AddConstraint(
            model_name="meetingrequest",
            constraint=models.UniqueConstraint(
                django.db.models.functions.comparison.Least("requester", "recipient"),
                django.db.models.functions.comparison.Greatest("requester", "recipient"),
                condition=models.Q(("status__in", ["pending", "accepted"])),
                name="meeting_request_pair_once",
            ),
        ),
    ]
