"""Creating cases over plone.restapi: only through the add-on's services
(never Plone's generic POST of a case type, SPEC §4); good input is
stored, bad input gets a 400 that names the field and creates nothing."""

from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD

import pytest
import re
import requests
import transaction


GOOD = {
    "faculty": "ie",
    "title": "Lecture notes never published",
    "category": "teaching",
    "event_description": "The notes promised in week 3 never came.",
    "prior_attempts": "Asked the lecturer after class.",
}


@pytest.fixture
def site(functional):
    portal = functional["portal"]
    with api.env.adopt_roles(["Manager"]):
        if "ie" not in portal["faculties"]:
            api.content.create(
                container=portal["faculties"], type="Faculty", title="IE", code="ie"
            )
        if api.user.get(userid="student1") is None:
            api.user.create(
                email="student1@example.org", username="student1", password="demodemo12"
            )
    transaction.commit()
    return portal


@pytest.fixture
def student(site):
    session = requests.Session()
    session.auth = ("student1", "demodemo12")
    session.headers["Accept"] = "application/json"
    return session


@pytest.fixture
def manager(site):
    session = requests.Session()
    session.auth = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
    session.headers["Accept"] = "application/json"
    return session


def count(portal, portal_type):
    catalog = api.portal.get_tool("portal_catalog")
    transaction.begin()  # see what the server committed
    return len(catalog.unrestrictedSearchResults(portal_type=portal_type))


def report(site):
    return site.absolute_url() + "/@report-deviation"


def test_student_reports_deviation(site, student):
    response = student.post(report(site), json=GOOD, timeout=30)
    assert response.status_code == 201, response.text
    data = response.json()
    assert re.fullmatch(r"AVVIK-\d{4}-\d{5}", data["case_number"])
    assert data["@id"].endswith("/" + data["case_number"].lower())
    assert data["review_state"] == "submitted"
    assert data["deadline"]
    assert data["received"]


@pytest.mark.parametrize("who", ["student", "manager"])
def test_no_generic_post_of_a_case(site, request, who):
    # Plone's generic "Add" offers no case type, not even to Manager: a
    # case made that way would skip the reporter's field rules.
    session = request.getfixturevalue(who)
    before = count(site, "Deviation"), count(site, "NotificationCase")
    body = dict(GOOD, **{"@type": "Deviation", "case_worker": "student1"})
    del body["faculty"]
    response = session.post(
        site["faculties"]["ie"].absolute_url(), json=body, timeout=30
    )
    assert response.status_code in (401, 403), response.text
    body = {
        "@type": "NotificationCase",
        "title": "x",
        "category": "bullying",
        "event_description": "y",
    }
    response = session.post(site["speakup"].absolute_url(), json=body, timeout=30)
    assert response.status_code in (401, 403), response.text
    assert (count(site, "Deviation"), count(site, "NotificationCase")) == before


@pytest.mark.parametrize(
    "missing", ["title", "category", "event_description", "prior_attempts"]
)
def test_missing_required_field(site, student, missing):
    before = count(site, "Deviation")
    body = {k: v for k, v in GOOD.items() if k != missing}
    response = student.post(report(site), json=body, timeout=30)
    assert response.status_code == 400
    error = response.json()
    assert missing in str(error)
    assert count(site, "Deviation") == before


@pytest.mark.parametrize(
    "field,value",
    [
        ("category", "bullying"),
        ("reporter_role", "president"),
        ("event_date", "2026-13-45"),
        ("reporter_role", ["student"]),
        ("title", 42),
    ],
)
def test_bad_value(site, student, field, value):
    before = count(site, "Deviation")
    body = dict(GOOD, **{field: value})
    response = student.post(report(site), json=body, timeout=30)
    assert response.status_code == 400, response.text
    assert field in response.json()["error"]["message"]
    assert "Traceback" not in response.text
    assert count(site, "Deviation") == before


@pytest.mark.parametrize(
    "field,value",
    [
        ("case_worker", "student1"),
        ("case_number", "AVVIK-1999-00001"),
        ("received", "1999-01-01T00:00:00"),
        ("deadline", "2099-01-01"),
        ("closing_comment", "done"),
    ],
)
def test_system_fields_cannot_be_set(site, student, field, value):
    # A reporter sets only what they report (SPEC §4).
    before = count(site, "Deviation")
    response = student.post(report(site), json=dict(GOOD, **{field: value}), timeout=30)
    assert response.status_code == 400, response.text
    assert response.json()["error"]["fields"] == [field]
    assert count(site, "Deviation") == before


def test_notification_bad_category(site, manager):
    before = count(site, "NotificationCase")
    body = {"title": "x", "category": "teaching", "event_description": "y"}
    response = manager.post(site.absolute_url() + "/@notify", json=body, timeout=30)
    assert response.status_code == 400
    assert "category" in response.json()["error"]["message"]
    assert count(site, "NotificationCase") == before
