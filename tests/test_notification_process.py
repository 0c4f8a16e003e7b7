"""Notification cases end to end over REST, as the demo users and as an
anonymous notifier with nothing but the receipt code."""

from helpers import Client
from ntnu.casemgmt.core import ratelimit

import pytest
import re
import transaction


NOTIFICATION = {
    "title": "Comments in the lab group",
    "category": "harassment",
    "event_description": "Repeated comments about my background in lab sessions.",
    "persons_involved": "A fellow student in the lab group",
    "witnesses": "Two others in the group",
    "accused_faculty": "ie",
}


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


def fill_in(client, letter):
    """Fill in the placeholders of a draft letter: one left, it is not
    sent (SPEC §3, tests/test_letter_delivery.py)."""
    body = client.get(letter).json()["body"]
    filled = re.sub(r"\[[^\[\]\n]+\]", "filled in", body)
    assert client.patch(letter, {"body": filled}).status_code == 204


def forwarded(as_user, notifier="student1", **extra):
    data = as_user(notifier).post("@notify", dict(NOTIFICATION, **extra)).json()
    url = data.get("@id")
    response = as_user("speakup").post(url + "/@forward", {})
    assert response.status_code == 200, response.text
    return response.json()["@id"], data


class TestSubmission:
    def test_anonymous_gets_receipt_and_leaves_no_identity(
        self, site, as_user, mailbox
    ):
        response = as_user().post("@notify", NOTIFICATION)
        assert response.status_code == 201, response.text
        data = response.json()
        assert len(data["receipt"]) > 40
        assert "@id" not in data
        transaction.begin()
        brains = site.portal_catalog.unrestrictedSearchResults(
            case_number=data["case_number"]
        )
        case = brains[0]._unrestrictedGetObject()
        assert case.aq_parent.getId() == "speakup"
        assert case.anonymous is True
        assert case.listCreators() == ("casemgmt-system",)
        assert not [p for p, roles in case.get_local_roles() if "Owner" in roles]
        actors = {
            e["actor"] for e in case.workflow_history["casemgmt_notification_workflow"]
        }
        assert actors == {"casemgmt-system"}
        assert not hasattr(case, "_receipt_code")
        assert data["receipt"] not in repr(case.__dict__)
        (mail,) = mailbox.to("speakup@example.org")
        assert data["case_number"] in mail["subject"]
        assert NOTIFICATION["event_description"] not in mail["body"]

    def test_logged_in_notifier_owns_the_case(self, as_user):
        response = as_user("student1").post("@notify", NOTIFICATION)
        assert response.status_code == 201
        data = response.json()
        assert "receipt" not in data
        mine = as_user("student1").get(data["@id"])
        assert mine.status_code == 200
        assert mine.json()["case_number"] == data["case_number"]
        assert as_user("student2").get(data["@id"]).status_code in (401, 403)

    def test_logged_in_but_anonymous(self, site, as_user):
        data = (
            as_user("student1")
            .post("@notify", dict(NOTIFICATION, anonymous=True))
            .json()
        )
        assert "receipt" in data
        transaction.begin()
        case = site.portal_catalog.unrestrictedSearchResults(
            case_number=data["case_number"]
        )[0]._unrestrictedGetObject()
        assert "student1" not in repr(case.listCreators())
        assert "student1" not in repr(case.get_local_roles())
        assert "student1" not in repr(case.workflow_history)

    @pytest.mark.parametrize(
        "body,field",
        [
            (
                {k: v for k, v in NOTIFICATION.items() if k != "event_description"},
                "event_description",
            ),
            (dict(NOTIFICATION, category="teaching"), "category"),
            (dict(NOTIFICATION, accused_faculty="xx"), "accused_faculty"),
            (dict(NOTIFICATION, case_officer="varsling-ie"), "case_officer"),
            (dict(NOTIFICATION, event_description="x" * 20001), "event_description"),
            (dict(NOTIFICATION, website="http://spam"), "website"),
        ],
    )
    def test_bad_input_creates_nothing(self, site, as_user, body, field):
        before = len(
            site.portal_catalog.unrestrictedSearchResults(
                portal_type="NotificationCase"
            )
        )
        response = as_user().post("@notify", body)
        # 413 for a text over its size, 400 for the rest
        assert response.status_code == (
            413 if field == "event_description" and "x" * 100 in str(body) else 400
        ), response.text
        assert field in response.json()["error"]["message"]
        transaction.begin()
        assert (
            len(
                site.portal_catalog.unrestrictedSearchResults(
                    portal_type="NotificationCase"
                )
            )
            == before
        )

    def test_anonymous_submissions_are_rate_limited(self, as_user):
        codes = [as_user().post("@notify", NOTIFICATION).status_code for _ in range(6)]
        assert codes[:5] == [201] * 5
        assert codes[5] == 429


class TestReceipt:
    def test_status_and_messages_with_the_code_only(self, site, as_user):
        data = as_user().post("@notify", NOTIFICATION).json()
        anonymous = as_user()
        status = anonymous.post("@receipt", {"receipt": data["receipt"]})
        assert status.status_code == 200
        assert status.json()["case_number"] == data["case_number"]
        assert status.json()["review_state"] == "received"
        assert set(status.json()) == {
            "case_number",
            "review_state",
            "state_title",
            "received",
            "messages",
            "letters",  # SPEC §7: the sent letters addressed to the notifier
        }
        posted = anonymous.post(
            "@receipt/message",
            {"receipt": data["receipt"], "text": "I remembered one more thing."},
        )
        assert posted.status_code == 201
        assert posted.json()["messages"][-1]["author_kind"] == "notifier"
        # the officer answers; the notifier reads it with the code
        transaction.begin()
        case = site.portal_catalog.unrestrictedSearchResults(
            case_number=data["case_number"]
        )[0]._unrestrictedGetObject()
        from ntnu.casemgmt.notification.rules import add_message

        add_message(case, "Thank you, we will contact the faculty.", "officer")
        transaction.commit()
        messages = anonymous.post("@receipt", {"receipt": data["receipt"]}).json()[
            "messages"
        ]
        assert [m["author_kind"] for m in messages] == ["notifier", "officer"]
        assert messages[1]["text"] == "Thank you, we will contact the faculty."

    def test_wrong_codes_tell_nothing_and_are_limited(self, as_user):
        data = as_user().post("@notify", NOTIFICATION).json()
        lookup = data["receipt"].split("-", 1)[0]
        client = as_user()
        answers = [
            client.post("@receipt", {"receipt": code})
            for code in (
                f"{lookup}-wrong",
                "0000000000000000-x",
                "garbage",
                data["receipt"][:-1],
            )
        ]
        assert {r.status_code for r in answers} == {404}
        assert len({r.json()["error"]["message"] for r in answers}) == 1
        for _ in range(10):
            client.post("@receipt", {"receipt": "nope-nope"})
        assert client.post("@receipt", {"receipt": data["receipt"]}).status_code == 429

    def test_only_a_hash_is_stored(self, site, as_user):
        data = as_user().post("@notify", NOTIFICATION).json()
        transaction.begin()
        case = site.portal_catalog.unrestrictedSearchResults(
            case_number=data["case_number"]
        )[0]._unrestrictedGetObject()
        _lookup, secret = data["receipt"].split("-", 1)
        assert secret not in repr(case._receipt)
        import hashlib

        assert case._receipt[1] == hashlib.sha256(secret.encode()).hexdigest()


class TestForwardAndHandling:
    def test_forward_moves_to_accused_faculty(self, site, as_user, mailbox):
        data = as_user("student1").post("@notify", NOTIFICATION).json()
        assert as_user("varsling-ie").get(data["@id"]).status_code in (401, 403)
        assert as_user("speakup").get(data["@id"]).status_code == 200
        mailbox.clear()
        url, _ = (
            as_user("speakup").post(data["@id"] + "/@forward", {}).json()["@id"],
            None,
        )
        assert "/faculties/ie/" in url
        assert as_user("varsling-ie").get(url).status_code == 200
        for user in (
            "speakup",
            "reception-ie",
            "linemanager-ie",
            "varsling-nv",
            "caseworker-ie",
        ):
            assert as_user(user).get(url).status_code in (401, 403), user
        (mail,) = mailbox.to("varsling-ie@example.org")
        assert data["case_number"] in mail["subject"]

    def test_forward_through_workflow_also_moves(self, site, as_user):
        data = as_user("student1").post("@notify", NOTIFICATION).json()
        response = as_user("speakup").post(data["@id"] + "/@workflow/forward", {})
        assert response.status_code == 200, response.text
        transaction.begin()
        brain = site.portal_catalog.unrestrictedSearchResults(
            case_number=data["case_number"]
        )
        assert len(brain) == 1
        assert "/faculties/ie/" in brain[0].getPath()

    @pytest.mark.parametrize("body", [{"faculty": "zz"}])
    def test_forward_to_unknown_faculty(self, as_user, body):
        data = as_user("student1").post("@notify", dict(NOTIFICATION)).json()
        response = as_user("speakup").post(data["@id"] + "/@forward", body)
        assert response.status_code == 400
        assert as_user("speakup").get(data["@id"]).json()["review_state"] == "received"

    def test_forward_needs_a_faculty(self, as_user):
        body = {k: v for k, v in NOTIFICATION.items() if k != "accused_faculty"}
        data = as_user("student1").post("@notify", body).json()
        response = as_user("speakup").post(data["@id"] + "/@workflow/forward", {})
        assert response.status_code == 400
        assert "accused_faculty" in response.json()["error"]["message"]

    def test_acknowledge_makes_receipt_confirmation(self, as_user):
        url, data = forwarded(as_user)
        officer = as_user("varsling-ie")
        assert officer.post(url + "/@workflow/acknowledge", {}).status_code == 200
        case = officer.get(url).json()
        assert case["case_officer"] == "varsling-ie"
        assert case["review_state"] == "investigation"
        letter = officer.get(url + "/receipt-confirmation").json()
        assert letter["template"]["token"] == "receipt_confirmation"
        # addressed to "the notifier" (SPEC §3): the letter does not name
        # them to whoever may read the case but not know who notified
        assert letter["recipient"] == "notifier"
        assert data["case_number"] in letter["body"]
        assert "Student One" in letter["body"]  # the unit knows
        assert as_user("student1").get(url + "/receipt-confirmation").status_code in (
            401,
            403,
        )  # a draft
        officer.patch(url, {"responsible_manager": "dean-ie"})
        assert as_user("dean-ie").get(url).status_code == 200
        assert as_user("dean-ie").get(url + "/receipt-confirmation").status_code in (
            401,
            403,
        )
        fill_in(officer, url + "/receipt-confirmation")  # the placeholder rule
        assert (
            officer.post(url + "/receipt-confirmation/@workflow/send", {}).status_code
            == 200
        )
        assert (
            "Student One"
            in as_user("student1").get(url + "/receipt-confirmation").json()["body"]
        )

    def test_parties_documents_and_closing(self, as_user, mailbox):
        url, data = forwarded(as_user)
        officer = as_user("varsling-ie")
        officer.post(url + "/@workflow/acknowledge", {})
        assert (
            officer.patch(
                url, {"parties": ["student2"], "summary": "Both were heard."}
            ).status_code
            == 204
        )
        party_doc = officer.post(
            url, {"@type": "CaseDocument", "title": "Minutes", "visibility": "party"}
        ).json()["@id"]
        internal_doc = officer.post(
            url,
            {"@type": "CaseDocument", "title": "Assessment", "visibility": "internal"},
        ).json()["@id"]
        party = as_user("student2")
        notifier = as_user("student1")
        assert party.get(url).status_code == 200
        assert party.get(url).json()["summary"] == "Both were heard."
        assert party.get(party_doc).status_code == 200
        assert party.get(internal_doc).status_code in (401, 403)
        # the notifier is not a party: the case and its status, no findings, no documents
        mine = notifier.get(url).json()
        assert mine["review_state"] == "investigation"
        assert "summary" not in mine and "outcome" not in mine
        assert notifier.get(party_doc).status_code in (401, 403)
        # making a document internal takes it away from the party
        assert officer.patch(party_doc, {"visibility": "internal"}).status_code == 204
        assert party.get(party_doc).status_code in (401, 403)
        # closing needs the outcome
        assert officer.post(url + "/@workflow/close", {}).status_code == 400
        mailbox.clear()
        assert (
            officer.post(
                url + "/@workflow/close", {"comment": "A written warning was given."}
            ).status_code
            == 200
        )
        (to_party,) = mailbox.to("student2@example.org")
        assert "A written warning was given." in to_party["body"]
        (to_notifier,) = mailbox.to("student1@example.org")
        assert "A written warning was given." not in to_notifier["body"]
        assert data["case_number"] in to_notifier["subject"]

    def test_notifier_who_is_party_has_party_rights(self, as_user):
        url, _ = forwarded(as_user, notifier_is_party=True)
        officer = as_user("varsling-ie")
        officer.post(url + "/@workflow/acknowledge", {})
        officer.patch(url, {"summary": "Heard."})
        doc = officer.post(
            url, {"@type": "CaseDocument", "title": "Minutes", "visibility": "party"}
        ).json()["@id"]
        notifier = as_user("student1")
        assert notifier.get(url).json()["summary"] == "Heard."
        assert notifier.get(doc).status_code == 200

    def test_sent_letter_reaches_its_recipient_only(self, as_user):
        url, _ = forwarded(as_user)
        officer = as_user("varsling-ie")
        officer.post(url + "/@workflow/acknowledge", {})
        officer.patch(url, {"parties": ["student2", "staff1"]})
        letter = officer.post(
            url,
            {"@type": "Letter", "template": "written_warning", "recipient": "student2"},
        ).json()["@id"]
        assert as_user("student2").get(letter).status_code in (
            401,
            403,
        )  # still a draft
        fill_in(officer, letter)
        assert officer.post(letter + "/@workflow/send", {}).status_code == 200
        assert as_user("student2").get(letter).status_code == 200
        assert as_user("staff1").get(letter).status_code in (401, 403)


class TestAudit:
    def test_views_changes_and_transitions_are_recorded(self, as_user):
        url, _ = forwarded(as_user)
        officer = as_user("varsling-ie")
        officer.get(url)
        officer.patch(url, {"parties": ["student2"]})
        officer.post(url + "/@workflow/acknowledge", {})
        log = as_user("varsling-ie").get(url + "/@audit-log")
        assert log.status_code == 200
        items = log.json()["items"]
        actions = {(i["actor"], i["action"]) for i in items}
        assert ("varsling-ie", "view") in actions
        assert ("varsling-ie", "change") in actions
        assert ("varsling-ie", "roles") in actions
        assert ("varsling-ie", "transition") in actions
        assert ("speakup", "transition") in actions
        assert any(i["action"] == "move" for i in items)

    @pytest.mark.parametrize(
        "user,may",
        [
            ("varsling-ie", True),  # the unit reads the whole case
            ("quality", False),  # not while the case is the faculty's
            ("dean-ie", False),  # the trail names the notifier
            ("student1", False),
            ("speakup", False),  # no more once forwarded
            ("reception-ie", False),
        ],
    )
    def test_only_who_reads_the_whole_case(self, as_user, user, may):
        url, _ = forwarded(as_user)
        assert (
            as_user("varsling-ie")
            .patch(url, {"responsible_manager": "dean-ie"})
            .status_code
            == 204
        )
        status = as_user(user).get(url + "/@audit-log").status_code
        assert (status == 200) == may, (user, status)

    def test_not_editable_through_the_web(self, as_user):
        url, _ = forwarded(as_user)
        officer = as_user("varsling-ie")
        for method in ("post", "patch", "delete"):
            response = getattr(officer.session, method)(
                officer.url(url + "/@audit-log"), json={}, timeout=30
            )
            assert response.status_code in (401, 403, 404, 405), method


class TestNoLeaks:
    """What a party or a non-party notifier can reach over REST besides the
    case itself: history, workflow comments, sharing, the JSON of the case."""

    def test_closing_comment_not_reachable_by_non_party_notifier(self, as_user):
        url, _ = forwarded(as_user)
        officer = as_user("varsling-ie")
        officer.post(url + "/@workflow/acknowledge", {})
        officer.patch(url, {"parties": ["student2"]})
        officer.post(
            url + "/@workflow/close", {"comment": "A written warning was given."}
        )
        notifier = as_user("student1")
        for path in ("", "/@workflow", "/@history", "/@sharing", "/@audit-log"):
            response = notifier.get(url + path)
            assert "A written warning was given." not in response.text, path

    def test_notifier_identity_not_in_json_for_parties(self, as_user):
        url, _ = forwarded(as_user)
        officer = as_user("varsling-ie")
        officer.post(url + "/@workflow/acknowledge", {})
        officer.patch(
            url, {"parties": ["student2"], "hide_notifier_from_parties": True}
        )
        party = as_user("student2")
        for path in (
            "",
            "/@workflow",
            "/@history",
            "/@sharing",
            "/receipt-confirmation",
        ):
            response = party.get(url + path)
            assert "student1" not in response.text, path
            assert "Student One" not in response.text, path

    def test_sharing_cannot_be_used_to_grant_access(self, as_user):
        data = as_user("student1").post("@notify", NOTIFICATION).json()
        response = as_user("student1").post(
            data["@id"] + "/@sharing",
            {
                "entries": [
                    {"id": "student2", "type": "user", "roles": {"Reader": True}}
                ]
            },
        )
        assert response.status_code in (401, 403)
        assert as_user("student2").get(data["@id"]).status_code in (401, 403)
