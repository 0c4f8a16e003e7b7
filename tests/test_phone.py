"""Every page a student uses works on a 390-px phone (issue 17): no
horizontal scrolling, My cases as stacked rows; screenshots in
var/screenshots/. Debian's chromium, as in test_browser.py."""

from helpers import CHROMIUM
from helpers import DEVIATION
from helpers import launch_chromium
from helpers import make_deviation
from helpers import make_notification_case
from pathlib import Path
from plone import api

import base64
import os
import pytest


ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "var" / "screenshots"
WIDTH = 390

pytestmark = pytest.mark.slow

if not Path(CHROMIUM).exists():
    if os.environ.get("CI") == "true":
        raise RuntimeError("CI needs /usr/bin/chromium: run make browser")
    pytest.skip("no Debian chromium here: run `make browser`", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture
def cases(demo_functional):
    """student1's deviation and notification, committed."""
    import transaction

    portal = demo_functional["portal"]
    with api.env.adopt_user(username="student1"):
        deviation = make_deviation(portal["faculties"]["ie"], **DEVIATION)
        notification = make_notification_case(
            title="Repeated comments in the lab",
            category="harassment",
            event_description="During lab sessions in October.",
        )
    transaction.commit()
    return portal, deviation, notification


@pytest.fixture
def phone(browser):
    contexts = []

    def page_for(user=None):
        headers = {"Accept-Language": "en"}
        if user:
            token = base64.b64encode(f"{user}:demodemo".encode()).decode()
            headers["Authorization"] = f"Basic {token}"
        context = browser.new_context(
            extra_http_headers=headers,
            locale="en",
            viewport={"width": WIDTH, "height": 844},
            device_scale_factor=2,
            is_mobile=True,
            has_touch=True,
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(30000)
        return page

    yield page_for
    for context in contexts:
        context.close()


def fits(page, name):
    """The page has no horizontal scrolling at 390 px; a screenshot."""
    page.wait_for_load_state("load")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"phone-{name}.png"), full_page=True)
    width = page.evaluate("document.scrollingElement.scrollWidth")
    wide = page.evaluate(
        """(limit) => Array.from(document.querySelectorAll('body *'))
            .filter(e => e.getBoundingClientRect().right > limit + 1
                         && getComputedStyle(e).position !== 'fixed')
            .slice(0, 5).map(e => e.tagName + '#' + e.id + '.' + e.className)""",
        WIDTH,
    )
    assert width <= WIDTH, (name, width, wide)


def test_student_pages_fit_a_phone(cases, phone):
    portal, deviation, notification = cases
    url = portal.absolute_url()
    student = phone("student1")
    pages = {
        "front-page": url,
        "report-form": f"{url}/@@report-deviation",
        "notify-form": f"{url}/@@notify",
        "my-cases": f"{url}/@@my-cases",
        "deviation": deviation.absolute_url(),
        "notification": notification.absolute_url(),
        "receipt": f"{url}/@@receipt",
        "guideline": portal["guidelines"]["report-deviation-en"].absolute_url(),
    }
    for name, address in pages.items():
        response = student.goto(address)
        assert response.status == 200, (name, response.status)
        fits(student, name)


def test_my_cases_are_stacked_rows_on_a_phone(cases, phone):
    portal = cases[0]
    student = phone("student1")
    student.goto(f"{portal.absolute_url()}/@@my-cases")
    table = student.locator("table.casemgmt-listing")
    assert table.count() == 1
    assert student.locator("table.casemgmt-listing thead").is_visible() is False or (
        student.locator("table.casemgmt-listing thead").bounding_box()["height"] <= 1
    )
    row = student.locator("table.casemgmt-listing tbody tr").first
    assert row.evaluate("e => getComputedStyle(e).display") == "block"
    cell = student.locator('table.casemgmt-listing td[data-label="Deadline"]').first
    label = cell.evaluate("e => getComputedStyle(e, '::before').content")
    assert "Deadline" in label


def test_anonymous_pages_fit_a_phone(cases, phone):
    portal = cases[0]
    visitor = phone()
    for name, address in {
        "anonymous-front-page": portal.absolute_url(),
        "anonymous-notify-form": f"{portal.absolute_url()}/@@notify",
        "anonymous-receipt": f"{portal.absolute_url()}/@@receipt",
    }.items():
        visitor.goto(address)
        fits(visitor, name)
