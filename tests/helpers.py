"""Helpers for tests that talk HTTP to the test server as the demo users."""

from ntnu.casemgmt import demo

import requests
import shutil


PASSWORD = "demodemo"

#: Every demo user's id, in the demo profile's order.
DEMO_USER_IDS = [user_id for user_id, *_ in demo.USERS]


class Client:
    """A JSON client logged in as one user (or anonymous)."""

    def __init__(self, base_url, user=None, password=PASSWORD, language="en"):
        self.base_url = base_url.rstrip("/")
        self.session = requests.Session()
        self.session.headers.update({
            "Accept": "application/json",
            "Accept-Language": language,
        })
        if user:
            self.session.auth = (user, password)

    def url(self, path):
        if path.startswith("http"):
            return path
        return f"{self.base_url}/{path.lstrip('/')}"

    def get(self, path, **kw):
        return self.session.get(self.url(path), timeout=60, **kw)

    def post(self, path, json=None, **kw):
        return self.session.post(self.url(path), json=json, timeout=60, **kw)

    def patch(self, path, json=None, **kw):
        return self.session.patch(self.url(path), json=json, timeout=60, **kw)

    def delete(self, path, **kw):
        return self.session.delete(self.url(path), timeout=60, **kw)


DEVIATION = {
    "title": "Exam results published eight weeks late",
    "category": "assessment",
    "event_description": "The grades of TDT4100 came eight weeks after the exam.",
    "prior_attempts": "Asked the course coordinator twice by e-mail.",
    "course_code": "TDT4100",
}


def assert_transitions(case, users, transitions):
    """Each user is offered exactly the transitions ``transitions[state]``
    gives them (none when the user is not named)."""
    from plone import api

    state = api.content.get_state(case)
    workflow = api.portal.get_tool("portal_workflow")
    for user in users:
        with api.env.adopt_user(username=user):
            available = {t["id"] for t in workflow.getTransitionsFor(case)}
        assert available == transitions[state].get(user, set()), (user, state)


def make_deviation(faculty, **fields):
    """A Deviation in ``faculty`` reported by the current user through the
    add-on's own path (cases are never added with Plone's generic "Add",
    SPEC §4); fields a reporter does not set are set afterwards, as the
    faculty would."""
    from datetime import date
    from ntnu.casemgmt.deviation import rules as deviation
    from zope.globalrequest import getRequest

    reported = {
        key: value.isoformat() if isinstance(value, date) else value
        for key, value in fields.items()
        if key in deviation.REPORT_FIELDS
    }
    case = deviation.report(dict(reported, faculty=faculty.code), getRequest())
    others = {
        key: value
        for key, value in fields.items()
        if key not in deviation.REPORT_FIELDS
    }
    for key, value in others.items():
        setattr(case, key, value)
    if others:
        case.reindexObject()
    return case


def make_notification_case(**fields):
    """A NotificationCase notified by the current user (``@notify``'s path);
    fields a notifier does not set are set afterwards, as the reception
    would."""
    from ntnu.casemgmt.notification import rules as notification
    from zope.globalrequest import getRequest

    notified = {
        key: value for key, value in fields.items() if key in notification.NOTIFY_FIELDS
    }
    case, _receipt = notification.submit(notified, getRequest())
    others = {
        key: value
        for key, value in fields.items()
        if key not in notification.NOTIFY_FIELDS
    }
    for key, value in others.items():
        setattr(case, key, value)
    if others:
        case.reindexObject()
    return case


#: Debian's Chromium (``make browser``), never a downloaded one.
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def launch_chromium(playwright):
    """Debian's Chromium, headless, for the browser tests: no sandbox (the
    machines run as root) and none of its own traffic (updates, sync,
    QUIC), so that it talks to the loopback test server only.

    :param playwright: the object ``sync_playwright()`` gives
    """
    return playwright.chromium.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    )
