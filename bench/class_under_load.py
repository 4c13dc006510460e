"""A teacher's class pages while the class's learners submit a quiz, over real HTTP.

    .venv/bin/python bench/class_under_load.py [--learners 40] [--seconds 30] [--think 0]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_load .venv/bin/python bench/class_under_load.py

House rule (the developers' brief): a teacher's class page answers in < 200 ms while 40
learners submit answers. This script checks it end to end:

1. Builds its own throw-away database (test_<name> on PostgreSQL, the case that matters; a
   temporary SQLite file otherwise, with a caveat: SQLite lets one writer in at a time), loads
   the starter curriculum (``load_curriculum``) and, through the services, creates a school, a
   teacher, a class of --learners learners with consent and login cards, and assigns a module.
2. Starts --processes server processes (Django's threaded WSGI server, the one ``runserver``
   uses, one thread per connection, persistent database connections as in production) sharing
   one port (SO_REUSEPORT), like ``gunicorn -w N`` with threads.
3. Signs every learner and the teacher in through /accounts/login/ (CSRF token and all), then
   for --seconds: each learner, in its own thread and on its own connection, opens the quiz
   (a new attempt) and submits answers picked at random; the teacher requests, in turn, the
   class page, the class progress page and the module progress page.
4. Checks that the rollups equal a rebuild from the statements (``rebuild_rollups --check``)
   and that every submission the learners saw scored was stored exactly once.

Prints a few lines of progress and then one JSON line: the teacher's client-observed p50/p95/max
in ms (all pages and per page), the submissions completed with their p50/p95, errors (any
answer that is not 2xx/3xx, or a quiz that did not come back scored; must be 0) and whether the
rollups match a rebuild. Exits 1 on errors or a mismatch.

What it showed (2-core VM, bench client, two server processes and PostgreSQL on it):
- The class pages make 7-8 queries, read only (no row locks), ~15-27 ms in-process and
  ~40 ms over HTTP when idle. With a learner submitting every ~5 s they stay well under
  200 ms; with no pause the CPU saturates (the 41-thread client alone takes about half a
  core) and they miss it, from CPU, not locks.
- Submissions queue on the class's rollup row: pg_stat_activity shows backends waiting on a
  tuple lock and "idle in transaction" ones, i.e. the holder waiting for its Python thread
  (GIL, CPU) between the round trips it makes under the lock (analytics.rollups
  .classes_refresh). The school and province rows used to be locked first, for the whole
  recompute; they are now locked last, just to add the change. Fewer round trips under the
  class lock, or recomputing classes off the request path, is the next lever.
- Serving without TCP_NODELAY added ~40 ms (Nagle and delayed ACK) to responses.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")
os.environ.setdefault("TESTING", "1")  # a development key, local static files; DEBUG stays off
warnings.filterwarnings("ignore", message="No directory at")  # staticfiles/ not collected

TEACHER_PASSWORD = "bench-Teacher-2026"  # noqa: S105 (a throw-away database)
SCORED_MARK = 'class="hero result '  # assessments/quiz_result.html


# --- the server (run in child processes) --------------------------------------------------


def serve(port: int) -> None:
    """One server process: Django's threaded WSGI server on a port shared with the others."""
    import django
    from django.conf import settings

    django.setup()
    # TESTING (for the development key and local static files) turns persistent database
    # connections off; a production server keeps them (lms/settings.py: DB_CONN_MAX_AGE).
    settings.DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DB_CONN_MAX_AGE", "60"))
    from django.core.servers.basehttp import WSGIRequestHandler, WSGIServer, run
    from django.core.wsgi import get_wsgi_application

    class SharedPortServer(WSGIServer):
        allow_reuse_port = True  # several processes accept on one port; the kernel spreads them
        request_queue_size = 128

    class QuietHandler(WSGIRequestHandler):
        def setup(self):
            super().setup()
            # As gunicorn or a proxy in front does: without it, a response written in two
            # parts waits ~40 ms for the client's delayed ACK (Nagle).
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def log_message(self, format, *args):  # noqa: A002 (the base class's name)
            if args and str(args[1])[:1] not in "23":
                super().log_message(format, *args)

    import django.core.servers.basehttp as basehttp

    basehttp.WSGIRequestHandler = QuietHandler
    run("127.0.0.1", port, get_wsgi_application(), threading=True, server_cls=SharedPortServer)


# --- a small HTTP client with cookies and keep-alive ----------------------------------------


class Browser:
    """One user's browser: its own connection (kept alive), its cookies, no redirects followed."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.connection: HTTPConnection | None = None

    def request(self, method: str, path: str, data: dict | list | None = None):
        body = urlencode(data, doseq=True).encode() if data is not None else None
        headers = {"Host": f"127.0.0.1:{self.port}", "Accept-Language": "vi"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        for retry in (False, True):
            if self.connection is None:
                self.connection = HTTPConnection("127.0.0.1", self.port, timeout=60)
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                text = response.read().decode("utf-8", "replace")
                break
            except (ConnectionError, OSError):  # the server closed a kept-alive connection
                self.connection.close()
                self.connection = None
                if retry:
                    raise
        for header in response.msg.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
            self.connection = None
        return response.status, response.getheader("Location", ""), text

    def sign_in(self, username: str, password: str) -> None:
        status, _, page = self.request("GET", "/accounts/login/")
        token = _csrf(page)
        status, location, _ = self.request(
            "POST",
            "/accounts/login/",
            {"csrfmiddlewaretoken": token, "login": username, "password": password},
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"could not sign {username} in: HTTP {status}")


def _csrf(page: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if not found:
        raise SystemExit("no CSRF token in the page")
    return found.group(1)


_FORM = re.compile(r'<form method="post"[^>]*class="quiz".*?</form>', re.S)
_INPUT = re.compile(r'<input type="(radio|checkbox|hidden)" name="([^"]+)" value="([^"]*)"')
_SELECT = re.compile(r'<select id="[^"]+" name="([^"]+)">(.*?)</select>', re.S)
_OPTION = re.compile(r'<option value="([^"]+)"')


def answer_key(quiz) -> dict[str, tuple]:
    """The right answers by question key (read here, never sent to the page)."""
    key = {}
    for block in quiz.questions:
        value, kind = block.value, block.block_type
        if kind == "true_false":
            key[value["key"]] = (kind, bool(value["answer"]))
        elif kind == "ordering":
            key[value["key"]] = (kind, len(value["items"]))
        else:
            key[value["key"]] = (kind, [i for i, c in enumerate(value["choices"]) if c["correct"]])
    return key


def quiz_answers(
    page: str, rng: random.Random, key: dict | None = None, right: float = 0
) -> dict[str, list[str]]:
    """Answers to the quiz form in the page, as a child might give them: one choice per
    single-answer question, one or more for multiple choice, the steps in some order; each
    question answered right with probability ``right`` (from ``key``), else at random."""
    from assessments.scoring import option_value

    form = _FORM.search(page)
    if not form:
        raise ValueError("no quiz form in the page")
    form = form.group(0)
    data: dict[str, list[str]] = {}
    choices: dict[str, tuple[str, list[str]]] = {}
    for kind, name, value in _INPUT.findall(form):
        value = html.unescape(value)
        if kind == "hidden":
            data[name] = [value]
        else:
            choices.setdefault(name, (kind, []))[1].append(value)
    for name, (kind, values) in choices.items():
        data[name] = (
            rng.sample(values, rng.randint(1, len(values)))
            if kind == "checkbox"
            else [rng.choice(values)]
        )
    steps: dict[str, list[str]] = {}
    for name, options in _SELECT.findall(form):
        steps.setdefault(name.rsplit("-", 1)[0], []).append(name)
        positions = _OPTION.findall(options)
        data[name] = positions  # replaced below by one distinct position per step
    for names in steps.values():
        positions = list(range(1, len(names) + 1))
        rng.shuffle(positions)
        for name, position in zip(names, positions, strict=True):
            data[name] = [str(position)]
    token = data["attempt"][0]
    for question, (kind, answer) in (key or {}).items():
        if rng.random() >= right:
            continue
        if kind == "true_false":
            data[f"q-{question}"] = ["true" if answer else "false"]
        elif kind == "ordering":
            for index in range(answer):
                data[f"q-{question}-{option_value(token, question, index)}"] = [str(index + 1)]
        else:
            data[f"q-{question}"] = [option_value(token, question, index) for index in answer]
    return data


# --- the world -------------------------------------------------------------------------------


def build(*, learners: int) -> dict:
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from assessments.models import QuizPage
    from curriculum.models import ModulePage
    from lms.accounts.services import consent_record, learner_credentials_issue, teacher_create
    from lms.learn.services import assignment_create
    from lms.schools.models import Province, School, Ward
    from lms.schools.services import classroom_create, learners_enroll_new, school_year_for

    call_command("load_curriculum", verbosity=0)
    province = Province.objects.get(code="08")
    school = School.objects.create(
        code="BENCH-LOAD-01",
        name="Trường Tiểu học Đo Tải",
        level=School.Level.PRIMARY,
        province=province,
        ward=Ward.objects.filter(province=province).first(),
    )
    teacher, _ = teacher_create(school=school, username="gv-tai", display_name="Cô Giáo Tải")
    teacher.set_password(TEACHER_PASSWORD)
    teacher.save(update_fields=["password"])
    classroom = classroom_create(
        school=school,
        school_year=school_year_for(day=timezone.localdate()),
        name="5A",
        grade=5,
        teachers=[teacher],
    )
    pupils = learners_enroll_new(
        classroom=classroom,
        people=[(f"Học Sinh Số {i + 1}", 2015) for i in range(learners)],
    )
    cards = learner_credentials_issue(
        learners=pupils, new_password=True, with_badge=False, issued_by=teacher
    )
    for pupil in pupils:
        consent_record(
            learner=pupil,
            parent_consent=True,
            child_consent=True,
            method="paper",
            recorded_by=teacher,
            parent_name="Phụ Huynh",
            parent_relation="mother",
        )
    module = (
        ModulePage.objects.live()
        .filter(path__startswith=classroom_band_path(classroom.age_band))
        .order_by("path")
        .first()
    )
    assignment_create(
        classroom=classroom,
        module=module,
        assigned_by=teacher,
        due_on=timezone.localdate() + timedelta(days=7),
    )
    quiz = QuizPage.objects.live().child_of(module).get()
    return {
        "classroom_id": classroom.pk,
        "module_id": module.pk,
        "quiz_path": urlsplit(quiz.url).path,
        "questions": len(quiz.questions),
        "answer_key": answer_key(quiz),
        "learners": [(card.learner.username, card.password) for card in cards],
    }


def classroom_band_path(band: int) -> str:
    from curriculum.models import AgeBandPage

    return AgeBandPage.objects.get(band=band).path


# --- the run ---------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered)) - 1))]


def figures(values: list[float]) -> dict:
    return {
        "n": len(values),
        "p50_ms": round(statistics.median(values), 1) if values else None,
        "p95_ms": round(percentile(values, 0.95), 1) if values else None,
        "max_ms": round(max(values), 1) if values else None,
    }


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.submit_ms: list[float] = []
        self.open_ms: list[float] = []
        self.teacher_ms: dict[str, list[float]] = {}
        self.passed = 0
        self.errors: list[str] = []

    def error(self, what: str) -> None:
        with self.lock:
            if len(self.errors) < 1000:
                self.errors.append(what)


def learner_loop(browser, quiz_path, key, stop, tally, think, right, seed):
    rng = random.Random(seed)
    while not stop.is_set():
        try:
            start = time.perf_counter()
            status, _, page = browser.request("GET", quiz_path)
            opened = (time.perf_counter() - start) * 1000
            if status != 200:
                tally.error(f"GET quiz: HTTP {status}")
                continue
            token = _csrf(page)
            data = quiz_answers(page, rng, key, right)
            data["csrfmiddlewaretoken"] = [token]
            start = time.perf_counter()
            status, _, result = browser.request("POST", quiz_path, data)
            took = (time.perf_counter() - start) * 1000
        except Exception as exc:  # noqa: BLE001 (count it, keep the others going)
            tally.error(f"learner: {exc!r}")
            continue
        if status != 200 or SCORED_MARK not in result:
            tally.error(f"POST quiz: HTTP {status}, scored={SCORED_MARK in result}")
        else:
            with tally.lock:
                tally.open_ms.append(opened)
                tally.submit_ms.append(took)
                tally.passed += 'class="hero result passed' in result
        if think:
            stop.wait(rng.uniform(0.5 * think, 1.5 * think))


def teacher_loop(browser, pages, stop, tally, pause):
    while not stop.is_set():
        for label, path in pages:
            try:
                start = time.perf_counter()
                status, _, page = browser.request("GET", path)
                took = (time.perf_counter() - start) * 1000
            except Exception as exc:  # noqa: BLE001
                tally.error(f"teacher {label}: {exc!r}")
                continue
            if not 200 <= status < 400:
                tally.error(f"teacher {label}: HTTP {status}")
                continue
            with tally.lock:
                tally.teacher_ms.setdefault(label, []).append(took)
            if pause:
                stop.wait(pause)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(port: int, servers: list, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if any(server.poll() is not None for server in servers):
            raise SystemExit("a server process stopped while starting")
        try:
            status, _, _ = Browser(port).request("GET", "/healthz")
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("the server did not answer /healthz")


def database_url(settings_dict: dict) -> str:
    """DATABASE_URL naming the benchmark's database, for the server processes."""
    if settings_dict["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{settings_dict['NAME']}"
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path="/" + settings_dict["NAME"]))


def rollups_check() -> list[str]:
    from django.core.management import call_command
    from django.core.management.base import CommandError

    out = []

    class Lines:
        def write(self, text):
            out.append(text.strip())

        def flush(self):
            pass

    try:
        call_command("rebuild_rollups", check=True, stdout=Lines())
    except CommandError as exc:
        return [line for line in out if line] + [str(exc)]
    return []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument(
        "--think",
        type=float,
        default=0,
        help="mean seconds a learner waits between two submissions (0: none, the worst case)",
    )
    parser.add_argument(
        "--right",
        type=float,
        default=0.6,
        help="chance a learner answers a question right (the class then runs the programme)",
    )
    parser.add_argument(
        "--teacher-pause", type=float, default=0.2, help="seconds between the teacher's pages"
    )
    parser.add_argument(
        "--processes",
        type=int,
        default=os.cpu_count() or 2,
        help="server processes (default: one per CPU)",
    )
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
        return

    import django

    django.setup()
    from django.db import connection, connections
    from django.urls import reverse

    from analytics.models import ClassRollup
    from analytics.xapi.models import Statement
    from assessments.models import QuizAttempt

    caveat = None
    folder = tempfile.mkdtemp(prefix="bench-load-")
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(Path(folder) / "bench.sqlite3")
        caveat = "SQLite lets one writer in at a time: submissions queue on the whole database"
        print(f"caveat: {caveat}; run it on PostgreSQL for the figure that matters")
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    servers: list[subprocess.Popen] = []
    try:
        started = time.perf_counter()
        world = build(learners=args.learners)
        print(
            f"{connection.vendor}: curriculum, a class of {args.learners} learners and a "
            f"{world['questions']}-question quiz in {time.perf_counter() - started:.0f} s"
        )
        url = database_url(connection.settings_dict)
        connections.close_all()

        port = free_port()
        log = open(Path(folder) / "server.log", "w")  # noqa: SIM115 (closed in finally)
        env = {**os.environ, "DATABASE_URL": url, "TESTING": "1"}
        servers = [
            subprocess.Popen(  # noqa: S603 (this script, with its own arguments)
                [sys.executable, __file__, "--serve", str(port)],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            for _ in range(args.processes)
        ]
        wait_for(port, servers)

        classroom, module = world["classroom_id"], world["module_id"]
        pages = [
            ("class", reverse("teacher_portal:class_detail", args=[classroom])),
            ("class progress", reverse("teacher_portal:class_progress", args=[classroom])),
            (
                "module progress",
                reverse("teacher_portal:class_module_progress", args=[classroom, module]),
            ),
        ]
        teacher = Browser(port)
        teacher.sign_in("gv-tai", TEACHER_PASSWORD)
        browsers = []
        for username, password in world["learners"]:
            browser = Browser(port)
            browser.sign_in(username, password)
            browsers.append(browser)
        for _, path in pages:  # warm up: templates, the site root, the curriculum tree
            teacher.request("GET", path)
        print(f"{len(browsers)} learners and the teacher signed in; running {args.seconds:g} s")

        tally, stop = Tally(), threading.Event()
        threads = [
            threading.Thread(
                target=learner_loop,
                args=(
                    browser,
                    world["quiz_path"],
                    world["answer_key"],
                    stop,
                    tally,
                    args.think,
                    args.right,
                    i,
                ),
                daemon=True,
            )
            for i, browser in enumerate(browsers)
        ]
        threads.append(
            threading.Thread(
                target=teacher_loop, args=(teacher, pages, stop, tally, args.teacher_pause)
            )
        )
        began = time.perf_counter()
        for thread in threads:
            thread.start()
        stop.wait(args.seconds)
        stop.set()
        for thread in threads:
            thread.join(timeout=120)
        elapsed = time.perf_counter() - began

        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
        servers = []

        differences = rollups_check()
        recorded = QuizAttempt.objects.filter(submitted_at__isnull=False).count()
        rollup = ClassRollup.objects.get(classroom_id=world["classroom_id"])
        teacher_all = [t for times in tally.teacher_ms.values() for t in times]
        result = {
            "bench": "class_under_load",
            "database": connection.vendor,
            "caveat": caveat,
            "cpus": os.cpu_count(),
            "server_processes": args.processes,
            "learners": args.learners,
            "seconds": round(elapsed, 1),
            "think_s": args.think,
            "right": args.right,
            "teacher_pages": figures(teacher_all),
            "teacher_by_page": {label: figures(t) for label, t in tally.teacher_ms.items()},
            "submissions": {
                **figures(tally.submit_ms),
                "per_s": round(len(tally.submit_ms) / elapsed, 1),
                "passed": tally.passed,
            },
            "quiz_open": figures(tally.open_ms),
            "errors": len(tally.errors),
            "error_samples": sorted(set(tally.errors))[:5],
            "attempts_recorded": recorded,
            "attempts_match": recorded == len(tally.submit_ms),
            "statements": Statement.objects.count(),
            "class_completed": rollup.learners_completed,
            "class_ran_programme": rollup.ran_on is not None,
            "rollups_match_rebuild": not differences,
            "rollup_differences": differences[:10],
            "target_ms": 200,
            "target_met": bool(teacher_all) and percentile(teacher_all, 0.95) < 200,
        }
        print(json.dumps(result, ensure_ascii=False))
        ok = not tally.errors and not differences and result["attempts_match"]
    finally:
        for server in servers:
            server.kill()
        connections.close_all()
        connection.creation.destroy_test_db(old_name, verbosity=0)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
