"""Issue 18, second part: a case of expulsion or exclusion goes to the
Education Quality Division and comes back with the Appeals Committee's
decision (SPEC §5 ``escalate``, ``conclude``; guide §§ 5.3.4-5.3.5); a unit
consults another unit or a person in a hearing (SPEC §3 Hearing) or copies
a second unit in (guide § 4.1.1). Over REST, read back with plone.api and
from the mails that were sent."""

from datetime import date
from datetime import timedelta
from helpers import Client
from ntnu.casemgmt.core import ratelimit
from ntnu.casemgmt.notification import audit
from plone import api

import pytest
import transaction


NOTIFICATION = {
    "title": "Threats in the study hall",
    "category": "grossly_disruptive",
    "event_description": "Threatened fellow students in the study hall again.",
    "accused_faculty": "ie",
}
#: Words of the case that no mail may carry (SPEC §8).
SECRET = ("Threats", "study hall", "Threatened")
DECISION_COPIES = "ntnu.casemgmt.appeals_decision_copies"


@pytest.fixture
def site(demo_functional):
    ratelimit.reset()
    return demo_functional["portal"]


@pytest.fixture
def as_user(site):
    def client(user=None, password="demodemo"):
        return Client(site.absolute_url(), user, password=password)

    return client


def case_at(site, url):
    transaction.begin()
    return site.unrestrictedTraverse(url.split("/plone/", 1)[1])


def ok(response, *codes):
    assert response.status_code in (codes or (200, 201, 204)), response.text
    return response


def handled_case(as_user, stage="investigation"):
    """student1's notification about student2 (a party), dean-ie its
    responsible manager, forwarded to ie and brought to ``stage``."""
    data = ok(as_user("student1").post("@notify", NOTIFICATION)).json()
    speakup = as_user("speakup")
    ok(speakup.patch(data["@id"], {"parties": ["student2"]}))
    url = ok(speakup.post(data["@id"] + "/@forward", {})).json()["@id"]
    unit = as_user("varsling-ie")
    ok(unit.patch(url, {"responsible_manager": "dean-ie"}))
    path = ["acknowledge", "assess", "decide"]
    for transition in path[: {"investigation": 1, "measures": 3}[stage]]:
        ok(unit.post(f"{url}/@workflow/{transition}", {"comment": "noted"}))
    return url


def add(client, url, **fields):
    return ok(client.post(url, fields), 201).json()["@id"]


def denied(client, url):
    return client.get(url).status_code in (401, 403, 404)


def assert_no_secrets(mails):
    for mail in mails:
        for word in SECRET:
            assert word not in mail["body"] and word not in mail["subject"], mail


class TestEscalation:
    def test_to_the_quality_division_and_back(self, site, as_user, mailbox):
        api.portal.set_registry_record(DECISION_COPIES, ["campus@example.org"])
        transaction.commit()
        url = handled_case(as_user, "measures")
        unit, quality = as_user("varsling-ie"), as_user("quality")
        internal = add(
            unit,
            url,
            **{"@type": "CaseDocument", "title": "Assessment"},
            visibility="internal",
        )
        assert denied(quality, url)  # not before it is escalated

        # the comment is required: 400, nothing moves
        response = unit.post(url + "/@workflow/escalate", {})
        assert response.status_code == 400, response.text
        assert "comment" in response.text
        mailbox.clear()
        ok(unit.post(url + "/@workflow/escalate", {"comment": "Expulsion asked"}))
        case = case_at(site, url)
        assert api.content.get_state(case) == "escalated"
        (mail,) = mailbox.to("quality@example.org")
        assert case.case_number in mail["body"]
        assert_no_secrets(mailbox.messages())

        # the quality division reads the case and its parts, finds it, adds
        # its documents and the decision letter; it does not edit the case
        assert quality.get(url).status_code == 200
        assert quality.get(internal).status_code == 200
        found = quality.get("@search", params={"portal_type": "NotificationCase"})
        assert url in {item["@id"] for item in found.json()["items"]}
        assert quality.patch(url, {"immediate_measures": "x"}).status_code in (
            401,
            403,
        )
        minutes = add(
            quality,
            url,
            **{"@type": "CaseDocument", "title": "Committee minutes"},
            visibility="internal",
        )
        letter = add(
            quality,
            url,
            **{"@type": "Letter"},
            template="appeals_committee_decision",
            recipient="student2",
        )
        response = quality.post(letter + "/@workflow/send", {})
        assert response.status_code == 400  # its placeholders are not filled
        ok(quality.patch(letter, {"body": "The committee decided: expulsion."}))
        mailbox.clear()
        ok(quality.post(letter + "/@workflow/send", {}))
        assert mailbox.to("student2@example.org")  # the student
        assert mailbox.to("varsling-ie@example.org")  # the faculty
        assert mailbox.to("dean-ie@example.org")  # the department
        (outside,) = mailbox.to("campus@example.org")  # the divisions
        assert "http" not in outside["body"]  # no link: they have no access
        for mail in mailbox.messages():
            assert "expulsion" not in mail["body"], mail
        assert_no_secrets(mailbox.messages())
        assert as_user("student2").get(letter).status_code == 200

        # conclude: the comment is required; back to the unit's follow-up
        response = quality.post(url + "/@workflow/conclude", {})
        assert response.status_code == 400, response.text
        assert unit.post(url + "/@workflow/conclude", {"comment": "x"}).status_code in (
            400,
            401,
            403,
        )
        mailbox.clear()
        ok(quality.post(url + "/@workflow/conclude", {"comment": "Expelled"}))
        case = case_at(site, url)
        assert api.content.get_state(case) == "follow_up"
        assert mailbox.to("varsling-ie@example.org")
        assert mailbox.to("dean-ie@example.org")
        assert not mailbox.to("quality@example.org")
        assert_no_secrets(mailbox.messages())

        # and the quality division's access ends, everywhere
        for path in (url, internal, minutes, letter):
            assert denied(quality, path), path
        found = quality.get("@search", params={"SearchableText": case.case_number})
        assert found.json()["items_total"] == 0
        with api.env.adopt_user(username="quality"):
            assert not api.content.find(path="/".join(case.getPhysicalPath()))
        assert as_user("varsling-ie").get(minutes).status_code == 200

    def test_due_date_while_escalated_is_the_deadline(self, site, as_user):
        url = handled_case(as_user, "measures")
        unit = as_user("varsling-ie")
        ok(unit.post(url + "/@workflow/escalate", {"comment": "Exclusion asked"}))
        case = case_at(site, url)
        rows = unit.get("@cases", params={"review_state": "escalated"}).json()
        (row,) = [r for r in rows["items"] if r["case_number"] == case.case_number]
        assert row["deadline"] == case.deadline.isoformat()

    def test_deviation_staff_and_others_see_nothing(self, site, as_user):
        url = handled_case(as_user, "measures")
        ok(as_user("varsling-ie").post(url + "/@workflow/escalate", {"comment": "x"}))
        for user in ("reception-ie", "linemanager-ie", "caseworker-ie", "varsling-nv"):
            assert denied(as_user(user), url), user


@pytest.fixture
def nv_member(site):
    """A second member of the notification unit of nv."""
    with api.env.adopt_roles(["Manager"]):
        api.user.create(
            email="varsling-nv2@example.org",
            username="varsling-nv2",
            password="demodemo-2nd",
            properties={"fullname": "Second NV Officer"},
        )
        api.group.add_user(groupname="nv-notification-unit", username="varsling-nv2")
    transaction.commit()
    yield "varsling-nv2"
    transaction.begin()
    with api.env.adopt_roles(["Manager"]):
        api.user.delete(username="varsling-nv2")
    transaction.commit()


class TestConsultingAnotherUnit:
    def test_hearing_with_a_unit(self, site, as_user, mailbox, nv_member):
        url = handled_case(as_user)
        unit = as_user("varsling-ie")
        internal = add(
            unit,
            url,
            **{"@type": "CaseDocument", "title": "Assessment"},
            visibility="internal",
        )
        shared = add(
            unit,
            url,
            **{"@type": "CaseDocument", "title": "Minutes"},
            visibility="party",
        )
        other = as_user("varsling-nv")
        second = as_user(nv_member, password="demodemo-2nd")
        assert denied(other, url)
        # one of the consulted unit has a conflict of interest
        ok(unit.patch(url, {"excluded_officers": [nv_member]}))
        mailbox.clear()
        hearing = add(
            unit,
            url,
            **{"@type": "Hearing"},
            title="Consultation",
            question="Has the student been warned at your faculty?",
            participants=["nv-notification-unit"],
            deadline=(date.today() + timedelta(days=7)).isoformat(),
        )
        (mail,) = mailbox.to("varsling-nv@example.org")
        assert "warned" not in mail["body"]  # the question stays in the portal
        assert not mailbox.to("varsling-nv2@example.org")
        assert_no_secrets(mailbox.messages())

        # the consulted unit reads the case and its shared documents, never
        # its internals or the notifier
        data = ok(other.get(url)).json()
        for hidden in ("notifier", "parties", "summary", "excluded_officers"):
            assert hidden not in data, hidden
        assert other.get(shared).status_code == 200
        assert other.get(hearing).status_code == 200
        assert denied(other, internal)
        assert other.patch(url, {"immediate_measures": "x"}).status_code in (401, 403)
        case = case_at(site, url)
        hearing_obj = case[hearing.rsplit("/", 1)[1]]
        assert api.user.has_permission(
            "ntnu.casemgmt: Answer hearing", username="varsling-nv", obj=hearing_obj
        )
        assert not api.user.has_permission(
            "ntnu.casemgmt: View notifier identity", username="varsling-nv", obj=case
        )
        # the excluded member of that unit gets nothing
        assert denied(second, url)
        assert not api.user.has_permission(
            "ntnu.casemgmt: Answer hearing", username=nv_member, obj=hearing_obj
        )

        # closing the hearing ends their access
        ok(unit.post(hearing + "/@workflow/close", {}))
        assert denied(other, url)
        assert denied(other, shared)

    def test_participants_must_exist(self, site, as_user):
        url = handled_case(as_user)
        response = as_user("varsling-ie").post(
            url,
            {
                "@type": "Hearing",
                "question": "?",
                "participants": ["no-such-unit"],
                "deadline": (date.today() + timedelta(days=7)).isoformat(),
            },
        )
        assert response.status_code == 400, response.text
        assert "participants" in response.text
        case = case_at(site, url)
        assert not [o for o in case.objectValues() if o.portal_type == "Hearing"]

    def test_closing_the_case_closes_its_hearings(self, site, as_user):
        url = handled_case(as_user)
        unit = as_user("varsling-ie")
        add(
            unit,
            url,
            **{"@type": "Hearing"},
            question="?",
            participants=["varsling-nv"],
            deadline=(date.today() + timedelta(days=7)).isoformat(),
        )
        assert as_user("varsling-nv").get(url).status_code == 200
        ok(unit.post(url + "/@workflow/close", {"comment": "Settled"}))
        assert denied(as_user("varsling-nv"), url)


class TestCopiedIn:
    def test_a_second_unit_copied_in(self, site, as_user, mailbox):
        url = handled_case(as_user)
        unit, other = as_user("varsling-ie"), as_user("varsling-nv")
        internal = add(
            unit,
            url,
            **{"@type": "CaseDocument", "title": "Assessment"},
            visibility="internal",
        )
        shared = add(
            unit,
            url,
            **{"@type": "CaseDocument", "title": "Minutes"},
            visibility="party",
        )
        assert denied(other, url)
        mailbox.clear()
        ok(unit.patch(url, {"copied_units": ["nv"]}))
        (mail,) = mailbox.to("varsling-nv@example.org")
        assert_no_secrets([mail])
        assert other.get(url).status_code == 200
        assert other.get(shared).status_code == 200
        assert denied(other, internal)
        assert "notifier" not in other.get(url).json()
        found = other.get("@search", params={"portal_type": "NotificationCase"})
        assert url in {item["@id"] for item in found.json()["items"]}
        # told once; the trail says so
        mailbox.clear()
        ok(unit.patch(url, {"copied_units": ["nv"], "immediate_measures": "none"}))
        assert not mailbox.to("varsling-nv@example.org")
        case = case_at(site, url)
        assert any(
            e["action"] == "copied_in" and "nv" in e["what"]
            for e in audit.entries(case)
        )
        # no longer copied in: no longer reading
        ok(unit.patch(url, {"copied_units": []}))
        assert denied(other, url)
        found = other.get("@search", params={"portal_type": "NotificationCase"})
        assert url not in {item["@id"] for item in found.json()["items"]}

    def test_unknown_faculty_refused(self, site, as_user):
        url = handled_case(as_user)
        response = as_user("varsling-ie").patch(url, {"copied_units": ["xx"]})
        assert response.status_code == 400, response.text
        assert "copied_units" in response.text
        assert not case_at(site, url).copied_units

    def test_copied_in_at_the_central_reception_told_on_forward(
        self, site, as_user, mailbox
    ):
        data = ok(as_user("student1").post("@notify", NOTIFICATION)).json()
        speakup = as_user("speakup")
        mailbox.clear()
        ok(speakup.patch(data["@id"], {"copied_units": ["nv"]}))
        assert not mailbox.to("varsling-nv@example.org")  # not theirs yet
        assert denied(as_user("varsling-nv"), data["@id"])
        url = ok(speakup.post(data["@id"] + "/@forward", {})).json()["@id"]
        assert len(mailbox.to("varsling-nv@example.org")) == 1
        assert as_user("varsling-nv").get(url).status_code == 200
