from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from content.schema import CURRICULUM_DIR, ILLUSTRATIONS_DIR, CurriculumError, read_curriculum
from curriculum.services import curriculum_load


class Command(BaseCommand):
    help = (
        "Load the curriculum files (content/curriculum/) into Wagtail. Idempotent; all or "
        "nothing: a file with an error stops it, naming the file and the field."
    )

    def add_arguments(self, parser):
        parser.add_argument("--path", type=Path, default=CURRICULUM_DIR, help="curriculum folder")
        parser.add_argument("--illustrations", type=Path, default=ILLUSTRATIONS_DIR)
        parser.add_argument(
            "--force",
            action="store_true",
            help="compare every page with its file, even files unchanged since the last load",
        )

    def handle(
        self, *args, path: Path, illustrations: Path, force: bool, verbosity: int, **options
    ):
        try:
            curriculum = read_curriculum(path, illustrations)
            report = curriculum_load(
                curriculum=curriculum, illustrations_dir=illustrations, force=force
            )
        except CurriculumError as exc:
            raise CommandError(f"curriculum not loaded, nothing changed: {exc}") from exc
        self.stdout.write(f"curriculum: {report.summary()}")
        if verbosity > 1:
            for label in report.created:
                self.stdout.write(f"  created {label}")
            for label in report.updated:
                self.stdout.write(f"  updated {label}")
