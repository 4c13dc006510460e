"""manage.py import_schools FILE.csv|FILE.xlsx [--dry-run]

Imports the registry of schools and child-care facilities (columns: lms/schools/registry.py
and the README). All or nothing: when any row is wrong, nothing is saved and every problem
is listed with its row number.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from lms.schools.registry import RegistryError, registry_import, registry_parse
from lms.schools.tabular import TableError

MAX_ERRORS_SHOWN = 200


class Command(BaseCommand):
    help = "Import schools and child-care facilities from a CSV or XLSX file (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV or XLSX file; columns are listed in the README")
        parser.add_argument(
            "--dry-run", action="store_true", help="check the file and report, save nothing"
        )

    def handle(self, *args, file: str, dry_run: bool, **options):
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": file, "error": exc.strerror}
            ) from exc
        try:
            rows = registry_parse(data=data, filename=path.name)
        except TableError as exc:
            raise CommandError(str(exc)) from exc
        except RegistryError as exc:
            lines = [
                (_("Row %(row)s: %(message)s") % {"row": row, "message": message})
                if row
                else message
                for row, message in exc.errors[:MAX_ERRORS_SHOWN]
            ]
            if len(exc.errors) > MAX_ERRORS_SHOWN:
                lines.append(
                    _("… and %(n)s more problems.") % {"n": len(exc.errors) - MAX_ERRORS_SHOWN}
                )
            raise CommandError(
                _("Nothing was imported; fix these rows and run the command again:")
                + "\n"
                + "\n".join(lines)
            ) from exc
        if dry_run:
            self.stdout.write(
                _("The file is valid: %(n)s schools. Nothing was saved (--dry-run).")
                % {"n": len(rows)}
            )
            return
        result = registry_import(rows=rows)
        self.stdout.write(
            self.style.SUCCESS(
                _("Imported: %(created)s new, %(updated)s updated, %(unchanged)s unchanged.")
                % {
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                }
            )
        )
