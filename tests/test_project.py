"""Project-wide promises: migrations complete, checks pass, nothing loads from another host."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIRS = ["lms", "curriculum", "assessments", "analytics", "teacher_portal", "content"]


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())


def test_system_checks_pass():
    call_command("check", stdout=StringIO())


def test_no_template_or_stylesheet_loads_from_another_host():
    """Schools on closed networks: every script, style, font and picture is ours."""
    pattern = re.compile(
        r"""(?:src|href)\s*=\s*["']\s*(?:https?:)?//|@import\s+url\(\s*["']?https?:|url\(\s*["']?https?://""",
        re.I,
    )
    offenders = []
    for folder in SOURCE_DIRS:
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in {".html", ".css", ".js", ".svg"} and "node_modules" not in path.parts:
                for lineno, line in enumerate(
                    path.read_text(encoding="utf-8", errors="replace").splitlines(), 1
                ):
                    if pattern.search(line) and "xmlns" not in line:
                        offenders.append(f"{path.relative_to(ROOT)}:{lineno}: {line.strip()[:100]}")
    assert offenders == []


def test_illustrations_are_plain_svg_without_scripts_or_outside_links():
    for path in (ROOT / "content" / "illustrations").glob("*.svg"):
        text = path.read_text(encoding="utf-8")
        assert "<script" not in text and "foreignObject" not in text, path.name
        assert not re.search(r"""href\s*=\s*["']https?:""", text), path.name
        assert "<title>" in text, f"{path.name} has no title for screen readers"


@pytest.mark.django_db
def test_learner_pages_forbid_inline_scripts_and_other_hosts(client):
    policy = client.get("/help/").headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["script-src"] == "'self'"
    assert directives["default-src"] == "'self'"
    assert "http" not in policy


@pytest.mark.django_db
def test_wagtail_admin_keeps_the_inline_scripts_it_needs(client, django_user_model):
    admin = django_user_model.objects.create_superuser("quantri-thu", "qt@example.vn", "x-secret-1")
    client.force_login(admin)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "script-src 'self' 'unsafe-inline'" in response.headers["Content-Security-Policy"]
