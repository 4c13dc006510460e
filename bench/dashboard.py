"""Server time of the national and province dashboards and the province yearly report (XLSX)
on generated national data, and how it changes when the statements grow tenfold.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/dashboard.py \
        [--schools 2000] [--learners-per-class 5] [--classes-per-school 2] [--requests 20] \
        [--factor 10] [--seed 1]
    make bench BENCH_ARGS="--schools 2000 --learners-per-class 5"

Builds its own throw-away database (test_<name> on PostgreSQL), loads the real curriculum,
runs ``generate_national_data`` (analytics/generate.py), then measures through Django's test
client, signed in as a national official and as a province official (the province with the
most units):

- national dashboard ``/dashboard/``, province dashboard ``/dashboard/<code>/``, province
  yearly report ``/dashboard/<code>/report.xlsx``;
- cold: the dashboard cache dropped (``dashboard_cache_invalidate``) before every request;
  warm: the cache filled once, then every request served from it.

Then it removes the generated data (``--delete``), generates it again with the same seed and
``--factor`` times the statements (lessons seen again: the same units, learners and figures),
and measures again. Dashboards read rollups only, so the ratio should stay near 1.

Prints a table and one JSON line with every figure. PostgreSQL only: on SQLite it refuses
unless ``--allow-sqlite`` (figures then say little about production).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")
os.environ.setdefault("TESTING", "1")  # a development key, local caches; DEBUG stays off
warnings.filterwarnings("ignore", message="No directory at")  # staticfiles/ not collected


def officials(province_code: str):
    from lms.accounts.models import User
    from lms.schools.models import Province

    national, _ = User.objects.get_or_create(
        username="bench-national", defaults={"role": User.Role.NATIONAL_OFFICIAL}
    )
    provincial, _ = User.objects.get_or_create(
        username="bench-province",
        defaults={
            "role": User.Role.PROVINCE_OFFICIAL,
            "province": Province.objects.get(code=province_code),
        },
    )
    return national, provincial


def busiest_province() -> str:
    from django.db.models import Count

    from analytics.generate import generated_units

    row = (
        generated_units()
        .values("province__code")
        .annotate(n=Count("id"))
        .order_by("-n", "province__code")
        .first()
    )
    return row["province__code"]


def counts() -> dict:
    from analytics.generate import USER_PREFIX, generated_units
    from analytics.xapi.models import Statement
    from lms.accounts.models import User
    from lms.schools.models import Classroom

    units = generated_units()
    return {
        "units": units.count(),
        "classes": Classroom.objects.filter(school__in=units).count(),
        "learners": User.objects.filter(
            role=User.Role.LEARNER, username__startswith=USER_PREFIX
        ).count(),
        "statements": Statement.objects.count(),
    }


def measure(client, url: str, requests: int, *, cold: bool) -> dict:
    from analytics.dashboard.cache import dashboard_cache_invalidate

    client.get(url)  # session, site root, and (for warm) the dashboard cache
    times = []
    for _ in range(requests):
        if cold:
            dashboard_cache_invalidate()
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    times.sort()
    p95 = times[max(0, int(round(len(times) * 0.95)) - 1)]
    return {"p50_ms": round(statistics.median(times), 1), "p95_ms": round(p95, 1)}


def measure_pages(pages, requests: int) -> dict:
    results = {}
    for label, client, url in pages:
        for mode in ("cold", "warm"):
            results[f"{label}_{mode}"] = measure(client, url, requests, cold=mode == "cold")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=2000)
    parser.add_argument("--learners-per-class", type=int, default=5)
    parser.add_argument("--classes-per-school", type=int, default=2)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--factor", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--allow-sqlite", action="store_true")
    args = parser.parse_args()

    import django
    from django.conf import settings

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from analytics.generate import national_data_delete, national_data_generate

    if connection.vendor != "postgresql":
        if not args.allow_sqlite:
            sys.exit(
                "bench/dashboard.py measures PostgreSQL: set DATABASE_URL=postgres://... "
                "(or pass --allow-sqlite for figures that say little about production)"
            )
        print("warning: SQLite; these figures say little about production", file=sys.stderr)
        folder = tempfile.mkdtemp(prefix="bench-dashboard-")
        connection.settings_dict["TEST"]["NAME"] = str(Path(folder) / "bench.sqlite3")

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    started = time.perf_counter()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        call_command("load_curriculum", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
        setup_seconds = time.perf_counter() - started

        def log(line: str) -> None:
            print(f"  {line}", flush=True)

        print(
            f"{connection.vendor}: generating {args.schools} units × {args.classes_per_school} "
            f"classes × {args.learners_per_class} learners (seed {args.seed})",
            flush=True,
        )
        generation = national_data_generate(
            schools=args.schools,
            learners_per_class=args.learners_per_class,
            classes_per_school=args.classes_per_school,
            seed=args.seed,
            progress=log,
        )
        base_counts = counts()
        code = busiest_province()
        national, provincial = officials(code)
        national_client, province_client = Client(), Client()
        national_client.force_login(national)
        province_client.force_login(provincial)
        pages = [
            ("national", national_client, "/dashboard/"),
            ("province", province_client, f"/dashboard/{code}/"),
            ("province_xlsx", province_client, f"/dashboard/{code}/report.xlsx"),
        ]
        base = measure_pages(pages, args.requests)

        print(f"removing the generated data, then {args.factor:g}× the statements", flush=True)
        delete_started = time.perf_counter()
        national_data_delete(progress=log)
        delete_seconds = time.perf_counter() - delete_started
        generation_more = national_data_generate(
            schools=args.schools,
            learners_per_class=args.learners_per_class,
            classes_per_school=args.classes_per_school,
            seed=args.seed,
            statements_factor=args.factor,
            progress=log,
        )
        more_counts = counts()
        assert busiest_province() == code
        more = measure_pages(pages, args.requests)

        print(f"\nprovince {code}; {args.requests} requests per figure")
        print(f"{'page':22} {'1× p50':>8} {'1× p95':>8} {'10× p50':>8} {'10× p95':>8} {'ratio':>6}")
        ratios = {}
        for key in base:
            ratio = more[key]["p50_ms"] / base[key]["p50_ms"] if base[key]["p50_ms"] else None
            ratios[key] = round(ratio, 2) if ratio else None
            print(
                f"{key:22} {base[key]['p50_ms']:8.1f} {base[key]['p95_ms']:8.1f} "
                f"{more[key]['p50_ms']:8.1f} {more[key]['p95_ms']:8.1f} {ratios[key]:6.2f}"
            )
        print(
            f"1×: {base_counts} generated in {generation.seconds['total']} s; "
            f"{args.factor:g}×: {more_counts} in {generation_more.seconds['total']} s"
        )
        result = {
            "bench": "dashboard",
            "database": connection.vendor,
            "machine": {
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
                "system": platform.platform(terse=True),
            },
            "args": vars(args),
            "province": code,
            "setup_seconds": round(setup_seconds, 1),
            "base": {
                "counts": base_counts,
                "generation_seconds": generation.seconds,
                "pages": base,
            },
            "more": {
                "factor": args.factor,
                "counts": more_counts,
                "generation_seconds": generation_more.seconds,
                "delete_seconds": round(delete_seconds, 1),
                "pages": more,
            },
            "p50_ratio_more_over_base": ratios,
            "total_seconds": round(time.perf_counter() - started, 1),
        }
        print(json.dumps(result))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
