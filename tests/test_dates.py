"""Dates as the reader writes them (issue 17): ``dd.mm.yyyy`` for Norwegian
readers, ISO 8601 for the others, on pages (the request's language) and in
mails (each recipient's language); REST keeps ISO."""

from DateTime import DateTime
from datetime import date
from datetime import datetime
from functools import partial
from helpers import DEVIATION
from helpers import make_deviation
from ntnu.casemgmt import _
from ntnu.casemgmt.browser import dates as page_dates
from ntnu.casemgmt.core import dates
from ntnu.casemgmt.core import deadline_change
from ntnu.casemgmt.core import mail
from ntnu.casemgmt.parts import hearings
from ntnu.casemgmt.parts import letters
from plone import api
from plone.testing.zope import Browser

import json
import pytest
import re
import transaction


ISO_DATE = re.compile(r"(?<![\d-])\d{4}-\d{2}-\d{2}(?![\d-])")
NORWEGIAN_DATE = re.compile(r"(?<![\d.])\d{2}\.\d{2}\.\d{4}(?![\d.])")


# -- the rule (core/dates.py) -------------------------------------------------


@pytest.mark.parametrize("language", ["nb", "no", "nn", "nb-NO", "NB"])
def test_norwegian_codes_read_norwegian_dates(language):
    assert dates.is_norwegian(language)
    assert dates.format_date(date(2026, 3, 9), language) == "09.03.2026"


@pytest.mark.parametrize("language", ["en", "en-GB", "de", "", None])
def test_other_languages_read_iso_dates(language):
    assert not dates.is_norwegian(language)
    assert dates.format_date(date(2026, 3, 9), language) == "2026-03-09"


def test_format_date_reads_every_kind_of_day():
    assert dates.format_date(datetime(2026, 3, 9, 23, 5), "nb") == "09.03.2026"
    assert dates.format_date("2026-03-09", "nb") == "09.03.2026"
    assert dates.format_date("2026-03-09T10:00:00+01:00", "nb") == "09.03.2026"
    assert dates.format_date(DateTime("2026/03/09 10:00 UTC"), "nb") == "09.03.2026"
    assert dates.format_date(None, "nb") == ""
    assert dates.format_date("", "en") == ""


def test_format_date_refuses_what_is_no_date():
    with pytest.raises(ValueError):
        dates.format_date("next week", "nb")


def test_format_datetime_to_the_minute():
    when = datetime(2026, 3, 9, 8, 5, 59)
    assert dates.format_datetime(when, "nb") == "09.03.2026 kl. 08:05"
    assert dates.format_datetime(when, "en") == "2026-03-09 08:05"
    assert dates.format_datetime("2026-03-09T08:05:00", "nb") == "09.03.2026 kl. 08:05"
    zope = DateTime("2026/03/09 08:05 UTC")
    assert dates.format_datetime(zope, "en") == zope.strftime("%Y-%m-%d %H:%M")
    assert dates.format_datetime(zope, "nb") == zope.strftime("%d.%m.%Y kl. %H:%M")
    # a plain day has no time of day to show
    assert dates.format_datetime(date(2026, 3, 9), "nb") == "09.03.2026"
    assert dates.format_datetime(None, "en") == ""


def test_format_month():
    assert dates.format_month("2026-01", "nb") == "01.2026"
    assert dates.format_month("2026-01", "en") == "2026-01"
    assert dates.format_month(None, "nb") == ""


def test_localized_writes_the_dates_of_a_mapping():
    mapping = {
        "deadline": date(2026, 12, 20),
        "when": datetime(2026, 12, 1, 9, 30),
        "month": partial(dates.format_month, "2026-11"),
        "count": 3,
        "case_number": "AVVIK-2026-00001",
    }
    assert dates.localized(mapping, "nb") == {
        "deadline": "20.12.2026",
        "when": "01.12.2026 kl. 09:30",
        "month": "11.2026",
        "count": 3,
        "case_number": "AVVIK-2026-00001",
    }
    english = dates.localized(mapping, "en")
    assert english["deadline"] == "2026-12-20"
    assert english["month"] == "2026-11"
    assert mapping["deadline"] == date(2026, 12, 20)  # the mapping is kept


def test_request_language_decides_on_pages():
    assert page_dates.format_date(date(2026, 3, 9), {"LANGUAGE": "nb"}) == "09.03.2026"
    assert page_dates.format_date(date(2026, 3, 9), {"LANGUAGE": "en"}) == "2026-03-09"
    assert (
        page_dates.format_datetime(datetime(2026, 3, 9, 8, 5), {"LANGUAGE": "nb"})
        == "09.03.2026 kl. 08:05"
    )
    assert page_dates.format_month("2026-03", {"LANGUAGE": "nb"}) == "03.2026"
    assert page_dates.is_norwegian({"LANGUAGE": "nb"})


def test_deadline_change_comment_in_the_readers_language():
    entry = {
        "action": deadline_change.ACTION,
        "comments": "2026-12-20 → 2027-01-10: More time: Christmas.",
        "old_deadline": "2026-12-20",
        "new_deadline": "2027-01-10",
    }
    assert (
        deadline_change.written_comment(entry, "nb")
        == "20.12.2026 → 10.01.2027: More time: Christmas."
    )
    assert deadline_change.written_comment(entry, "en") == entry["comments"]
    unset = dict(entry, old_deadline="-", comments="- → 2027-01-10: Set.")
    assert deadline_change.written_comment(unset, "nb") == "- → 10.01.2027: Set."
    other = {"action": "approve", "comments": "Until 2026-12-20."}
    assert deadline_change.written_comment(other, "nb") == "Until 2026-12-20."


def test_hearing_answers_dated_in_the_readers_language():
    responses = "Line Manager IE (2026-11-29):\nMove the exam (2026-12-01)."
    assert hearings.written_responses(responses, "nb") == (
        "Line Manager IE (29.11.2026):\nMove the exam (2026-12-01)."
    )
    assert hearings.written_responses(responses, "en") == responses
    assert hearings.written_responses(None, "nb") == ""


# -- pages and mails ---------------------------------------------------------------


@pytest.fixture
def app(demo_functional):
    return demo_functional["app"]


@pytest.fixture
def case(demo_functional):
    portal = demo_functional["portal"]
    with api.env.adopt_user(username="student1"):
        case = make_deviation(portal["faculties"]["ie"], **DEVIATION)
    case.event_date = date(2026, 10, 1)
    transaction.commit()
    return case


def page(app, url, user, language):
    browser = Browser(app)
    browser.handleErrors = False
    browser.addHeader("Accept-Language", language)
    browser.addHeader("Authorization", f"Basic {user}:demodemo")
    browser.open(url)
    return browser.contents


def test_case_page_dates_in_the_readers_language(app, case):
    iso = case.deadline.isoformat()
    norwegian = case.deadline.strftime("%d.%m.%Y")
    english = page(app, case.absolute_url(), "reception-ie", "en")
    assert iso in english
    assert "2026-10-01" in english  # the event's date
    assert norwegian not in english
    assert not NORWEGIAN_DATE.search(english)
    bokmal = page(app, case.absolute_url(), "reception-ie", "nb")
    assert norwegian in bokmal
    assert "01.10.2026" in bokmal
    assert case.received.strftime("%d.%m.%Y kl. %H:%M") in bokmal
    assert iso not in bokmal


def pdf_text(app, url, user, language):
    from io import BytesIO
    from pypdf import PdfReader

    browser = Browser(app)
    browser.handleErrors = False
    browser.addHeader("Accept-Language", language)
    browser.addHeader("Authorization", f"Basic {user}:demodemo")
    browser.open(url)
    pages = PdfReader(BytesIO(browser.contents)).pages
    return "\n".join(p.extract_text() for p in pages)


def test_case_record_pdf_dates_in_its_language(app, case):
    url = f"{case.absolute_url()}/@@case-report.pdf"
    english = pdf_text(app, url, "reception-ie", "en")
    assert case.received.strftime("%Y-%m-%d") in english
    assert case.deadline.isoformat() in english
    assert not NORWEGIAN_DATE.search(english)
    bokmal = pdf_text(app, url, "reception-ie", "nb")
    assert case.received.strftime("%d.%m.%Y") in bokmal
    assert case.deadline.strftime("%d.%m.%Y") in bokmal
    assert not ISO_DATE.search(bokmal)


@pytest.mark.parametrize(
    "language,written", [("en", "2026-03-09"), ("nb", "09.03.2026")]
)
def test_letter_dates_in_the_recipients_language(case, language, written):
    values = letters.values(case, "student1", language, today=date(2026, 3, 9))
    assert values["date"] == written
    pattern = NORWEGIAN_DATE if language == "nb" else ISO_DATE
    assert pattern.fullmatch(values["deadline"])
    assert pattern.fullmatch(values["received"])


def test_case_list_and_rest_keep_iso(app, case, demo_functional):
    """The HTML list follows the reader; ``@cases`` (JSON) stays ISO."""
    url = demo_functional["portal"].absolute_url()
    listing = page(app, f"{url}/@@case-list", "reception-ie", "nb")
    assert case.deadline.strftime("%d.%m.%Y") in listing
    assert case.deadline.isoformat() not in listing
    browser = Browser(app)
    browser.handleErrors = False
    browser.addHeader("Accept", "application/json")
    browser.addHeader("Accept-Language", "nb")
    browser.addHeader("Authorization", "Basic reception-ie:demodemo")
    browser.open(f"{url}/@cases")
    deadlines = {item["deadline"] for item in json.loads(browser.contents)["items"]}
    assert case.deadline.isoformat() in deadlines


@pytest.mark.parametrize(
    "language,written", [("en", "2026-12-20"), ("nb", "20.12.2026")]
)
def test_mail_dates_in_the_recipients_language(
    demo_functional, mailbox, language, written
):
    api.user.get(userid="student1").setMemberProperties({"language": language})
    other = "nb" if language == "en" else "en"
    api.user.get(userid="student2").setMemberProperties({"language": other})
    mail.send(
        _("Deadline ${deadline}"),
        _("The deadline is ${deadline}, set ${when}."),
        {"deadline": date(2026, 12, 20), "when": datetime(2026, 12, 1, 9, 30)},
        user_ids=["student1", "student2"],
    )
    transaction.commit()
    (message,) = mailbox.to("student1@example.org")
    assert message["subject"] == f"Deadline {written}"
    assert written in message["body"]
    (message,) = mailbox.to("student2@example.org")
    assert written not in message["body"]


def test_english_reader_gets_iso_dates_in_a_process_mail(demo_functional, mailbox):
    api.user.get(userid="student1").setMemberProperties({"language": "en"})
    transaction.commit()
    portal = demo_functional["portal"]
    with api.env.adopt_user(username="student1"):
        case = make_deviation(portal["faculties"]["ie"], **DEVIATION)
    transaction.commit()
    (receipt,) = mailbox.to("student1@example.org")
    assert case.deadline.isoformat() in receipt["body"]
    assert not NORWEGIAN_DATE.search(receipt["body"])


def test_norwegian_reader_gets_norwegian_dates_in_a_process_mail(
    demo_functional, mailbox
):
    api.user.get(userid="student1").setMemberProperties({"language": "nb"})
    transaction.commit()
    portal = demo_functional["portal"]
    with api.env.adopt_user(username="student1"):
        case = make_deviation(portal["faculties"]["ie"], **DEVIATION)
    transaction.commit()
    (receipt,) = mailbox.to("student1@example.org")
    assert case.deadline.strftime("%d.%m.%Y") in receipt["body"]
    assert not ISO_DATE.search(receipt["body"])
