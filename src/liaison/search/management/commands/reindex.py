"""`liaison reindex`: rewrite every search document from the records."""

from django.core.management.base import BaseCommand
from django.db import transaction

from liaison.search import index


class Command(BaseCommand):
    help = (
        "Rebuild the search documents of every event, organisation and person (after a "
        "change of what documents hold, or a bulk import that bypassed the services)."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            counts = index.rebuild()
        self.stdout.write(
            "Reindexed {event} event(s), {organisation} organisation(s) and {person} "
            "people.".format(**counts)
        )
