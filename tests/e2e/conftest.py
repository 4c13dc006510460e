"""Real Chromium (Debian's /usr/bin/chromium) driven by Playwright. No browser downloads.

Skipped, with the reason, where Chromium is missing; CI installs it (.ci/run)."""

import os
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
    "--disable-background-networking",
    "--disable-component-update",
]
PHONE = {"width": 360, "height": 740}

# Playwright's sync API runs an event loop in this thread; Django's ORM calls in the test
# itself are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(
        reason="needs Debian's Chromium at /usr/bin/chromium (apt-get install chromium); CI installs it"
    )
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(skip)


# One browser per test, not per session: starting Playwright's sync API changes the context
# that Django's connection handler keys on, so a browser kept across tests would leave later
# tests with fresh connections that lack the serialized database (serialized_rollback would
# restore nothing). Tests request the database fixtures first, then the browser.
@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
        # ORM calls made in the test while Playwright ran opened connections of their own (see
        # above); close them here, or PostgreSQL refuses to drop the test database at the end.
        from django.db import connections

        connections.close_all()


@pytest.fixture
def phone(browser, live_server):
    """A page in a 360-px-wide phone viewport that records every request to another host
    and every console error."""
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="vi-VN"
    )
    page = context.new_page()
    page.foreign_requests = []
    page.console_errors = []
    own_host = urlparse(live_server.url).hostname
    page.on(
        "request",
        lambda request: (
            urlparse(request.url).hostname not in (own_host, None)
            and page.foreign_requests.append(request.url)
        ),
    )
    page.on(
        "console",
        lambda message: message.type == "error" and page.console_errors.append(message.text),
    )
    page.set_default_timeout(15_000)
    yield page
    context.close()


def fits_width(page) -> bool:
    """No horizontal scrolling: the page fits the phone's width."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def sign_in(page, live_server, user) -> None:
    """Sign the browser in as ``user`` with a session cookie (the sign-in form itself is
    tested in tests/accounts and tests/e2e/test_teacher_flow.py)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session.session_key,
                "url": live_server.url,
            }
        ]
    )


def assert_accessible(page, where: str = "") -> None:
    """No serious or critical problem found by axe-core (bundled with axe-playwright-python)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], f"{where}: " + "; ".join(
        f"{v['id']} on {[n['target'] for n in v['nodes']][:5]}: {v['nodes'][0].get('failureSummary', '')}"
        for v in serious
    )
