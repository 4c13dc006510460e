"""Demo accounts and data for `make run` (README lists the logins). Idempotent.

Refuses to run unless DEBUG is on (or --i-know-this-is-not-production): demo accounts have
passwords printed in the README and must never exist on a real server.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from analytics.rollups import rollups_drain
from lms.demo import demo_load


class Command(BaseCommand):
    help = "Create the demo accounts and data (development only)."

    def add_arguments(self, parser):
        parser.add_argument("--i-know-this-is-not-production", action="store_true", dest="force")

    def handle(self, *args, force: bool, **options):
        if not (settings.DEBUG or settings.TESTING or force):
            raise CommandError(
                "load_demo creates accounts with published passwords; run it only with DEBUG=1."
            )
        report = demo_load()
        # The demo's class history queued its classes' recounts; apply them now, so the
        # dashboards show the demo province's coverage before the worker has started.
        rollups_drain()
        self.stdout.write(f"demo: {report}")
