"""Issue 17: a case's deadline changes with its own action and a reason,
kept in the history (``@@change-deadline``, ``POST @deadline``); staff
cannot rewrite what the reporter or notifier wrote."""

from datetime import date
from datetime import datetime
from datetime import timedelta
from helpers import Client
from ntnu.casemgmt.core import deadline_change
from plone import api
from test_deviation_security import make_case
from test_notification_security import make_notification
from test_part_actions import Browser

import pytest
import transaction


@pytest.fixture
def portal(demo_functional):
    return demo_functional["portal"]


@pytest.fixture
def case(portal):
    case = make_case(portal, "in_progress")
    transaction.commit()
    return case


def later(days):
    return (date.today() + timedelta(days=days)).isoformat()


def history(case):
    (workflow,) = api.portal.get_tool("portal_workflow").getWorkflowsFor(case)
    return case.workflow_history[workflow.getId()]


def test_form_changes_the_deadline_into_the_history(case):
    url = case.absolute_url()
    worker = Browser("caseworker-ie")
    page = worker.get(url)
    assert 'id="action-change-deadline"' in page.text
    response = worker.submit(
        f"{url}/@@change-deadline",
        {
            "form.widgets.deadline": later(40),
            "form.widgets.reason": "The lecturer is away until next month.",
        },
    )
    assert response.url == url, response.text[:2000]
    transaction.begin()
    assert case.deadline.isoformat() == later(40)
    entry = history(case)[-1]
    assert entry["action"] == "change_deadline"
    assert entry["actor"] == "caseworker-ie"
    assert entry["new_deadline"] == later(40)
    assert "The lecturer is away" in entry["comments"]
    assert api.content.get_state(case) == "in_progress"
    # the catalog's due date follows
    with api.env.adopt_user(username="caseworker-ie"):
        (brain,) = api.content.find(UID=case.UID())
    assert brain.deadline.isoformat() == later(40)
    # the case page's History and plone.restapi's @history show it
    page = worker.get(url)
    assert "Deadline changed" in page.text
    assert "The lecturer is away" in page.text
    entries = Client(url, "caseworker-ie").get("@history").json()
    (changed,) = [e for e in entries if e.get("action") == "change_deadline"]
    assert "The lecturer is away" in changed["comments"]
    assert changed["actor"]["id"] == "caseworker-ie"


def test_norwegian_form_and_history(case):
    url = case.absolute_url()
    worker = Browser("caseworker-ie")
    worker.session.headers["Accept-Language"] = "nb"
    worker.session.cookies.set("I18N_LANGUAGE", "nb")
    page = worker.get(url)
    assert "Endre fristen" in page.text


@pytest.mark.parametrize(
    "value,reason,field",
    [
        (-1, "Too late", "form.widgets.deadline"),
        (10, "", "form.widgets.reason"),
    ],
)
def test_form_refuses_a_past_date_or_no_reason(case, value, reason, field):
    before = case.deadline
    response = Browser("caseworker-ie").submit(
        f"{case.absolute_url()}/@@change-deadline",
        {"form.widgets.deadline": later(value), "form.widgets.reason": reason},
    )
    assert response.status_code == 200
    assert "@@change-deadline" in response.url
    assert "invalid-feedback" in response.text or "error" in response.text
    transaction.begin()
    assert case.deadline == before
    assert history(case)[-1]["action"] != "change_deadline"


def test_rest_changes_the_deadline(case):
    client = Client(case.absolute_url(), "caseworker-ie")
    old = case.deadline
    response = client.post("@deadline", {"deadline": later(30), "reason": "Waiting"})
    assert response.status_code == 200, response.text
    assert response.json()["deadline"] == later(30)
    assert response.json()["previous_deadline"] == old.isoformat()
    transaction.begin()
    assert case.deadline.isoformat() == later(30)
    assert history(case)[-1]["action"] == "change_deadline"


@pytest.mark.parametrize(
    "body,field",
    [
        ({"deadline": "2001-01-01", "reason": "x"}, "deadline"),
        ({"deadline": "soon", "reason": "x"}, "deadline"),
        ({"reason": "x"}, "deadline"),
        ({"deadline": later(5)}, "reason"),
        ({"deadline": later(5), "reason": "  "}, "reason"),
        ({"deadline": later(5), "reason": "x", "title": "y"}, "title"),
    ],
)
def test_rest_refuses_bad_values_naming_the_field(case, body, field):
    before = case.deadline
    response = Client(case.absolute_url(), "caseworker-ie").post("@deadline", body)
    assert response.status_code == 400, response.text
    assert response.json()["error"]["fields"] == [field]
    transaction.begin()
    assert case.deadline == before


def test_a_deadline_before_receipt_is_refused(case):
    case.received = datetime.now() + timedelta(days=20)
    with pytest.raises(deadline_change.DeadlineError) as refused:
        deadline_change.change_deadline(case, date.today(), "x")
    assert refused.value.field == "deadline"
    assert "received" in str(refused.value)


@pytest.mark.parametrize("user", [None, "student1", "linemanager-ie", "staff1"])
def test_rest_refuses_who_may_not_modify(case, user):
    response = Client(case.absolute_url(), user).post(
        "@deadline", {"deadline": later(9), "reason": "x"}
    )
    assert response.status_code in (401, 403, 404), (user, response.status_code)
    transaction.begin()
    assert case.deadline.isoformat() != later(9)


def test_closed_case_keeps_its_deadline(portal):
    case = make_case(portal, "closed")
    transaction.commit()
    response = Client(case.absolute_url(), "caseworker-ie").post(
        "@deadline", {"deadline": later(9), "reason": "x"}
    )
    assert response.status_code in (401, 403)
    page = Browser("caseworker-ie").get(case.absolute_url())
    assert 'id="action-change-deadline"' not in page.text


def test_notification_case_deadline_by_the_unit(portal):
    case = make_notification(portal, "investigation")
    transaction.commit()
    url = case.absolute_url()
    unit = Client(url, "varsling-ie")
    response = unit.post("@deadline", {"deadline": later(60), "reason": "Interviews"})
    assert response.status_code == 200, response.text
    transaction.begin()
    assert case.deadline.isoformat() == later(60)
    assert history(case)[-1]["action"] == "change_deadline"
    log = unit.get("@audit-log").json()
    items = log["items"] if isinstance(log, dict) else log
    assert any(e["action"] == "change_deadline" for e in items)
    # a party reads the case but does not change its deadline
    party = Client(url, "student2").post(
        "@deadline", {"deadline": later(9), "reason": "x"}
    )
    assert party.status_code in (401, 403)
    assert 'id="action-change-deadline"' in Browser("varsling-ie").get(url).text


def test_forwarded_notification_has_no_deadline_to_change(portal):
    case = make_notification(portal, "forwarded")
    transaction.commit()
    response = Client(case.absolute_url(), "varsling-ie").post(
        "@deadline", {"deadline": later(9), "reason": "x"}
    )
    assert response.status_code == 403


# -- what the reporter or notifier wrote --------------------------------------

DEVIATION_REPORT = {
    "title": "Rewritten",
    "category": "other",
    "event_description": "Rewritten",
    "prior_attempts": "Rewritten",
    "suggested_measures": "Rewritten",
    "event_date": "2020-01-01",
    "course_code": "XX1000",
    "deadline": "2030-01-01",
}


@pytest.mark.parametrize("field", sorted(DEVIATION_REPORT))
def test_staff_cannot_rewrite_the_report(case, field):
    before = getattr(case, field)
    for user in ("caseworker-ie", "reception-ie"):
        response = Client(case.absolute_url(), user).patch(
            "", {field: DEVIATION_REPORT[field]}
        )
        assert response.status_code in (400, 403), (user, response.text)
        assert field in response.json()["error"]["message"]
    transaction.begin()
    assert getattr(case, field) == before


def test_reporter_fields_set_at_creation_and_unit_fields_editable(case):
    # made through the report path by student1 (make_case): the report's
    # own fields are set, and the reporter still owns the case
    assert case.title == "Case in in_progress"
    assert case.event_description == "what happened"
    assert "student1" in case.listCreators()
    response = Client(case.absolute_url(), "caseworker-ie").patch(
        "", {"closing_comment": "Done soon."}
    )
    assert response.status_code == 204, response.text


def test_edit_form_offers_no_report_field_to_staff(case):
    page = Browser("caseworker-ie").get(case.absolute_url() + "/edit")
    assert page.status_code == 200
    for name in ("title", "event_description", "prior_attempts", "deadline"):
        assert f'name="form.widgets.{name}"' not in page.text, name
    assert 'name="form.widgets.case_worker"' in page.text


NOTIFICATION_REPORT = {
    "title": "Rewritten",
    "category": "other",
    "event_description": "Rewritten",
    "persons_involved": "Rewritten",
    "witnesses": "Rewritten",
    "previous_cases": "Rewritten",
    "notifier_is_party": True,
    "anonymous": True,
    "deadline": "2030-01-01",
}


def test_unit_cannot_rewrite_the_notification(portal):
    case = make_notification(portal, "investigation")
    transaction.commit()
    client = Client(case.absolute_url(), "varsling-ie")
    for field, value in NOTIFICATION_REPORT.items():
        before = getattr(case, field)
        response = client.patch("", {field: value})
        assert response.status_code in (400, 403), (field, response.text)
        assert field in response.json()["error"]["message"]
        transaction.begin()
        assert getattr(case, field) == before, field
    # what is the unit's stays the unit's
    response = client.patch("", {"accused_faculty": "ie", "parties": ["student2"]})
    assert response.status_code == 204, response.text
    page = Browser("varsling-ie").get(case.absolute_url() + "/edit")
    assert 'name="form.widgets.event_description"' not in page.text
    assert 'name="form.widgets.parties' in page.text or "parties" in page.text
