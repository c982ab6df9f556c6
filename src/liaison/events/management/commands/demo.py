"""`liaison demo`: load the demo seminar into an empty database."""

from django.core.management.base import BaseCommand

from liaison.events.demo import load_demo


class Command(BaseCommand):
    help = (
        "Load the demo seminar (Chengdu, 15 July 2021) with 200 synthetic delegates. "
        "Does nothing when the database already holds an event."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--seed", type=int, default=2021, help="Seed for the synthetic delegates."
        )

    def handle(self, *args, seed, **options):
        load_demo(seed=seed, stdout=self.stdout)
