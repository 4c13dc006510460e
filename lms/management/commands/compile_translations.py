from django.core.management.base import BaseCommand, CommandError

from lms.i18n_build import compile_catalogues


class Command(BaseCommand):
    help = "Compile the project's translation files (.po → .mo) without GNU gettext."

    def handle(self, *args, verbosity: int, **options):
        try:
            compiled = compile_catalogues()
        except (OSError, ValueError) as exc:
            raise CommandError(f"translations not compiled: {exc}") from exc
        if verbosity > 1 or compiled:
            self.stdout.write(f"compiled {compiled} translation file(s)")
