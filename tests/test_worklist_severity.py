"""A case's severity in the work lists and ``@cases`` (issue 16, SPEC §3
``severity``, §7 ``@cases`` filter ``severity``): shown to those who may read
the field (the central reception while it holds the case, the faculty
unit), never to the notifier or a party, neither in a row, nor through the
filter, nor in ``@search``'s metadata."""

from helpers import Client
from helpers import PASSWORD
from ntnu.casemgmt.core import ratelimit
from plone.testing.zope import Browser

import pytest
import transaction


NOTIFICATION = {
    "title": "Comments in the lab group",
    "category": "harassment",
    "event_description": "Repeated comments about my background in lab sessions.",
    "accused_faculty": "ie",
}


@pytest.fixture
def site(demo_functional):
    ratelimit.reset()
    return demo_functional["portal"]


@pytest.fixture
def as_user(site):
    def client(user=None, language="en"):
        return Client(site.absolute_url(), user, language=language)

    return client


def items(client, **params):
    response = client.get("@cases", params=params)
    assert response.status_code == 200, response.text
    return {item["case_number"]: item for item in response.json()["items"]}


def page(site, user, view, language="en"):
    browser = Browser(site.aq_parent)
    browser.handleErrors = False
    browser.addHeader("Authorization", f"Basic {user}:{PASSWORD}")
    browser.addHeader("Accept-Language", language)
    browser.open(f"{site.absolute_url()}/{view}")
    return browser.contents


@pytest.fixture
def critical_case(as_user):
    """student1's notification with student2 as a party, rated critical by
    the central reception: ``(url, case number)``."""
    data = as_user("student1").post("@notify", NOTIFICATION).json()
    url = data["@id"]
    reception = as_user("speakup")
    response = reception.patch(url, {"severity": "critical", "parties": ["student2"]})
    assert response.status_code == 204, response.text
    return url, data["case_number"]


def test_central_reception_sees_it_the_notifier_does_not(site, as_user, critical_case):
    url, number = critical_case
    assert items(as_user("speakup"))[number]["severity"] == "critical"
    assert number in items(as_user("speakup"), severity="critical")
    assert number not in items(as_user("speakup"), severity="low")
    # the notifier views the case (received) but not its internals
    notifier = as_user("student1")
    assert items(notifier)[number]["severity"] is None
    assert items(notifier, severity="critical") == {}
    response = notifier.get(
        "@search", params={"portal_type": "NotificationCase", "metadata_fields": "_all"}
    )
    assert response.status_code == 200
    assert [i["@id"] for i in response.json()["items"]] == [url]
    assert "critical" not in response.text and "severity" not in response.text


def test_after_forward_the_unit_sees_it_the_party_and_old_holder_do_not(
    site, as_user, critical_case
):
    url, number = critical_case
    url = as_user("speakup").post(url + "/@forward", {}).json()["@id"]
    unit = as_user("varsling-ie")
    assert items(unit)[number]["severity"] == "critical"
    assert number in items(unit, severity="critical")
    for user in ("student1", "student2"):
        assert items(as_user(user))[number]["severity"] is None
        assert items(as_user(user), severity="critical") == {}
        response = as_user(user).get(
            "@search", params={"path": "/plone/faculties/ie", "metadata_fields": "_all"}
        )
        assert "critical" not in response.text
    assert items(as_user("speakup")) == {} or number not in items(as_user("speakup"))
    # the unit changes it: the lists follow
    assert unit.patch(url, {"severity": "low"}).status_code == 204
    assert number in items(unit, severity="low")
    assert number not in items(unit, severity="critical")


def test_lists_show_a_translated_badge(site, as_user, critical_case):
    url, number = critical_case
    transaction.commit()
    queue = page(site, "speakup", "@@notification-queue")
    assert number in queue
    assert "casemgmt-severity-critical" in queue and "bg-danger" in queue
    assert ">Critical<" in queue
    assert ">Kritisk<" in page(site, "speakup", "@@notification-queue", "nb")
    as_user("speakup").post(url + "/@forward", {})
    inbox = page(site, "varsling-ie", "faculties/ie/@@case-inbox")
    assert number in inbox and "casemgmt-severity-critical" in inbox
    # the notifier's own list never has the column
    mine = page(site, "student1", "@@my-cases")
    assert number in mine
    assert "casemgmt-severity" not in mine and "Critical" not in mine


def test_a_bad_severity_filter_is_refused(site, as_user):
    response = as_user("varsling-ie").get("@cases", params={"severity": "huge"})
    assert response.status_code == 400
    assert "severity" in response.json()["error"]["message"]
