"""Issue 18, first part: the external committee (SPEC §5 ``refer_to_committee``,
``return_from_committee``, the forward rule), doubt of suitability, and
``excluded_officers`` (SPEC §3, §4: a member of the unit with a conflict of
interest gets nothing of the case)."""

from datetime import date
from datetime import timedelta
from helpers import Client
from ntnu.casemgmt.core import deadlines
from ntnu.casemgmt.core import ratelimit
from ntnu.casemgmt.notification import audit
from ntnu.casemgmt.notification import rules as notification
from ntnu.casemgmt.notification.reminders import notification_reminders
from plone import api
from plone.api.exc import InvalidParameterError
from zope.globalrequest import getRequest

import pytest
import transaction


HARASSMENT = {
    "title": "Remarks after the seminar",
    "category": "sexual_harassment",
    "event_description": "Unwanted remarks and touching after the seminar.",
    "accused_faculty": "ie",
}
BULLYING = dict(HARASSMENT, category="bullying", title="Left out of the group")

SUITABILITY = "ntnu.casemgmt.suitability_email"


@pytest.fixture
def site(demo_functional):
    ratelimit.reset()
    return demo_functional["portal"]


@pytest.fixture
def as_user(site):
    def client(user=None):
        return Client(site.absolute_url(), user)

    return client


def case_at(site, url):
    transaction.begin()
    return site.unrestrictedTraverse(url.split("/plone/", 1)[1])


def notify(as_user, body):
    response = as_user("student1").post("@notify", body)
    assert response.status_code == 201, response.text
    return response.json()


class TestCommittee:
    def test_forward_refused_until_the_committee_returned(self, site, as_user, mailbox):
        data = notify(as_user, HARASSMENT)
        url = data["@id"]
        speakup = as_user("speakup")
        assert speakup.get(url).json()["external_committee"] is True
        # forward, both ways, is refused and says why; nothing moves
        for path in ("/@forward", "/@workflow/forward"):
            response = speakup.post(url + path, {})
            assert response.status_code == 400, (path, response.text)
            error = response.json()["error"]
            assert "external committee" in error["message"], path
            assert error.get("fields") == ["external_committee"], path
        assert speakup.get(url).json()["review_state"] == "received"
        assert "/speakup/" in url

        mailbox.clear()
        response = speakup.post(url + "/@workflow/refer_to_committee", {})
        assert response.status_code == 200, response.text
        case = case_at(site, url)
        assert api.content.get_state(case) == "committee"
        # with the committee: due for nothing, never overdue, no reminder
        assert deadlines.due_date(case, "committee") is None
        assert not deadlines.case_is_overdue(case, today=date.today() + timedelta(60))
        (mail,) = mailbox.to("speakup@example.org")
        assert data["case_number"] in mail["subject"]
        assert "committee" in mail["body"]
        assert "Unwanted remarks" not in mail["body"]
        # the faculty sees nothing of it yet
        assert as_user("varsling-ie").get(url).status_code in (401, 403, 404)
        assert speakup.post(url + "/@forward", {}).status_code == 400

        # back without the committee's conclusion: refused, nothing changes
        response = speakup.post(url + "/@workflow/return_from_committee", {})
        assert response.status_code == 400
        assert speakup.get(url).json()["review_state"] == "committee"

        mailbox.clear()
        response = speakup.post(
            url + "/@workflow/return_from_committee",
            {"comment": "The committee found grounds to proceed."},
        )
        assert response.status_code == 200, response.text
        case = case_at(site, url)
        assert api.content.get_state(case) == "received"
        # five working days from the return (SPEC §3)
        assert case.forward_deadline == deadlines.forward_deadline(date.today())
        (mail,) = mailbox.to("speakup@example.org")
        assert "returned" in mail["subject"]
        assert "found grounds" not in mail["body"]
        history = case.workflow_history["casemgmt_notification_workflow"]
        assert history[-1]["comments"] == "The committee found grounds to proceed."

        response = speakup.post(url + "/@forward", {})
        assert response.status_code == 200, response.text
        assert response.json()["review_state"] == "forwarded"

    def test_not_for_the_committee_no_referral(self, demo_portal):
        with api.env.adopt_user(username="student1"):
            case, _ = notification.submit(dict(BULLYING), getRequest())
        workflow = api.portal.get_tool("portal_workflow")
        with api.env.adopt_user(username="speakup"):
            ids = {t["id"] for t in workflow.getTransitionsFor(case)}
        assert ids == {"forward"}

    def test_plone_api_forward_refused(self, demo_portal):
        with api.env.adopt_user(username="student1"):
            case, _ = notification.submit(dict(HARASSMENT), getRequest())
        with api.env.adopt_user(username="speakup"):
            with pytest.raises(notification.NotifyError) as raised:
                notification.forward(case)
            assert raised.value.field == "external_committee"
            with pytest.raises(InvalidParameterError):
                api.content.transition(obj=case, transition="forward")
        assert api.content.get_state(case) == "received"

    def test_no_reminder_while_with_the_committee(self, demo_portal):
        with api.env.adopt_user(username="student1"):
            case, _ = notification.submit(dict(HARASSMENT), getRequest())
        case.forward_deadline = date.today() - timedelta(days=10)
        case.reindexObject()
        found = {r["case_number"] for r in notification_reminders()}
        assert case.case_number in found  # overdue while received
        case2_number = case.case_number
        with api.env.adopt_user(username="student1"):
            other, _ = notification.submit(dict(HARASSMENT), getRequest())
        other.forward_deadline = date.today() - timedelta(days=10)
        with api.env.adopt_user(username="speakup"):
            api.content.transition(obj=other, transition="refer_to_committee")
        found = {r["case_number"] for r in notification_reminders()}
        assert other.case_number not in found
        assert case2_number != other.case_number

    def test_case_page_says_with_the_committee(self, demo_portal):
        with api.env.adopt_user(username="student1"):
            case, _ = notification.submit(dict(HARASSMENT), getRequest())
        with api.env.adopt_user(username="speakup"):
            api.content.transition(obj=case, transition="refer_to_committee")
            html = case.restrictedTraverse("@@view")()
            assert "With the committee" in html
            assert "transition=return_from_committee" in html
            assert 'id="action-forward"' not in html
            request = getRequest()
            request.form["transition"] = "return_from_committee"
            form = case.restrictedTraverse("@@case-transition")
            form.update()
            assert form.widgets["comment"].required


class TestSuitability:
    def _forwarded(self, as_user):
        data = notify(as_user, BULLYING)
        response = as_user("speakup").post(data["@id"] + "/@forward", {})
        assert response.status_code == 200, response.text
        return response.json()["@id"], data["case_number"]

    def test_without_an_address_nobody_is_told(self, site, as_user, mailbox):
        url, number = self._forwarded(as_user)
        mailbox.clear()
        response = as_user("varsling-ie").patch(url, {"suitability_doubt": True})
        assert response.status_code == 204, response.text
        assert [m for m in mailbox.messages() if number in m["subject"]] == []
        case = case_at(site, url)
        (entry,) = [e for e in audit.entries(case) if e["action"] == "suitability"]
        assert "nobody was told" in entry["what"]

    def test_the_suitability_body_is_told_once(self, site, as_user, mailbox):
        api.portal.set_registry_record(SUITABILITY, "egnethet@example.org")
        transaction.commit()
        url, number = self._forwarded(as_user)
        mailbox.clear()
        unit = as_user("varsling-ie")
        assert unit.patch(url, {"suitability_doubt": True}).status_code == 204
        assert unit.patch(url, {"suitability_doubt": False}).status_code == 204
        assert unit.patch(url, {"suitability_doubt": True}).status_code == 204
        (mail,) = mailbox.to("egnethet@example.org")
        assert number in mail["subject"]
        assert number in mail["body"]
        case = case_at(site, url)
        assert case.aq_parent.title in mail["body"]
        for secret in (BULLYING["title"], BULLYING["event_description"], url):
            assert secret not in mail["body"]
        (entry,) = [e for e in audit.entries(case) if e["action"] == "suitability"]
        assert "egnethet@example.org" in entry["what"]


@pytest.fixture
def second_officer(site):
    """A second member of the notification unit of ie."""
    with api.env.adopt_roles(["Manager"]):
        api.user.create(
            email="varsling-ie2@example.org",
            username="varsling-ie2",
            password="demodemo-2nd",
            properties={"fullname": "Second Officer"},
        )
        api.group.add_user(groupname="ie-notification-unit", username="varsling-ie2")
    transaction.commit()
    yield "varsling-ie2"
    transaction.begin()
    with api.env.adopt_roles(["Manager"]):
        api.user.delete(username="varsling-ie2")
    transaction.commit()


class TestExcludedOfficers:
    def test_excluded_officer_gets_nothing(
        self, site, as_user, mailbox, second_officer
    ):
        data = notify(as_user, BULLYING)
        url = as_user("speakup").post(data["@id"] + "/@forward", {}).json()["@id"]
        other = Client(site.absolute_url(), "varsling-ie2", password="demodemo-2nd")
        # before: both members of the unit see it
        assert other.get(url).status_code == 200
        unit = as_user("varsling-ie")
        response = unit.patch(url, {"excluded_officers": ["varsling-ie2"]})
        assert response.status_code == 204, response.text
        response = unit.post(url + "/@workflow/acknowledge", {"comment": "received"})
        assert response.status_code == 200, response.text

        # REST: the case, its parts, @search, @cases
        assert other.get(url).status_code in (401, 403, 404)
        letter = url + "/receipt-confirmation"
        assert unit.get(letter).status_code == 200
        assert other.get(letter).status_code in (401, 403, 404)
        number = data["case_number"]
        found = other.get("@search?portal_type=NotificationCase").json()
        assert url not in {item["@id"] for item in found["items"]}
        found = unit.get("@search?portal_type=NotificationCase").json()
        assert url in {item["@id"] for item in found["items"]}
        cases = other.get("@cases").json()
        assert number not in str(cases)
        assert number in str(unit.get("@cases").json())

        # the HTML paths: the case page, the lists, the search page and
        # livesearch; the same requests show the case to the other officer
        html = {"headers": {"Accept": "text/html"}}
        page = other.get(url, **html)
        # Plone sends a logged-in user without access to its
        # insufficient-privileges page
        assert page.status_code in (401, 403, 404) or page.url.endswith(
            "/insufficient-privileges"
        ), (page.status_code, page.url)
        assert number not in page.text
        assert number in unit.get(url, **html).text
        for path in (
            "@@case-inbox",
            "@@my-work",
            f"@@search?SearchableText={number}",
            f"@@ajax-search?SearchableText={number}",
        ):
            # (the search pages repeat the words searched for: look for the
            # case's address)
            answer = other.get(path, **html)
            assert answer.status_code == 200, (path, answer.status_code)
            assert url not in answer.text, path
            if path != "@@case-inbox":  # acknowledged: no longer new
                assert url in unit.get(path, **html).text, path

        # plone.api: no role, no permission, not found
        case = case_at(site, url)
        roles = set(api.user.get_roles(username="varsling-ie2", obj=case))
        assert not roles & {"NotificationOfficer", "Owner", "CaseParty"}, roles
        assert "NotificationOfficer" in api.user.get_roles(
            username="varsling-ie", obj=case
        )
        assert not api.user.has_permission("View", username="varsling-ie2", obj=case)
        assert api.user.has_permission("View", username="varsling-ie", obj=case)
        for part in case.objectValues():
            assert not api.user.has_permission(
                "View", username="varsling-ie2", obj=part
            ), part.getId()
        with api.env.adopt_user(username="varsling-ie2"):
            assert not api.content.find(case_number=number)
        with api.env.adopt_user(username="varsling-ie"):
            assert api.content.find(case_number=number)
        # the trail says who was excluded
        assert any(
            e["action"] == "exclusion" and "varsling-ie2" in e["what"]
            for e in audit.entries(case)
        )

        # mails: a message from the notifier reaches the unit, not the excluded
        mailbox.clear()
        response = as_user("student1").post(
            url + "/@messages", {"text": "Something more to add."}
        )
        assert response.status_code in (200, 201), response.text
        assert mailbox.to("varsling-ie@example.org")
        assert not mailbox.to("varsling-ie2@example.org")

        # lifted: they see it again
        assert unit.patch(url, {"excluded_officers": []}).status_code == 204
        assert other.get(url).status_code == 200
        found = other.get("@search?portal_type=NotificationCase").json()
        assert url in {item["@id"] for item in found["items"]}
