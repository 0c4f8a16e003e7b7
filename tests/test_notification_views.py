"""The notification pages as people use them, and what their HTML leaves out."""

from ntnu.casemgmt.core import ratelimit
from plone.testing.zope import Browser
from test_notification_security import make_notification

import pytest
import re
import transaction


@pytest.fixture
def app(demo_functional):
    ratelimit.reset()
    return demo_functional["app"]


def browser_for(app, user=None, language="en"):
    browser = Browser(app)
    browser.handleErrors = False
    browser.addHeader("Accept-Language", language)
    if user:
        browser.addHeader("Authorization", f"Basic {user}:demodemo")
    return browser


def test_anonymous_notifies_and_follows_with_the_code(app, mailbox):
    browser = browser_for(app)
    browser.open(app.plone.absolute_url())
    browser.getLink(id="notify-button").click()
    browser.getControl(name="form.widgets.category:list").value = ["bullying"]
    browser.getControl(
        name="form.widgets.title"
    ).value = "Exclusion from the study group"
    browser.getControl(name="form.widgets.event_description").value = "Since September."
    browser.getControl(name="form.buttons.send").click()
    code = re.search(r'id="receipt-code">([^<]+)<', browser.contents).group(1)
    assert len(code) > 40
    number = re.search(r"VARSEL-\d{4}-\d{5}", browser.contents).group(0)
    assert len(mailbox.to("speakup@example.org")) == 1
    # the officer writes a message
    transaction.begin()
    case = app.plone.portal_catalog.unrestrictedSearchResults(case_number=number)[
        0
    ]._unrestrictedGetObject()
    from ntnu.casemgmt.notification.rules import add_message

    add_message(case, "Can you tell us which course?", "officer")
    transaction.commit()
    # later, with nothing but the code
    later = browser_for(app)
    later.open(app.plone.absolute_url() + "/@@receipt")
    later.getControl(name="receipt").value = code
    later.getControl(name="form.buttons.show").click()
    assert number in later.contents
    assert "Can you tell us which course?" in later.contents
    later.getControl(name="text").value = "TDT4100."
    later.getControl(name="form.buttons.send").click()
    assert "TDT4100." in later.contents
    assert code not in later.url


def test_wrong_code_on_the_page(app):
    browser = browser_for(app)
    browser.open(app.plone.absolute_url() + "/@@receipt")
    browser.getControl(name="receipt").value = "abc-def"
    browser.getControl(name="form.buttons.show").click()
    assert "No case has this receipt code." in browser.contents


def test_central_reception_forwards_from_its_queue(app):
    portal = app.plone
    case = make_notification(portal, "received")
    transaction.commit()
    browser = browser_for(app, "speakup")
    browser.open(portal.absolute_url() + "/@@notification-queue")
    assert case.case_number in browser.contents
    browser.getLink(case.case_number).click()
    browser.getLink(id="action-forward").click()
    browser.getControl(name="form.widgets.faculty:list").value = ["ie"]
    browser.getControl(name="form.buttons.save").click()
    assert "@@notification-queue" in browser.url
    assert "No notifications are waiting." in browser.contents


@pytest.fixture
def investigated(app):
    case = make_notification(app.plone, "investigation")
    case.summary = "The accused admitted the comments."
    case.outcome = "Counselling agreed."
    transaction.commit()
    return case


def test_findings_are_not_in_the_html_for_a_non_party_notifier(app, investigated):
    browser = browser_for(app, "student1")
    browser.open(investigated.absolute_url())
    assert investigated.case_number in browser.contents
    assert "The accused admitted the comments." not in browser.contents
    assert "Counselling agreed." not in browser.contents
    party = browser_for(app, "student2")
    party.open(investigated.absolute_url())
    assert "The accused admitted the comments." in party.contents


def test_notifier_identity_withheld_from_parties(app, investigated):
    party = browser_for(app, "student2")
    party.open(investigated.absolute_url())
    assert "Student One" in party.contents
    investigated.hide_notifier_from_parties = True
    transaction.commit()
    party.open(investigated.absolute_url())
    assert "Student One" not in party.contents
    officer = browser_for(app, "varsling-ie")
    officer.open(investigated.absolute_url())
    assert "Student One" in officer.contents


@pytest.mark.parametrize(
    "user", ["reception-ie", "linemanager-ie", "caseworker-ie", "speakup"]
)
def test_deviation_staff_of_the_faculty_get_nothing(app, investigated, user):
    browser = browser_for(app, user)
    browser.handleErrors = True
    browser.raiseHttpErrors = False
    browser.open(investigated.absolute_url())
    # Plone answers with its login / insufficient-privileges page
    assert (
        browser.headers["status"].split()[0] in ("401", "403")
        or browser.url.endswith(("insufficient-privileges", "login"))
        or "require_login" in browser.url
    )
    assert investigated.case_number not in browser.contents
    assert "The accused admitted" not in browser.contents


def test_officer_buttons(app, investigated):
    browser = browser_for(app, "varsling-ie")
    browser.open(investigated.absolute_url())
    assert "transition-assess" in browser.contents
    assert "transition-close" in browser.contents
    # one form per conversation: this one is the notifier's
    form = browser.getForm(id="message-form-notifier")
    form.getControl(name="message").value = "We will call you in for an interview."
    form.getControl(name="form.buttons.message").click()
    notifier = browser_for(app, "student1")
    notifier.open(investigated.absolute_url())
    assert "We will call you in for an interview." in notifier.contents
    party = browser_for(app, "student2")
    party.open(investigated.absolute_url())
    assert "We will call you in for an interview." not in party.contents
