"""Synthetic national data for load tests and benchmarks (analytics/generate.py).

manage.py generate_national_data --schools 2500 --learners-per-class 10 --seed 1
manage.py generate_national_data --schools 2500 --learners-per-class 10 --seed 1 \
    --classes-per-school 3 --statements-factor 10
manage.py generate_national_data --delete   # remove exactly what it generated

Units get codes starting GEN-, accounts usernames starting gen-. Needs the provinces and wards
(migrations) and the curriculum (`manage.py load_curriculum`).
"""

import time

from django.core.management.base import BaseCommand, CommandError

from analytics.generate import GenerationError, national_data_delete, national_data_generate


class Command(BaseCommand):
    help = (
        "Generate synthetic schools, facilities, classes, learners and a school year of "
        "statements across the 34 provinces (codes GEN-…), or remove them with --delete."
    )

    def add_arguments(self, parser):
        parser.add_argument("--schools", type=int, help="units (schools and facilities)")
        parser.add_argument("--learners-per-class", type=int, help="learners in each class")
        parser.add_argument("--seed", type=int, default=1, help="same seed, same data")
        parser.add_argument("--classes-per-school", type=int, default=2)
        parser.add_argument(
            "--statements-factor",
            type=float,
            default=1.0,
            help="multiply the statements (lessons seen again) without more units",
        )
        parser.add_argument(
            "--delete", action="store_true", help="remove the generated data and nothing else"
        )

    def _progress(self, line: str) -> None:
        self.stdout.write(f"[{time.perf_counter() - self._started:7.1f} s] {line}")

    def handle(self, *args, **options):
        self._started = time.perf_counter()
        try:
            if options["delete"]:
                removed = national_data_delete(progress=self._progress)
                self.stdout.write(
                    f"removed {removed['units']} generated units, {removed['users']} accounts, "
                    f"{removed['statements']} statements "
                    f"in {time.perf_counter() - self._started:.1f} s"
                )
                return
            if options["schools"] is None or options["learners_per_class"] is None:
                raise CommandError("give --schools N and --learners-per-class M (or --delete)")
            report = national_data_generate(
                schools=options["schools"],
                learners_per_class=options["learners_per_class"],
                classes_per_school=options["classes_per_school"],
                seed=options["seed"],
                statements_factor=options["statements_factor"],
                progress=self._progress,
            )
        except GenerationError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"generated {report.summary()}")
        self.stdout.write(f"rollups: {report.rebuild}")
        self.stdout.write(
            "seconds: " + ", ".join(f"{name} {value}" for name, value in report.seconds.items())
        )
