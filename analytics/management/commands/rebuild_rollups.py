"""Recompute every rollup from the statement store, enrolments and assignments.

manage.py rebuild_rollups           # replace the rollups with the recomputed ones
manage.py rebuild_rollups --check   # compare only; exit 1 and list differences if any
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from analytics.rebuild import rollups_rebuild, rollups_snapshot, snapshot_diff
from analytics.rollups import rollups_pending


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Recompute the learning-record rollups from the statements (docs/coverage.md)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Compare the rollups with a rebuild without changing anything.",
        )

    def handle(self, *args, check: bool, **options):
        if not check:
            report = rollups_rebuild()
            self.stdout.write(f"rebuilt: {report.summary()}")
            return
        pending = rollups_pending()
        if pending:
            # Queued recounts are changes the worker has not applied yet: they show as
            # differences below until it has.
            self.stdout.write(f"{pending} class recount(s) wait for the worker (db_worker)")
        differences: list[str] = []
        try:
            with transaction.atomic():
                before = rollups_snapshot()
                rollups_rebuild()
                differences = snapshot_diff(before, rollups_snapshot())
                raise _Rollback
        except _Rollback:
            pass
        if differences:
            for line in differences:
                self.stdout.write(line)
            raise CommandError(
                f"{len(differences)} difference(s) between the rollups and a rebuild"
            )
        self.stdout.write("the rollups match a rebuild")
