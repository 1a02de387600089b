"""What the browser journeys of the ledger and of projects do again and again: sign in as
someone else, take a step from a problem's page, and read the problem's state."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD

from .conftest import log_in


def sign_in_as(page: Page, username: str) -> None:
    # A request still under way (a region picker fetching its choices) could set the previous
    # user's session cookie again after it is cleared: let the page settle first.
    page.wait_for_load_state("networkidle")
    page.context.clear_cookies()
    log_in(page, username, PASSWORD)


def take_step(page: Page, code: str, label: str) -> None:
    press_step(page, code, label)
    expect(page.locator(".alert-success")).to_contain_text(f"已办理“{label}”")


def press_step(page: Page, code: str, label: str) -> None:
    page.locator(f"#step-{code}").get_by_role("button", name=f"办理{label}").click()


def state_is(page: Page, label: str) -> None:
    expect(page.locator(".page-sub [data-state]")).to_have_text(label)
