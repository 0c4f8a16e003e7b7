"""Norwegian through and through (issue 17): with ``nb`` no page of the
three journeys and no e-mail sent on the way shows English text.

The journeys run over REST (as in test_deviation_process.py and
test_notification_process.py); after each step the pages the users reach
are fetched over HTTP with ``Accept-Language: nb``, stripped of what users
typed and of proper names, and searched for English strings of a list
gathered by looking at the same pages in English.
"""

from helpers import Client
from helpers import DEMO_USER_IDS
from helpers import DEVIATION
from helpers import PASSWORD
from lxml import html
from ntnu.casemgmt.core import ratelimit
from plone import api
from pprint import pformat

import pytest
import re
import requests
import transaction


NOTIFICATION = {
    "title": "Comments in the lab group",
    "category": "harassment",
    "event_description": "Repeated comments about my background in lab sessions.",
    "persons_involved": "A fellow student in the lab group",
    "witnesses": "Two others in the group",
    "accused_faculty": "ie",
}

#: English words and phrases seen on the pages and e-mails in English
#: (Plone's frame, z3c.form, the add-on); matched as whole words. Left
#: out: words Norwegian writes the same ("Status", "Info", "Filter",
#: "Send", "To").
ENGLISH = [
    "There were some errors",
    "Required input is missing",
    "Log in",
    "Log out",
    "Search Site",
    "Site Map",
    "Accessibility",
    "Contact",
    "Powered by Plone",
    "Cases where you are",
    "Deadline",
    "Submitted",
    "In progress",
    "Closed",
    "Received",
    "Case number",
    "Save",
    "Cancel",
    "Choose",
    "No value",
    "by",
    "last modified",
    "Actions",
    "Contents",
    "Error",
    "Home",
    "You are here",
    "Navigation",
    "Skip to",
    "Category",
    "Title",
    "Description",
    "History",
    "Comment",
    "Report",
    "My cases",
    "My work",
    "Inbox",
    "Case worker",
    "Faculty",
    "Severity",
    "Overdue",
    "days",
    "Dear",
    "Your",
    "your",
    "the",
    "has been",
    "Regards",
    "Kind regards",
    "Best regards",
    "Approve",
    "Reject",
    "Close",
    "Forward",
    "Acknowledge",
    "Letter",
    "Measures",
    "Hearing",
    "Notification",
    "Deviation",
    "New deviation",
    "Receipt",
    "Search",
    "Previous",
    "Next",
    "Export",
    "Period",
    "From",
]

#: English still shown, with what is missing (the test turns xfail on these
#: alone, naming them).
KNOWN = {
    "Error": "'Error' heading on a form submitted empty (z3c.form/Plone "
    "status message; its template and domain not yet found)",
}

#: What users typed and proper names: removed before the search.
TYPED = [
    *(v for v in DEVIATION.values() if isinstance(v, str)),
    *NOTIFICATION.values(),
    "A written warning was given.",
    "Grades are now on time.",
    "Over to you",
    "Student One",
    "Reception IE",
    "Case Worker IE",
    "Line Manager IE",
    "SpeakUp Reception",
    "Notification Unit IE",
    "Dean IE",
    "Quality Division",
    "SpeakUp",
    "Plone",  # the site's name in the demo until the branding sets one
    "Feide",
]

ISO_DATE = re.compile(r"(?<![\d-])\d{4}-\d{2}-\d{2}(?![\d-])")


def visible_text(markup):
    """The text a reader sees on an HTML page (no scripts, styles,
    attributes other than titles, placeholders and alt texts)."""
    tree = html.fromstring(markup)
    for element in tree.xpath("//script|//style|//noscript|//template"):
        element.drop_tree()
    # (visually hidden text is read aloud: it counts as text and is kept)
    parts = [tree.text_content()]
    # (Barceloneta's index.html: the offcanvas button's "Close" is not
    # translatable, see test_theme_frame_in_norwegian)
    for element in tree.xpath('//button[contains(@class, "btn-close")]'):
        element.attrib.pop("aria-label", None)
    parts += tree.xpath("//@title|//@placeholder|//@alt|//@aria-label")
    parts += tree.xpath('//input[@type="submit" or @type="button"]/@value')
    parts += tree.xpath("//head/title/text()")
    return "\n".join(parts)


def english_in(text):
    """The strings of :data:`ENGLISH` found in ``text`` once typed text and
    proper names are taken out."""
    for typed in sorted(TYPED, key=len, reverse=True):
        text = text.replace(typed, " ")
    return sorted({
        word
        for word in ENGLISH
        if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text)
    })


class Pages:
    """Fetches pages in ``nb`` and keeps what was English on each."""

    def __init__(self):
        self.found = {}
        self.dates = {}

    def check(self, url, user=None, data=None, expect=200):
        """Fetch ``url`` as ``user`` (POST when ``data``) and note English
        text and ISO dates."""
        session = requests.Session()
        session.auth = (user, PASSWORD) if user else None
        session.headers.update({"Accept": "text/html", "Accept-Language": "nb"})
        if data is not None:
            # the form's hidden fields (the CSRF token among them) first
            form = html.fromstring(session.get(url, timeout=60).text)
            hidden = {
                field.get("name"): field.get("value") or ""
                for field in form.xpath('//input[@type="hidden"][@name]')
            }
            data = {**hidden, **data}
        response = session.request(
            "POST" if data is not None else "GET", url, data=data, timeout=60
        )
        assert response.status_code == expect, (url, user, response.status_code)
        self.note(f"{user or 'anonymous'} {url}", visible_text(response.text))
        return response

    def note(self, where, text):
        english = english_in(text)
        dates = ISO_DATE.findall(text)
        if english:
            self.found[where] = english
        if dates:
            self.dates[where] = dates

    def mails(self, mailbox):
        # (a functional address, e.g. a faculty's reception, is no member:
        # it reads the site's default language, English in the demo)
        members = {f"{user_id}@example.org" for user_id in DEMO_USER_IDS}
        for message in mailbox.messages():
            if message["to"] not in members:
                continue
            where = f"mail to {message['to']}: {message['subject']}"
            self.note(where, message["subject"])
            self.note(f"{where} (body)", message["body"])

    def assert_norwegian(self):
        unknown = {
            where: [word for word in english if word not in KNOWN]
            for where, english in self.found.items()
        }
        unknown = {where: english for where, english in unknown.items() if english}
        assert not unknown, pformat(unknown)
        if self.found:
            pytest.xfail(
                "; ".join(sorted({KNOWN[w] for e in self.found.values() for w in e}))
                + ": "
                + pformat(self.found)
            )
        if self.dates:
            pytest.xfail(
                "ISO dates still on nb pages and in mails (browser/dates.py's "
                "format_date not used there yet): " + pformat(self.dates)
            )


@pytest.fixture
def site(demo_functional):
    ratelimit.reset()
    portal = demo_functional["portal"]
    for user_id in DEMO_USER_IDS:
        api.user.get(userid=user_id).setMemberProperties({"language": "nb"})
    transaction.commit()
    return portal


def client(site, user=None):
    return Client(site.absolute_url(), user, language="nb")


def test_english_in_finds_english_but_not_typed_text():
    assert english_in("Saksnummer: 12\nDeadline 12.03.2026") == ["Deadline"]
    assert english_in("Student One skrev: " + DEVIATION["event_description"]) == []
    assert english_in("Lagre  Avbryt") == []


def test_deviation_journey_in_norwegian(site, mailbox):
    pages = Pages()
    root = site.absolute_url()
    faculty = site["faculties"]["ie"].absolute_url()
    pages.check(f"{faculty}/@@report-deviation", "student1")
    pages.check(
        f"{faculty}/@@report-deviation",
        "student1",
        data={"form.buttons.send": "x"},
    )
    response = client(site, "student1").post("@report-deviation", DEVIATION)
    assert response.status_code == 201, response.text
    url = response.json()["@id"]
    pages.check(f"{root}/@@my-cases", "student1")
    pages.check(url, "student1")
    pages.check(f"{root}/@@case-inbox", "reception-ie")
    pages.check(url, "reception-ie")
    pages.check(f"{url}/@@case-transition?transition=approve", "reception-ie")
    pages.check(f"{url}/@@case-transition?transition=reject", "reception-ie")
    pages.check(
        f"{url}/@@case-transition",
        "reception-ie",
        data={"transition": "reject", "form.buttons.save": "x"},
    )
    reception = client(site, "reception-ie")
    assert reception.patch(url, {"case_worker": "caseworker-ie"}).status_code == 204
    assert reception.post(f"{url}/@workflow/approve", {}).status_code == 200
    pages.check(f"{root}/@@case-list", "reception-ie")
    pages.check(f"{faculty}/@@case-list", "reception-ie")
    pages.check(f"{root}/@@my-work", "caseworker-ie")
    pages.check(url, "caseworker-ie")
    pages.check(f"{url}/@@change-deadline", "caseworker-ie")
    pages.check(f"{url}/@@case-transition?transition=close", "caseworker-ie")
    worker = client(site, "caseworker-ie")
    response = worker.post(
        f"{url}/@workflow/close", {"comment": "Grades are now on time."}
    )
    assert response.status_code == 200, response.text
    pages.check(url, "student1")
    pages.check(f"{root}/@@my-cases", "student1")
    pages.mails(mailbox)
    pages.assert_norwegian()


def test_notification_journey_in_norwegian(site, mailbox):
    pages = Pages()
    root = site.absolute_url()
    pages.check(f"{root}/@@notify")
    pages.check(f"{root}/@@notify", data={"form.buttons.send": "x"})
    pages.check(f"{root}/@@notify", "student1")
    pages.check(f"{root}/@@receipt")
    response = client(site).post("@notify", NOTIFICATION)
    assert response.status_code == 201, response.text
    receipt = response.json()["receipt"]
    pages.check(
        f"{root}/@@receipt", data={"receipt": receipt, "form.buttons.show": "x"}
    )
    response = client(site, "student1").post("@notify", NOTIFICATION)
    assert response.status_code == 201, response.text
    url = response.json()["@id"]
    pages.check(f"{root}/@@my-cases", "student1")
    pages.check(f"{root}/@@notification-queue", "speakup")
    pages.check(url, "speakup")
    pages.check(f"{url}/@@forward", "speakup")
    response = client(site, "speakup").post(f"{url}/@forward", {})
    assert response.status_code == 200, response.text
    url = response.json()["@id"]
    officer = client(site, "varsling-ie")
    pages.check(f"{root}/@@case-list", "varsling-ie")
    pages.check(url, "varsling-ie")
    assert officer.post(f"{url}/@workflow/acknowledge", {}).status_code == 200
    pages.check(url, "varsling-ie")
    pages.check(f"{url}/receipt-confirmation", "varsling-ie")
    for transition in ("assess", "decide"):
        pages.check(f"{url}/@@case-transition?transition={transition}", "varsling-ie")
        response = officer.post(f"{url}/@workflow/{transition}", {})
        assert response.status_code == 200, (transition, response.text)
    for name in officer.get(url).json().get("items", []):
        pages.check(name["@id"], "varsling-ie")
    response = officer.post(
        f"{url}/@workflow/close", {"comment": "A written warning was given."}
    )
    assert response.status_code == 200, response.text
    pages.check(url, "varsling-ie")
    pages.check(url, "student1")
    pages.check(f"{root}/@@my-work", "varsling-ie")
    pages.mails(mailbox)
    pages.assert_norwegian()


def test_quality_division_pages_in_norwegian(site):
    pages = Pages()
    root = site.absolute_url()
    pages.check(f"{root}/@@statistics", "quality")
    pages.check(f"{root}/@@notification-report", "quality")
    pages.assert_norwegian()


@pytest.mark.xfail(
    reason="the front page's text and the theme (Barceloneta's untranslatable "
    "offcanvas 'Close') are the branding part of issue 17",
    strict=False,
)
def test_theme_frame_in_norwegian(site):
    pages = Pages()
    root = site.absolute_url()
    for user in ("student1", None):
        response = requests.get(
            root,
            auth=(user, PASSWORD) if user else None,
            headers={"Accept": "text/html", "Accept-Language": "nb"},
            timeout=60,
        )
        text = response.text.replace('aria-label="Close"', 'aria-label="x"')
        assert 'aria-label="Close"' not in response.text
        pages.note(f"{user} front page", visible_text(text))
    pages.assert_norwegian()
