"""Browser journeys: Playwright's sync API driving Debian's Chromium against pytest-django's
``live_server``.

``live_server`` tests are transactional: the database is flushed after each test, which deletes
the regions ``tests/conftest.py`` loads once per session. So every journey reloads 吉林省 first
(idempotent, about a second) and the policy catalogue, and creates its own users; the session's
provinces and the catalogue are put back after the last journey.

Playwright's own browser download is not used (it needs the internet); Debian's ``chromium``
package is. Without it the journeys are skipped locally and fail under CI.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a thread
# with a running loop unless told that this is deliberate.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from django.db import connections
from playwright.sync_api import Browser, Page, expect, sync_playwright

from fupin.benefits.catalogue import ensure_policies
from fupin.regions.choices import Level
from fupin.regions.loading import load_regions
from fupin.regions.models import Region

CHROMIUM = Path(os.environ.get("FUPIN_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
TIMEOUT_MS = 10_000

expect.set_options(timeout=TIMEOUT_MS)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    # Keep each phase's report on the item, so that the page fixture knows whether the test failed.
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: apt-get install chromium"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        # Code after sync_playwright() starts runs in another contextvars context, so Django's
        # connections opened since then are not the ones pytest-django closes before dropping the
        # test database (PostgreSQL refuses to drop a database with open sessions).
        connections.close_all()
        browser.close()


@pytest.fixture(scope="package", autouse=True)
def restore_session_regions(django_db_setup: None, django_db_blocker) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Put back, after the last journey, the provinces ``tests/conftest.py`` loaded for the session:
    the flush after each journey deleted them, and the tests that run after these (pytest-django
    runs tests that declare no database fixture last) expect them."""
    with django_db_blocker.unblock():
        provinces = list(Region.objects.filter(level=Level.PROVINCE).values_list("code", flat=True))
    yield
    with django_db_blocker.unblock():
        if provinces:
            load_regions(provinces)
        ensure_policies()


@pytest.fixture(autouse=True)
def regions(transactional_db: None) -> None:
    """吉林省 and the policy catalogue again, after the previous transactional test's flush."""
    load_regions(["22"])
    ensure_policies()


@pytest.fixture
def page(browser: Browser, live_server, request: pytest.FixtureRequest) -> Iterator[Page]:  # type: ignore[no-untyped-def]
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 1280, "height": 800},
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    report = getattr(request.node, "report_call", None)
    if report is None or report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    context.close()


def log_in(page: Page, username: str, password: str) -> None:
    """Sign in through the login form, as a person would."""
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码", exact=True).fill(password)
    page.get_by_role("button", name=re.compile(r"登\s*录")).click()
