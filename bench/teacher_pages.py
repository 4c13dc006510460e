"""Server time of the school administrator's page and a teacher's class pages for a school
of 10,000 learners (250 classes of 40), measured through Django's test client.

    .venv/bin/python bench/teacher_pages.py [--learners 10000] [--requests 60]
    DATABASE_URL=postgres://... .venv/bin/python bench/teacher_pages.py

Builds its own throw-away database (a temporary SQLite file, or test_<name> on PostgreSQL),
prints p50/p95 per page and the number of queries each page makes, then drops it.
Targets (docs: the developers' brief): school pages < 300 ms at 10,000 learners; a class
page < 200 ms.
"""

from __future__ import annotations

import argparse
import os
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


def build(*, learners: int, class_size: int = 40) -> dict:
    from datetime import timedelta

    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from analytics.models import ClassRollup, LearnerModuleProgress, SchoolYearRollup
    from curriculum.models import ModulePage
    from lms.accounts.models import User
    from lms.assignments.models import Assignment
    from lms.schools.models import Classroom, Enrollment, Province, School, Ward
    from lms.schools.services import school_year_for
    from tests.conftest import load_fixture_curriculum

    load_fixture_curriculum()
    modules = list(ModulePage.objects.live().order_by("path"))
    year = school_year_for(day=timezone.localdate())
    province = Province.objects.get(code="08")
    school = School.objects.create(
        code="BENCH-01",
        name="Trường Liên cấp Đo Tốc Độ",
        level=School.Level.MULTI_LEVEL,
        province=province,
        ward=Ward.objects.filter(province=province).first(),
    )
    password = make_password("bench-password-1")
    classes_count = learners // class_size
    teachers = User.objects.bulk_create(
        User(
            username=f"gv{i:04d}",
            display_name=f"Giáo viên {i}",
            role=User.Role.TEACHER,
            school=school,
            password=password,
        )
        for i in range(classes_count // 5 + 1)
    )
    admin = User.objects.create(
        username="bench-admin", role=User.Role.SCHOOL_ADMIN, school=school, password=password
    )
    classes = Classroom.objects.bulk_create(
        Classroom(
            school=school,
            school_year=year,
            name=f"{1 + i % 12}A{i}",
            grade=1 + i % 12,
            age_band=1 if i % 12 < 3 else 2 if i % 12 < 5 else 3 if i % 12 < 9 else 4,
        )
        for i in range(classes_count)
    )
    Classroom.teachers.through.objects.bulk_create(
        Classroom.teachers.through(classroom_id=c.pk, user_id=teachers[i // 5].pk)
        for i, c in enumerate(classes)
    )
    pupils = User.objects.bulk_create(
        (
            User(
                username=f"hs{i:06d}",
                display_name=f"Học Sinh Số {i}",
                role=User.Role.LEARNER,
                school=school,
                birth_year=2015,
                password=password,
                has_consent=i % 3 != 0,
            )
            for i in range(classes_count * class_size)
        ),
        batch_size=2000,
    )
    Enrollment.objects.bulk_create(
        (
            Enrollment(classroom=classes[i // class_size], learner=pupil)
            for i, pupil in enumerate(pupils)
        ),
        batch_size=2000,
    )
    Assignment.objects.bulk_create(
        Assignment(
            classroom=c,
            module=module,
            due_on=timezone.localdate() + timedelta(days=7),
            assigned_by=teachers[0],
        )
        for c in classes
        for module in modules
    )
    statuses = ["completed", "in_progress", "not_started"]
    LearnerModuleProgress.objects.bulk_create(
        (
            LearnerModuleProgress(
                learner=pupil,
                module=modules[i % len(modules)],
                classroom=classes[i // class_size],
                status=statuses[i % 3],
            )
            for i, pupil in enumerate(pupils)
        ),
        batch_size=2000,
    )
    ClassRollup.objects.bulk_create(
        ClassRollup(
            classroom=c,
            learners_enrolled=class_size,
            ran_on=timezone.localdate() if i % 2 else None,
        )
        for i, c in enumerate(classes)
    )
    SchoolYearRollup.objects.create(
        school=school, school_year=year, classes=len(classes), covered_on=timezone.localdate()
    )
    middle = classes[len(classes) // 2]
    return {
        "admin": admin,
        "teacher": middle.teachers.get(),
        "classroom": middle,
        "learners": len(pupils),
        "classes": len(classes),
    }


def measure(client, url: str, requests: int) -> tuple[float, float, int]:
    from django.db import connection, reset_queries

    client.get(url)  # warm caches (site root, session)
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    connection.force_debug_cursor = True
    reset_queries()
    client.get(url)
    queries = len(connection.queries)
    connection.force_debug_cursor = False
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=60)
    args = parser.parse_args()

    import django
    from django.conf import settings

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    if connection.vendor == "sqlite":
        folder = tempfile.mkdtemp(prefix="bench-teacher-")
        connection.settings_dict["TEST"]["NAME"] = str(Path(folder) / "bench.sqlite3")
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        started = time.perf_counter()
        world = build(learners=args.learners)
        print(
            f"{connection.vendor}: built {world['learners']} learners in {world['classes']} "
            f"classes in {time.perf_counter() - started:.0f} s"
        )
        admin, teacher = Client(), Client()
        admin.force_login(world["admin"])
        teacher.force_login(world["teacher"])
        classroom = world["classroom"].pk
        pages = [
            ("school admin page (/teacher/school/)", admin, reverse("teacher_portal:school")),
            ("school admin, search", admin, reverse("teacher_portal:school") + "?q=7A"),
            ("class page", teacher, reverse("teacher_portal:class_detail", args=[classroom])),
            (
                "class progress page",
                teacher,
                reverse("teacher_portal:class_progress", args=[classroom]),
            ),
            ("teacher's classes", teacher, reverse("teacher_portal:home")),
        ]
        print(f"{'page':42} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
        for label, client, url in pages:
            p50, p95, queries = measure(client, url, args.requests)
            print(f"{label:42} {p50:8.1f} {p95:8.1f} {queries:8d}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
