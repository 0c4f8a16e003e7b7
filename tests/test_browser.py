"""End-to-end journeys in a real headless Chromium (Debian's, never a
downloaded one) against the live test server, with screenshots of the key
pages in var/screenshots/ and an accessibility check (axe-core).

Without /usr/bin/chromium the tests are skipped, except under CI=true,
where they must run (``make test`` installs chromium and axe-core).
"""

from helpers import CHROMIUM
from helpers import launch_chromium
from pathlib import Path
from plone import api

import base64
import os
import pytest
import re


ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "var" / "screenshots"

pytestmark = pytest.mark.slow

if not (Path(CHROMIUM).exists() and AXE.exists()):
    if os.environ.get("CI") == "true":
        raise RuntimeError(
            "CI needs /usr/bin/chromium and node_modules/axe-core: run make browser"
        )
    pytest.skip(
        "no Debian chromium or axe-core here: run `make browser`",
        allow_module_level=True,
    )

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture
def site(demo_functional):
    import transaction

    transaction.commit()
    return demo_functional["portal"]


@pytest.fixture
def as_user(browser, site):
    contexts = []

    def page_for(user=None, language="en"):
        headers = {"Accept-Language": language}
        if user:
            headers["Authorization"] = (
                "Basic " + base64.b64encode(f"{user}:demodemo".encode()).decode()
            )
        context = browser.new_context(
            extra_http_headers=headers,
            locale=language,
            viewport={"width": 1280, "height": 900},
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(30000)
        return page

    yield page_for
    for context in contexts:
        context.close()


def shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def accessible(page, where="#content"):
    """axe-core on the page's content: no WCAG 2 A/AA violations."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async (where) => await axe.run(document.querySelector(where) || document,
            {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}})""",
        where,
    )
    violations = [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['html'][:120]})"
        for v in result["violations"]
    ]
    assert not violations, "\n".join(violations)


def pick(page, field_id, words):
    """Choose a person in a picker (pat-select2) as a user does: type a
    part of the name, click the match."""
    page.locator(f"#formfield-{field_id} .select2-container input").first.click()
    page.keyboard.type(words)
    page.locator(".select2-result-label", has_text=words).first.click()
    assert page.locator(f"#{field_id}").input_value(), field_id


def test_deviation_journey(site, as_user):
    url = site.absolute_url()
    student = as_user("student1")
    student.goto(url)
    shot(student, "01-front-page")
    accessible(student)
    student.click("#report-deviation-button")
    course = student.locator("#formfield-form-widgets-course_code")
    student.select_option("#form-widgets-category", "learning_environment_physical")
    assert course.is_hidden()
    student.select_option("#form-widgets-category", "teaching")
    assert course.is_visible()
    student.fill("#form-widgets-title", "Lecture notes never published")
    student.fill(
        "#form-widgets-event_description",
        "The notes promised for weeks 3 to 6 never came.",
    )
    student.fill("#form-widgets-prior_attempts", "Asked the lecturer twice.")
    student.fill("#form-widgets-course_code", "TDT4100")
    shot(student, "02-report-form")
    accessible(student)
    student.click("#form-buttons-send")
    student.wait_for_url(re.compile(r".*/faculties/ie/avvik-\d{4}-\d{5}$"))
    case_url = student.url
    assert "AVVIK-" in student.content()
    shot(student, "03-reported")

    reception = as_user("reception-ie")
    reception.goto(case_url)
    accessible(reception)
    reception.click("#transition-approve")
    pick(reception, "form-widgets-case_worker", "Case Worker")
    shot(reception, "04-approve")
    reception.click("#form-buttons-save")
    reception.wait_for_url(case_url)
    assert reception.locator('[data-state="in_progress"]').count() == 1
    shot(reception, "05-approved")

    worker = as_user("caseworker-ie")
    worker.goto(case_url)
    worker.click("#add-Measure")
    worker.fill(
        "#form-widgets-IMeasure-title, #form-widgets-title",
        "Publish the notes every Friday",
    )
    worker.click("#form-buttons-save")
    worker.goto(case_url)
    assert "Publish the notes every Friday" in worker.content()
    worker.click("#transition-close")
    worker.fill("#form-widgets-comment", "The notes are now published every Friday.")
    worker.click("#form-buttons-save")
    worker.wait_for_url(case_url)
    assert worker.locator('[data-state="closed"]').count() == 1
    shot(worker, "06-closed")

    student.goto(url + "/@@my-cases")
    assert "The notes are now published every Friday." in student.content()
    shot(student, "07-my-cases")
    accessible(student)


def test_anonymous_notification_journey(site, as_user):
    url = site.absolute_url()
    visitor = as_user()
    visitor.goto(url + "/@@notify")
    accessible(visitor)
    visitor.select_option("#form-widgets-category", "bullying")
    visitor.fill("#form-widgets-title", "Left out of the study group")
    visitor.fill(
        "#form-widgets-event_description", "Since September, in the lab group."
    )
    shot(visitor, "11-notify-form")
    visitor.click("#form-buttons-send")
    code = visitor.locator("#receipt-code").inner_text().strip()
    number = re.search(r"VARSEL-\d{4}-\d{5}", visitor.content()).group(0)
    assert len(code) > 40
    shot(visitor, "12-receipt-code")

    reception = as_user("speakup")
    reception.goto(url + "/@@notification-queue")
    reception.click(f"text={number}")
    # the officer writes in the notifier's conversation (one form per thread)
    reception.fill("#message-notifier", "Thank you. Which course is it?")
    reception.click("#message-form-notifier button[name='form.buttons.message']")
    shot(reception, "13-officer-message")

    later = as_user()
    later.goto(url + "/@@receipt")
    accessible(later)
    later.fill("#receipt", code)
    later.click("button[name='form.buttons.show']")
    assert "Thank you. Which course is it?" in later.content()
    assert number in later.content()
    shot(later, "14-receipt-page")


def test_editor_journey(site, as_user):
    url = site.absolute_url()
    editor = as_user("editor")
    editor.goto(url + "/guidelines/report-deviation-en/edit")
    editor.fill(
        "#form-widgets-IDublinCore-title", "How to report a deviation (updated)"
    )
    editor.click("#form-buttons-save")
    editor.wait_for_url(url + "/guidelines/report-deviation-en")
    assert "How to report a deviation (updated)" in editor.content()
    assert editor.locator("#other-language").count() == 1
    shot(editor, "21-guideline")
    accessible(editor)
    editor.goto(url + "/guidelines/room-problems/edit")
    editor.fill(
        "#form-widgets-IDublinCore-description, #form-widgets-description",
        "Tell us about rooms that do not work.",
    )
    editor.click("#form-buttons-save")
    editor.wait_for_url(url + "/guidelines/room-problems")
    shot(editor, "22-intake-form-edited")

    student = as_user("student1")
    student.goto(url + "/guidelines/room-problems")
    assert "Tell us about rooms that do not work." in student.content()
    student.fill("#form-widgets-title", "Cold lecture hall")
    student.fill("#form-widgets-room", "R1")
    student.fill("#form-widgets-what", "R1 is at 14 degrees.")
    student.fill("#form-widgets-prior_attempts", "Told the janitor.")
    student.click("#form-buttons-submit")
    # (waits for the thank-you page: content() while the form is sent is "")
    sync_api.expect(student.locator("#intake-case-number")).to_have_text(
        re.compile(r"AVVIK-\d{4}-\d{5}")
    )
    shot(student, "23-intake-submitted")
    accessible(student)
    accessible(student, "#intake-outcome")  # (above the content)
    import transaction

    transaction.begin()
    brains = api.portal.get_tool("portal_catalog").unrestrictedSearchResults(
        portal_type="Deviation"
    )
    case = next(
        b for b in brains if b.Title == "Cold lecture hall"
    )._unrestrictedGetObject()
    assert "Room: R1" in case.form_answers


def test_keyboard_reaches_the_report_form(site, as_user):
    page = as_user("student1")
    page.goto(site.absolute_url() + "/faculties/ie")
    for _ in range(80):
        page.keyboard.press("Tab")
        if (
            page.evaluate("document.activeElement && document.activeElement.id")
            == "report-deviation-button"
        ):
            break
    else:
        raise AssertionError("the report button cannot be reached with the keyboard")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*@@report-deviation$"))
    shot(page, "31-keyboard")
    accessible(page)


@pytest.mark.parametrize(
    "language,words",
    [
        ("nb", ["Meld avvik", "Varsle om kritikkverdige forhold"]),
        ("en", ["Report a deviation"]),
    ],
)
def test_faculty_page_in_the_users_language(site, as_user, language, words):
    page = as_user("student1", language=language)
    page.goto(site.absolute_url() + "/faculties/ie")
    for word in words:
        assert word in page.content()
    shot(page, f"41-faculty-{language}")
    accessible(page)
