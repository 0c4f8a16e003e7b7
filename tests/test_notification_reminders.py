"""Issue 16: the named notifier's receipt, the responsible manager's mail,
the reminders of every notification deadline and of a measure's due date
(once each, in the recipient's language, dry runs sending nothing), the
due date by state, and ``investigate_further``."""

from datetime import date
from datetime import timedelta
from helpers import Client
from helpers import DEVIATION
from helpers import make_deviation
from helpers import make_notification_case
from ntnu.casemgmt.core import deadlines
from ntnu.casemgmt.core import jobs
from ntnu.casemgmt.core import ratelimit
from ntnu.casemgmt.notification import rules as notification
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from zope.lifecycleevent import modified

import pytest
import requests
import transaction


NOTIFICATION = {
    "title": "Comments in the lab group",
    "category": "harassment",
    "event_description": "Zqconfidential remarks in the lab sessions.",
    "accused_faculty": "ie",
}
UNIT = "varsling-ie@example.org"
RECEPTION = "speakup@example.org"


@pytest.fixture
def portal(demo_functional):
    ratelimit.reset()
    return demo_functional["portal"]


def about(mailbox, case, address=None):
    """The mails about ``case`` (its number in the subject: not the
    monthly list, which names every case), to ``address`` if given."""
    found = mailbox.to(address) if address else mailbox.messages()
    return [m for m in found if case.case_number in m["subject"]]


def submitted(notifier="student1", **fields):
    with api.env.adopt_user(username=notifier):
        return make_notification_case(**dict(NOTIFICATION, **fields))


def forwarded(**fields):
    case = submitted(**fields)
    with api.env.adopt_user(username="speakup"):
        return notification.forward(case)


def acknowledged(**fields):
    case = forwarded(**fields)
    with api.env.adopt_user(username="varsling-ie"):
        api.content.transition(obj=case, transition="acknowledge")
    return case


def in_progress(portal, kind):
    """A case of ``kind`` being worked on, and the user id who handles it."""
    if kind == "Deviation":
        with api.env.adopt_user(username="student1"):
            case = make_deviation(portal["faculties"]["ie"], **DEVIATION)
        with api.env.adopt_user(username="reception-ie"):
            case.case_worker = "caseworker-ie"
            api.content.transition(obj=case, transition="approve")
        return case, "caseworker-ie"
    return acknowledged(), "varsling-ie"


def previous_working_day(day):
    day -= timedelta(days=1)
    while not deadlines.is_working_day(day):
        day -= timedelta(days=1)
    return day


def run(mailbox, day):
    """Run the jobs as of ``day`` (Python API), commit; the mails sent."""
    mailbox.clear()
    result = jobs.run_all(day)
    transaction.commit()
    return result


def set_language(user_id, language):
    api.user.get(userid=user_id).setMemberProperties({"language": language})


# --- the named notifier's receipt ----------------------------------------------


@pytest.mark.parametrize("party", [False, True])
def test_named_notifier_gets_one_receipt(portal, mailbox, party):
    case = submitted(notifier_is_party=party)
    transaction.commit()
    (receipt,) = mailbox.to("student1@example.org")
    assert case.case_number in receipt["subject"]
    assert f"resolveuid/{case.UID()}" in receipt["body"]
    assert "Zqconfidential" not in receipt["body"]
    assert len(about(mailbox, case, RECEPTION)) == 1
    # once: later requests on the case do not send it again
    mailbox.clear()
    modified(case)
    with api.env.adopt_user(username="speakup"):
        notification.forward(case)
    transaction.commit()
    assert mailbox.to("student1@example.org") == []


def test_receipt_in_the_notifiers_language(portal, mailbox):
    set_language("student1", "nb")
    transaction.commit()
    case = submitted()
    transaction.commit()
    (receipt,) = mailbox.to("student1@example.org")
    assert "mottatt" in receipt["subject"], receipt["subject"]
    assert case.case_number in receipt["subject"]


def test_anonymous_notifier_gets_no_receipt(portal, mailbox):
    case = submitted(anonymous=True)
    transaction.commit()
    assert mailbox.to("student1@example.org") == []
    assert {m["to"] for m in mailbox.messages()} == {RECEPTION}
    assert len(about(mailbox, case)) == 1


def test_notifier_registered_by_name_gets_the_receipt(portal, mailbox):
    """A notification registered on the behalf of a person without an
    account: the receipt goes to the address registered (the same
    subscriber as every new case)."""
    if not hasattr(notification, "register"):
        pytest.skip("registration on someone's behalf is not there yet")
    from ntnu.casemgmt.core.places import central_reception
    from zope.globalrequest import getRequest

    with api.env.adopt_user(username="speakup"):
        case, receipt = notification.register(
            central_reception(),
            dict(
                NOTIFICATION,
                channel="phone",
                notifier_name="Nora Notifier",
                notifier_email="nora@example.com",
            ),
            getRequest(),
        )
    transaction.commit()
    assert receipt is None
    (mail,) = mailbox.to("nora@example.com")
    assert case.case_number in mail["subject"]
    assert mailbox.to("speakup@example.org") != []
    assert "Zqconfidential" not in mail["body"]


# --- the responsible manager ---------------------------------------------------


def test_responsible_manager_is_told_once_per_change(portal, mailbox):
    case = acknowledged()
    transaction.commit()
    mailbox.clear()
    url = case.absolute_url()
    officer = Client(portal.absolute_url(), "varsling-ie")
    assert officer.patch(url, {"responsible_manager": "dean-ie"}).status_code == 204
    assert officer.patch(url, {"responsible_manager": "dean-ie"}).status_code == 204
    assert officer.patch(url, {"severity": "high"}).status_code == 204
    (mail,) = mailbox.to("dean-ie@example.org")
    assert case.case_number in mail["subject"]
    assert f"resolveuid/{case.UID()}" in mail["body"]
    assert "Zqconfidential" not in mail["body"]
    assert officer.patch(url, {"responsible_manager": "staff1"}).status_code == 204
    assert len(mailbox.to("staff1@example.org")) == 1
    assert len(mailbox.to("dean-ie@example.org")) == 1


# --- reminders -------------------------------------------------------------------


def test_forward_deadline_day_before_and_passed(portal, mailbox):
    case = submitted()
    due = deadlines.add_working_days(date.today(), 3)
    case.forward_deadline = due
    case.reindexObject()
    transaction.commit()
    day_before = previous_working_day(due)
    assert (
        run(mailbox, previous_working_day(day_before))["notification_reminders"] == []
    )
    assert about(mailbox, case) == []
    result = run(mailbox, day_before)["notification_reminders"]
    assert result == [
        {
            "case_number": case.case_number,
            "reminder": "forward_deadline_near",
            "deadline": due.isoformat(),
        }
    ]
    (mail,) = about(mailbox, case)
    assert mail["to"] == RECEPTION
    assert due.isoformat() in mail["body"]
    run(mailbox, day_before)
    run(mailbox, due)
    assert about(mailbox, case) == []  # told once
    run(mailbox, due + timedelta(days=1))
    (mail,) = about(mailbox, case)
    assert mail["to"] == RECEPTION
    assert "passed" in mail["subject"]
    run(mailbox, due + timedelta(days=2))
    assert about(mailbox, case) == []


def test_confirmation_deadline_passed_tells_the_unit(portal, mailbox):
    case = forwarded()
    transaction.commit()
    due = case.confirmation_deadline
    run(mailbox, due)
    assert about(mailbox, case) == []
    run(mailbox, due + timedelta(days=1))
    (mail,) = about(mailbox, case)
    assert mail["to"] == UNIT
    assert "Zqconfidential" not in mail["body"]
    run(mailbox, due + timedelta(days=3))
    assert about(mailbox, case) == []
    # acknowledged (late): nothing more about the confirmation
    with api.env.adopt_user(username="varsling-ie"):
        api.content.transition(obj=case, transition="acknowledge")
    transaction.commit()
    run(mailbox, due + timedelta(days=4))
    assert about(mailbox, case) == []


def test_deadline_passed_tells_officer_and_unit_in_their_language(portal, mailbox):
    set_language("varsling-ie", "nb")
    case = acknowledged()
    case.case_officer = "staff1"
    case.deadline = date.today() - timedelta(days=1)
    case.reindexObject()
    transaction.commit()
    run(mailbox, date.today())
    (to_officer,) = about(mailbox, case, "staff1@example.org")
    (to_unit,) = about(mailbox, case, UNIT)
    assert "deadline passed" in to_officer["subject"]
    assert "frist" in to_unit["subject"], to_unit["subject"]
    assert {m["to"] for m in about(mailbox, case)} == {"staff1@example.org", UNIT}
    run(mailbox, date.today())
    assert about(mailbox, case) == []
    # a new deadline that passes is reminded again
    case.deadline = date.today() - timedelta(days=0)
    case.reindexObject()
    transaction.commit()
    run(mailbox, date.today() + timedelta(days=1))
    assert len(about(mailbox, case, "staff1@example.org")) == 1
    # a closed case is not reminded
    with api.env.adopt_user(username="varsling-ie"):
        api.content.transition(obj=case, transition="close", comment="Done.")
    transaction.commit()
    run(mailbox, date.today() + timedelta(days=30))
    assert about(mailbox, case) == []


def test_case_officer_of_the_unit_is_mailed_once(portal, mailbox):
    case = acknowledged()
    assert case.case_officer == "varsling-ie"
    transaction.commit()
    run(mailbox, case.deadline + timedelta(days=1))
    assert len(about(mailbox, case, UNIT)) == 1


@pytest.mark.parametrize("kind", ["Deviation", "NotificationCase"])
def test_overdue_measure(portal, mailbox, kind):
    case, handler = in_progress(portal, kind)
    with api.env.adopt_user(username=handler):
        late = api.content.create(
            container=case,
            type="Measure",
            title="Zqmeasure title",
            kind="corrective",
            responsible="staff1",
            due_date=date.today() - timedelta(days=1),
        )
        done = api.content.create(
            container=case,
            type="Measure",
            title="Done",
            kind="corrective",
            responsible="staff1",
            due_date=date.today() - timedelta(days=1),
        )
        api.content.transition(obj=done, transition="start")
        api.content.transition(obj=done, transition="complete")
    transaction.commit()
    result = run(mailbox, date.today())["overdue_measure_reminders"]
    assert [item["case_number"] for item in result] == [case.case_number]
    (to_responsible,) = mailbox.to("staff1@example.org")
    assert case.case_number in to_responsible["subject"]
    assert "Zqmeasure" not in to_responsible["body"]
    assert f"resolveuid/{late.UID()}" in to_responsible["body"]
    assert len(mailbox.to(f"{handler}@example.org")) == 1
    run(mailbox, date.today() + timedelta(days=1))
    assert mailbox.to("staff1@example.org") == []


# --- @casemgmt-jobs ----------------------------------------------------------------


def test_dry_run_sends_and_remembers_nothing(portal, mailbox):
    case = acknowledged()
    transaction.commit()
    mailbox.clear()
    admin = Client(portal.absolute_url())
    admin.session.auth = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
    later = case.deadline + timedelta(days=1)
    response = admin.post(
        "@casemgmt-jobs", {"date": later.isoformat(), "dry_run": True}
    )
    assert response.status_code == 200, response.text
    items = response.json()["jobs"]["notification_reminders"]
    assert {
        "case_number": case.case_number,
        "reminder": "deadline_passed",
        "deadline": case.deadline.isoformat(),
    } in items
    assert mailbox.messages() == []
    # not remembered: the real run that day still reminds
    transaction.begin()
    run(mailbox, later)
    assert len(about(mailbox, case, UNIT)) == 1
    # another date without dry_run is refused
    response = admin.post("@casemgmt-jobs", {"date": later.isoformat()})
    assert response.status_code == 400
    assert response.json()["error"]["type"]


def test_a_run_as_of_today_over_rest_sends_once(portal, mailbox):
    case = acknowledged()
    case.deadline = date.today() - timedelta(days=2)
    case.reindexObject()
    transaction.commit()
    mailbox.clear()
    admin = Client(portal.absolute_url())
    admin.session.auth = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
    assert admin.post("@casemgmt-jobs", {}).status_code == 200
    assert len(about(mailbox, case, UNIT)) == 1
    mailbox.clear()
    answer = admin.post("@casemgmt-jobs", {"dry_run": True}).json()
    assert answer["jobs"]["notification_reminders"] == []
    assert admin.post("@casemgmt-jobs", {}).status_code == 200
    assert mailbox.messages() == []


# --- due dates by state ------------------------------------------------------------


def listed(portal, user, case):
    client = Client(portal.absolute_url(), user)
    items = client.get("@cases", params={"portal_type": "NotificationCase"}).json()[
        "items"
    ]
    (row,) = [i for i in items if i["case_number"] == case.case_number]
    transaction.begin()  # see what the server wrote
    return row


def test_due_date_follows_the_state(portal):
    case = submitted()
    transaction.commit()
    row = listed(portal, "speakup", case)
    assert row["deadline"] == case.forward_deadline.isoformat()
    with api.env.adopt_user(username="speakup"):
        case = notification.forward(case)
    transaction.commit()
    row = listed(portal, "varsling-ie", case)
    assert row["deadline"] == case.confirmation_deadline.isoformat()
    page = requests.get(
        case.absolute_url(), auth=("varsling-ie", "demodemo"), timeout=60
    ).text
    assert "Forward deadline" not in page
    assert "Confirmation deadline" in page
    transaction.begin()  # the page view wrote (audit trail)
    with api.env.adopt_user(username="varsling-ie"):
        api.content.transition(obj=case, transition="acknowledge")
    transaction.commit()
    expected = date.today() + timedelta(weeks=8)
    assert case.deadline == expected
    row = listed(portal, "varsling-ie", case)
    assert row["deadline"] == expected.isoformat()
    page = requests.get(
        case.absolute_url(), auth=("varsling-ie", "demodemo"), timeout=60
    ).text
    assert "Forward deadline" not in page
    assert "Confirmation deadline" not in page
    assert expected.isoformat() in page
    transaction.begin()
    with api.env.adopt_user(username="varsling-ie"):
        api.content.transition(obj=case, transition="close", comment="Done.")
    transaction.commit()
    assert listed(portal, "varsling-ie", case)["deadline"] is None


def test_acknowledged_on_time_is_never_overdue(portal):
    case = forwarded()
    case.confirmation_deadline = date.today() - timedelta(days=3)
    case.reindexObject()
    with api.env.adopt_user(username="varsling-ie"):
        api.content.transition(obj=case, transition="acknowledge")
    transaction.commit()
    for day in (date.today(), case.confirmation_deadline + timedelta(days=30)):
        assert not deadlines.case_is_overdue(case, day)
    row = listed(portal, "varsling-ie", case)
    assert row["overdue"] is False
    client = Client(portal.absolute_url(), "varsling-ie")
    overdue = client.get(
        "@cases", params={"portal_type": "NotificationCase", "overdue": "true"}
    ).json()["items"]
    assert case.case_number not in {i["case_number"] for i in overdue}


def test_deadline_set_by_the_unit_is_kept_at_acknowledge(portal):
    case = forwarded()
    own = date.today() + timedelta(days=20)
    case.deadline = own
    with api.env.adopt_user(username="varsling-ie"):
        api.content.transition(obj=case, transition="acknowledge")
    assert case.deadline == own


def test_notification_weeks_come_from_the_registry(portal):
    api.portal.set_registry_record(deadlines.NOTIFICATION_WEEKS_RECORD, 4)
    case = acknowledged()
    assert case.deadline == date.today() + timedelta(weeks=4)


# --- investigate_further -----------------------------------------------------------


def test_investigate_further(portal):
    case = acknowledged()
    with api.env.adopt_user(username="varsling-ie"):
        api.content.transition(obj=case, transition="assess")
    transaction.commit()
    url = case.absolute_url()
    assert Client(portal.absolute_url(), "dean-ie").post(
        url + "/@workflow/investigate_further", {}
    ).status_code in (400, 401, 403)
    page = requests.get(
        url,
        auth=("varsling-ie", "demodemo"),
        headers={"Accept-Language": "nb"},
        timeout=60,
    ).text
    assert 'id="transition-investigate_further"' in page
    assert "Undersøk videre" in page
    page = requests.get(
        url,
        auth=("varsling-ie", "demodemo"),
        headers={"Accept-Language": "en"},
        timeout=60,
    ).text
    assert "Investigate further" in page
    response = Client(portal.absolute_url(), "varsling-ie").post(
        url + "/@workflow/investigate_further", {}
    )
    assert response.status_code == 200, response.text
    transaction.begin()
    assert api.content.get_state(case) == "investigation"


@pytest.mark.parametrize("kind", ["Deviation", "NotificationCase"])
def test_measure_assigned_mail_keeps_a_notification_confidential(portal, mailbox, kind):
    """A deviation's measure mail names the measure; a notification case's
    names only the case number (SPEC §8: no confidential text)."""
    case, handler = in_progress(portal, kind)
    transaction.commit()
    mailbox.clear()
    with api.env.adopt_user(username=handler):
        api.content.create(
            container=case,
            type="Measure",
            title="Zqmeasure title",
            description="Zqmeasure description",
            kind="corrective",
            responsible="staff1",
            due_date=date.today() + timedelta(days=7),
        )
    transaction.commit()
    (mail,) = mailbox.to("staff1@example.org")
    text = mail["subject"] + mail["body"]
    assert case.case_number in text
    assert "/resolveuid/" in mail["body"]
    if kind == "Deviation":
        assert "Zqmeasure title" in text
    else:
        assert "Zqmeasure" not in text
