"""The Classic UI pages of the deviation process, used as a person would:
log in, click the buttons, fill in the forms."""

from helpers import DEVIATION
from helpers import make_deviation
from plone import api
from plone.testing.zope import Browser

import pytest
import transaction


@pytest.fixture
def app(demo_functional):
    return demo_functional["app"]


@pytest.fixture
def portal(demo_functional):
    return demo_functional["portal"]


def browser_for(app, user, language="en"):
    browser = Browser(app)
    browser.handleErrors = False
    browser.addHeader("Accept-Language", language)
    browser.addHeader("Authorization", f"Basic {user}:demodemo")
    return browser


def case_of(app, url):
    transaction.begin()
    return app.plone.unrestrictedTraverse(url.split("/plone/", 1)[1])


@pytest.fixture
def case_url(portal):
    faculty = portal["faculties"]["ie"]
    with api.env.adopt_user(username="student1"):
        case = make_deviation(faculty, **DEVIATION)
    transaction.commit()
    return case.absolute_url()


def test_front_page_has_report_button(app):
    browser = browser_for(app, "student1")
    browser.open(app.plone.absolute_url())
    assert "report-deviation-button" in browser.contents
    browser.open(app.plone.faculties.ie.absolute_url())
    assert "report-deviation-button" in browser.contents


def test_student_reports_through_the_form(app, mailbox):
    browser = browser_for(app, "student1")
    browser.open(app.plone.absolute_url())
    browser.getLink(id="report-deviation-button").click()
    browser.getControl(name="form.widgets.category:list").value = ["teaching"]
    browser.getControl(name="form.widgets.title").value = "No lecture notes"
    browser.getControl(name="form.widgets.event_description").value = "Week 3 to 6."
    browser.getControl(name="form.widgets.prior_attempts").value = "Asked the lecturer."
    browser.getControl(name="form.buttons.send").click()
    # teaching concerns a course: the code is asked for
    assert "the course code is required for this category" in browser.contents
    browser.getControl(name="form.widgets.course_code").value = "tdt4100"
    browser.getControl(name="form.buttons.send").click()
    assert "AVVIK-" in browser.contents
    assert "/faculties/ie/avvik-" in browser.url
    assert len(mailbox.to("student1@example.org")) == 1


def test_report_form_is_dynamic(app):
    browser = browser_for(app, "student1")
    browser.open(app.plone.absolute_url() + "/@@report-deviation")
    assert "formfield-form-widgets-course_code" in browser.contents
    assert '"teaching": true' in browser.contents  # the rule the page script applies


def test_report_form_shows_errors(app):
    browser = browser_for(app, "student1")
    browser.open(app.plone.absolute_url() + "/@@report-deviation")
    browser.getControl(name="form.widgets.title").value = "Only a title"
    browser.getControl(name="form.buttons.send").click()
    assert "Required input is missing" in browser.contents
    assert "/@@report-deviation" in browser.url


def test_reception_approves_with_buttons(app, case_url, mailbox):
    browser = browser_for(app, "reception-ie")
    browser.open(app.plone.absolute_url() + "/@@case-inbox")
    assert "AVVIK-" in browser.contents
    browser.open(case_url)
    assert "transition-approve" in browser.contents
    assert "action-transfer" in browser.contents
    browser.getLink(id="transition-approve").click()
    browser.getControl(name="form.widgets.case_worker").value = "caseworker-ie"
    browser.getControl(name="form.buttons.save").click()
    assert browser.url == case_url
    assert 'data-state="in_progress"' in browser.contents
    assert len(mailbox.to("caseworker-ie@example.org")) == 1


def test_reject_form_requires_comment(app, case_url):
    browser = browser_for(app, "reception-ie")
    browser.open(case_url + "/@@case-transition?transition=reject")
    browser.getControl(name="form.buttons.save").click()
    assert "Required input is missing." in browser.contents
    transaction.begin()
    assert api.content.get_state(case_of(app, case_url)) == "submitted"
    browser.getControl(name="form.widgets.comment").value = "Handled elsewhere."
    browser.getControl(name="form.buttons.save").click()
    assert 'data-state="rejected"' in browser.contents
    assert "Handled elsewhere." in browser.contents


def test_reporter_sees_status_but_no_buttons(app, case_url):
    browser = browser_for(app, "student1")
    browser.open(case_url)
    assert 'data-state="submitted"' in browser.contents
    assert "transition-" not in browser.contents
    assert "action-transfer" not in browser.contents
    assert "action-edit" not in browser.contents
    assert "casemgmt-history" not in browser.contents


def test_transfer_form(app, case_url, mailbox):
    browser = browser_for(app, "reception-ie")
    browser.open(case_url)
    browser.getLink(id="action-transfer").click()
    browser.getControl(name="form.widgets.faculty:list").value = ["nv"]
    browser.getControl(name="form.buttons.save").click()
    assert "@@case-inbox" in browser.url
    assert len(mailbox.to("reception-nv@example.org")) == 1


def test_my_cases_shows_closing_comment(app, portal, case_url):
    case = case_of(app, case_url)
    with api.env.adopt_user(username="reception-ie"):
        api.content.transition(obj=case, transition="approve")
        api.content.transition(
            obj=case, transition="close", comment="Fixed for next term."
        )
    transaction.commit()
    browser = browser_for(app, "student1")
    browser.open(app.plone.absolute_url() + "/@@my-cases")
    assert case.case_number in browser.contents
    assert "Fixed for next term." in browser.contents


def test_my_work_lists_overdue_first(app, portal):
    faculty = portal["faculties"]["ie"]
    from datetime import date
    from datetime import timedelta

    numbers = {}
    for name, days in (("later", 20), ("overdue", -3)):
        with api.env.adopt_user(username="student1"):
            case = make_deviation(faculty, **dict(DEVIATION, title=name))
        with api.env.adopt_user(username="reception-ie"):
            case.case_worker = "caseworker-ie"
            api.content.transition(obj=case, transition="approve")
        case.deadline = date.today() + timedelta(days=days)
        case.reindexObject()
        numbers[name] = case.case_number
    transaction.commit()
    browser = browser_for(app, "caseworker-ie")
    browser.open(app.plone.absolute_url() + "/@@my-work")
    text = browser.contents
    assert text.index(numbers["overdue"]) < text.index(numbers["later"])
    assert "casemgmt-overdue" in text


def test_hearing_participant_answers(app, portal, case_url):
    from datetime import date
    from datetime import timedelta

    case = case_of(app, case_url)
    with api.env.adopt_user(username="reception-ie"):
        api.content.transition(obj=case, transition="approve")
        hearing = api.content.create(
            container=case,
            type="Hearing",
            title="Hearing",
            question="What do you think?",
            participants=["staff1"],
            deadline=date.today() + timedelta(days=5),
        )
    transaction.commit()
    browser = browser_for(app, "staff1")
    browser.open(case_url)
    assert case.case_number in browser.contents
    browser.open(hearing.absolute_url() + "/@@hearing-answer")
    browser.getControl(name="form.widgets.answer").value = "Move the exam."
    browser.getControl(name="form.buttons.save").click()
    transaction.begin()
    assert "Move the exam." in case[hearing.getId()].responses


def test_norwegian_case_page(app, case_url):
    browser = browser_for(app, "reception-ie", language="nb")
    browser.open(case_url)
    assert "Saksnummer" in browser.contents


@pytest.mark.parametrize(
    "user,present,absent",
    [
        (
            "student1",
            ["@@my-cases", "@@my-work"],
            ["@@case-inbox", "@@notification-queue"],
        ),
        ("reception-ie", ["@@case-inbox"], ["@@notification-queue"]),
        ("varsling-ie", ["@@case-inbox"], ["@@notification-queue"]),
        ("speakup", ["@@notification-queue"], ["@@case-inbox"]),
    ],
)
def test_user_menu_links(app, user, present, absent):
    browser = browser_for(app, user)
    browser.open(app.plone.absolute_url() + "/faculties")
    for link in present:
        assert link in browser.contents, link
    for link in absent:
        assert link not in browser.contents, link


def test_notification_unit_inbox(app, portal):
    from test_notification_security import make_notification

    case = make_notification(portal, "forwarded")
    transaction.commit()
    browser = browser_for(app, "varsling-ie")
    browser.open(app.plone.absolute_url() + "/@@case-inbox")
    assert case.case_number in browser.contents
    other = browser_for(app, "reception-ie")
    other.open(app.plone.absolute_url() + "/@@case-inbox")
    assert case.case_number not in other.contents


def test_faculty_page_lists_guidelines_in_the_readers_language(app):
    browser = browser_for(app, "student1", language="nb")
    browser.open(app.plone.faculties.ie.absolute_url())
    assert "Slik melder du avvik" in browser.contents
    assert "How to report a deviation" not in browser.contents
    english = browser_for(app, "student1", language="en")
    english.open(app.plone.faculties.ie.absolute_url())
    assert "How to report a deviation" in english.contents
    assert "Slik melder du avvik" not in english.contents


def test_guideline_page_shows_its_metadata(app):
    browser = browser_for(app, "student1")
    browser.open(app.plone.guidelines["report-deviation-en"].absolute_url())
    assert 'id="decided-by"' in browser.contents
    assert 'id="valid-from"' in browser.contents
    assert "Norsk versjon" in browser.contents
    browser.getLink(id="other-language").click()
    assert browser.url.endswith("report-deviation-nb")
    assert "English version" in browser.contents


def test_work_lists_are_paged(app, portal):
    from datetime import date
    from datetime import timedelta

    faculty = portal["faculties"]["ie"]
    numbers = []
    for i in range(23):
        with api.env.adopt_user(username="student1"):
            case = make_deviation(faculty, **dict(DEVIATION, title=f"Case {i}"))
        case.deadline = date.today() + timedelta(days=i - 2)
        case.reindexObject()
        numbers.append(case.case_number)
    transaction.commit()
    browser = browser_for(app, "reception-ie")
    browser.open(app.plone.absolute_url() + "/@@case-inbox")
    first = browser.contents
    assert numbers[0] in first and numbers[19] in first and numbers[20] not in first
    assert first.index(numbers[0]) < first.index(numbers[5])  # overdue first
    assert "<span>23 <span>" in first  # the total of all pages, not of the sorted part
    browser.getLink(id="next-page").click()
    assert numbers[22] in browser.contents and numbers[0] not in browser.contents
    assert "<span>23 <span>" in browser.contents


def test_work_lists_take_the_whole_page(app, portal):
    """A work list is a wide table: the side columns' portlets stay on the
    site's other pages and are not drawn (nor asked) beside the lists."""
    from plone.portlet.static.static import Assignment
    from plone.portlets.interfaces import IPortletAssignmentMapping
    from plone.portlets.interfaces import IPortletManager
    from zope.component import getMultiAdapter
    from zope.component import getUtility

    for column in ("plone.leftcolumn", "plone.rightcolumn"):
        manager = getUtility(IPortletManager, name=column, context=portal)
        mapping = getMultiAdapter((portal, manager), IPortletAssignmentMapping)
        mapping[f"note-{column}"] = Assignment(
            header=f"Side note {column}", text="<p>Beside</p>"
        )
    transaction.commit()
    browser = browser_for(app, "reception-ie")
    browser.open(app.plone.absolute_url())
    assert "Side note plone.leftcolumn" in browser.contents
    assert "Side note plone.rightcolumn" in browser.contents
    for user, view in (
        ("reception-ie", "@@case-inbox"),
        ("caseworker-ie", "@@my-work"),
        ("student1", "@@my-cases"),
        ("speakup", "@@notification-queue"),
    ):
        browser = browser_for(app, user)
        browser.open(f"{app.plone.absolute_url()}/{view}")
        assert "Side note" not in browser.contents, view
        assert 'id="portal-column-one"' not in browser.contents
        assert 'id="portal-column-two"' not in browser.contents
        assert 'id="portal-column-content"' in browser.contents


@pytest.mark.parametrize(
    "view", ["@@case-inbox", "@@my-work", "@@my-cases", "@@notification-queue"]
)
def test_work_lists_ask_anonymous_to_log_in(app, view):
    """Someone whose log-in has expired is asked to log in again, not told
    that there are no cases."""
    browser = Browser(app)
    browser.handleErrors = True
    browser.raiseHttpErrors = False
    browser.open(f"{app.plone.absolute_url()}/{view}")
    assert (
        "/login?came_from=" in browser.url
        and view.replace("@@", "%40%40") in browser.url
    )
    assert "No new cases" not in browser.contents
    assert "There are no cases here" not in browser.contents
