"""Issue 14 ("trust first"): what the generic-path matrix and the bad-input
probes do not show on their own — who may read which field (plone.api),
the notifier's identity kept in one place, an anonymous notification that
leaves no user id in the database, writes from other sites, the forms'
CSRF check, due dates by state, and the smaller rules of the issue."""

from datetime import date
from datetime import timedelta
from helpers import Client
from helpers import DEVIATION
from ntnu.casemgmt.core import visibility
from ntnu.casemgmt.core.deadlines import NO_DUE_DATE
from ntnu.casemgmt.deviation import rules as deviation
from ntnu.casemgmt.notification import rules as notification
from plone import api
from test_notification_security import make_notification
from zope.globalrequest import getRequest
from zope.lifecycleevent import modified

import pytest
import transaction


NOTIFICATION = {
    "title": "Comments in the lab",
    "category": "harassment",
    "event_description": "Every week.",
}

STAFF_SIDE = {"varsling-ie", "dean-ie"}


# -- who may read which field (plone.api) ------------------------------------

#: The groups of SPEC §3/§6 by field; every field of the schema must be in
#: exactly one (a new field fails test_every_field_has_a_rule).
FIELD_GROUPS = {
    "report": {
        "title",
        "category",
        "event_description",
        "persons_involved",
        "witnesses",
        "anonymous",
        "accused_faculty",
        "case_number",
        "received",
        "case_officer",
        "form_answers",
    },
    "internals": {
        "previous_cases",
        "notifier_is_party",
        "forward_deadline",
        "confirmation_deadline",
        "deadline",
        "severity",
        "channel",
        "external_committee",
        "responsible_manager",
        "parties",
        "hide_notifier_from_parties",
        "suitability_doubt",
        "immediate_measures",
        "excluded_officers",
        "legal_hold",
        "copied_units",
    },
    "findings": {"summary", "outcome"},
    "identity": {"notifier", "notifier_name", "notifier_email"},
}

#: Who reads each group of a forwarded case (student1 notified, student2 is
#: a party, dean-ie the responsible manager), by whether the notifier is
#: withheld from the parties.
READERS = {
    # with nv's unit consulted in a hearing (make_notification)
    "report": STAFF_SIDE | {"student1", "student2", "varsling-nv"},
    "internals": STAFF_SIDE,
    "findings": STAFF_SIDE | {"student2"},
    "identity": {"varsling-ie", "student1"},  # + student2 unless withheld
}

USERS = [
    "student1",
    "student2",
    "staff1",
    "varsling-ie",
    "varsling-nv",
    "dean-ie",
    "reception-ie",
    "speakup",
    "quality",
]


def test_every_field_has_a_rule():
    from ntnu.casemgmt.content.notification import INotificationCase
    from zope.schema import getFieldNames

    grouped = set().union(*FIELD_GROUPS.values())
    assert set(getFieldNames(INotificationCase)) == grouped


@pytest.mark.parametrize("withheld", [True, False])
def test_field_readers(demo_portal, withheld):
    case = make_notification(demo_portal, "investigation")
    case.hide_notifier_from_parties = withheld
    modified(case)
    for group, fields in FIELD_GROUPS.items():
        expected = set(READERS[group])
        if group == "identity" and not withheld:
            expected.add("student2")
        for field in fields:
            readers = set()
            for user in USERS:
                with api.env.adopt_user(username=user):
                    if api.user.has_permission(
                        "View", obj=case
                    ) and visibility.readable(case, field):
                        readers.add(user)
            assert readers == expected, (field, withheld)


# -- the notifier's identity in one place --------------------------------------


def test_notifier_is_no_creator_owner_or_catalog_entry(demo_portal):
    with api.env.adopt_user(username="student1"):
        case, _ = notification.submit(dict(NOTIFICATION), getRequest())
    assert case.notifier == "student1"
    assert case.listCreators() == ("casemgmt-system",)
    assert "student1" not in repr(case.get_local_roles())
    assert case.getOwnerTuple()[1] == "casemgmt-system"
    (brain,) = api.portal.get_tool("portal_catalog").unrestrictedSearchResults(
        UID=case.UID()
    )
    metadata = {
        name: getattr(brain, name, None)
        for name in api.portal.get_tool("portal_catalog").schema()
    }
    assert "student1" not in repr(metadata)
    assert not api.content.find(Creator="student1", portal_type="NotificationCase")
    # ... and still the notifier's case, under My cases too
    assert api.user.has_permission("View", username="student1", obj=case)
    with api.env.adopt_user(username="student1"):
        view = api.content.get_view("my-cases", demo_portal, getRequest())
        assert case.case_number in {row["case_number"] for row in view.rows()}
    # nobody else can ask the catalog for student1's cases
    from ntnu.casemgmt.core.people import reporter_token

    with api.env.adopt_user(username="student2"):
        assert not api.content.find(
            reporter_token=reporter_token("student2"), portal_type="NotificationCase"
        )
        assert not api.content.find(reporter_token="student1")


def test_anonymous_while_logged_in_leaves_no_user_id(demo_functional):
    """Not in the case, its parts, the catalog, nor the transaction record
    the ZODB keeps of the request that made it."""
    portal = demo_functional["portal"]
    transaction.commit()
    db = portal._p_jar.db()
    before = db.lastTransaction()
    data = (
        Client(portal.absolute_url(), "student1")
        .post("@notify", dict(NOTIFICATION, anonymous=True))
        .json()
    )
    assert "receipt" in data
    transaction.begin()
    records = [txn for txn in db.storage.iterator(start=before) if txn.tid != before]
    assert records, "the notification was stored"
    for txn in records:
        meta = repr((txn.user, txn.description, txn.extension))
        assert "student1" not in meta and "Student One" not in meta
        for record in txn:
            assert b"student1" not in (record.data or b""), record.oid


# -- writes from another site --------------------------------------------------


class TestOtherOrigins:
    @pytest.fixture
    def case_url(self, demo_functional):
        portal = demo_functional["portal"]
        with api.env.adopt_user(username="student1"):
            case = deviation.report(dict(DEVIATION, faculty="ie"), getRequest())
        transaction.commit()
        return portal, case.absolute_url()

    def test_foreign_origin_with_credentials_is_refused(self, case_url):
        portal, url = case_url
        reception = Client(portal.absolute_url(), "reception-ie")
        response = reception.post(
            url + "/@workflow/reject",
            {"comment": "forged"},
            headers={"Origin": "https://evil.example.org"},
        )
        assert response.status_code == 403
        assert response.json()["error"]["type"] == "Forbidden"
        transaction.begin()
        assert reception.get(url).json()["review_state"] == "submitted"

    def test_text_plain_is_refused(self, case_url):
        # What a cross-site form or no-cors fetch can send without a preflight.
        portal, url = case_url
        reception = Client(portal.absolute_url(), "reception-ie")
        response = reception.session.post(
            url + "/@workflow/reject",
            data='{"comment": "forged"}',
            headers={"Content-Type": "text/plain"},
            timeout=60,
        )
        assert response.status_code == 415
        assert reception.get(url).json()["review_state"] == "submitted"

    def test_own_origin_and_tokens_work(self, case_url):
        portal, url = case_url
        origin = "http://" + url.split("/")[2]
        reception = Client(portal.absolute_url(), "reception-ie")
        assert (
            reception.post(
                url + "/@workflow/approve", {}, headers={"Origin": origin}
            ).status_code
            == 200
        )
        token = (
            Client(portal.absolute_url())
            .post("@login", {"login": "reception-ie", "password": "demodemo"})
            .json()["token"]
        )
        bearer = Client(portal.absolute_url())
        bearer.session.headers["Authorization"] = f"Bearer {token}"
        response = bearer.post(
            url + "/@workflow/close",
            {"comment": "done"},
            headers={"Origin": "https://app.example.org"},
        )
        assert response.status_code == 200


def test_token_is_void_after_logout(demo_functional):
    portal = demo_functional["portal"]
    transaction.commit()
    token = (
        Client(portal.absolute_url())
        .post("@login", {"login": "student1", "password": "demodemo"})
        .json()["token"]
    )
    client = Client(portal.absolute_url())
    client.session.headers["Authorization"] = f"Bearer {token}"
    assert client.get("@users/student1").status_code == 200
    assert client.post("@logout").status_code in (200, 204)
    assert client.get("@users/student1").status_code == 401


def test_members_cannot_list_users_and_groups(demo_functional):
    portal = demo_functional["portal"]
    transaction.commit()
    student = Client(portal.absolute_url(), "student1")
    for name in ("plone.app.vocabularies.Users", "plone.app.vocabularies.Groups"):
        response = student.get(f"@vocabularies/{name}", params={"title": "a"})
        assert response.status_code in (401, 403), name
        assert "reception-ie" not in response.text


# -- the report and notify forms without their authenticator -----------------


@pytest.mark.parametrize("form", ["report-deviation", "notify"])
def test_form_without_authenticator_sends_nothing_and_says_so(demo_functional, form):
    portal = demo_functional["portal"]
    transaction.commit()
    catalog = api.portal.get_tool("portal_catalog")
    before = len(
        catalog.unrestrictedSearchResults(portal_type=["Deviation", "NotificationCase"])
    )
    fields = {
        "form.widgets.title": "Posted without the token",
        "form.widgets.category:list": "teaching"
        if form == "report-deviation"
        else "bullying",
        "form.widgets.event_description": "x",
        "form.widgets.prior_attempts": "y",
        "form.widgets.faculty:list": "ie",
        "form.buttons.send": "Send",
    }
    client = Client(portal.absolute_url(), "student1")
    client.session.headers["Accept"] = "text/html"
    response = client.session.post(
        f"{portal.absolute_url()}/@@{form}",
        data=fields,
        timeout=60,
        allow_redirects=False,
    )
    assert response.status_code == 200
    assert "nothing was sent" in response.text
    transaction.begin()
    assert (
        len(
            catalog.unrestrictedSearchResults(
                portal_type=["Deviation", "NotificationCase"]
            )
        )
        == before
    )


# -- due dates by state (SPEC §3) ------------------------------------------------


def _catalog_deadline(case):
    (brain,) = api.portal.get_tool("portal_catalog").unrestrictedSearchResults(
        UID=case.UID()
    )
    return brain.deadline


def test_notification_due_date_follows_the_state(demo_portal):
    case = make_notification(demo_portal, "received")
    assert _catalog_deadline(case) == case.forward_deadline
    with api.env.adopt_user(username="speakup"):
        case = notification.forward(case)
    assert (
        _catalog_deadline(case) == case.confirmation_deadline != case.forward_deadline
    )
    with api.env.adopt_user(username="varsling-ie"):
        api.content.transition(obj=case, transition="acknowledge")
    assert case.deadline == date.today() + timedelta(weeks=8)
    assert _catalog_deadline(case) == case.deadline
    with api.env.adopt_user(username="varsling-ie"):
        api.content.transition(obj=case, transition="close", comment="done")
    assert _catalog_deadline(case) == NO_DUE_DATE


def test_forwarded_case_acknowledged_on_time_is_never_overdue(demo_portal):
    from ntnu.casemgmt.core.deadlines import catalog_date
    from ntnu.casemgmt.core.deadlines import is_overdue

    case = make_notification(demo_portal, "investigation")
    case.forward_deadline = date.today() - timedelta(days=30)
    case.confirmation_deadline = date.today() - timedelta(days=20)
    case.reindexObject()
    (brain,) = api.portal.get_tool("portal_catalog").unrestrictedSearchResults(
        UID=case.UID()
    )
    assert not is_overdue(brain.portal_type, brain.review_state, brain.deadline)
    assert catalog_date(brain.deadline) == case.deadline


# -- the smaller rules -------------------------------------------------------------


def test_reject_as_notification_takes_title_and_documents_along(demo_portal):
    with api.env.adopt_user(username="student1"):
        case = deviation.report(
            dict(DEVIATION, faculty="ie", title="Harassed by N.N. in the lab"),
            getRequest(),
        )
    with api.env.adopt_user(username="reception-ie"):
        document = api.content.create(
            container=case,
            type="CaseDocument",
            title="Chat log of N.N.",
            visibility="party",
        )
        api.content.transition(
            obj=case, transition="reject_as_notification", comment=""
        )
    assert "N.N." not in case.title
    assert not [obj for obj in case.objectValues() if obj.portal_type == "CaseDocument"]
    (brain,) = api.portal.get_tool("portal_catalog").unrestrictedSearchResults(
        UID=case.notification_case
    )
    new = brain._unrestrictedGetObject()
    assert new.title == "Harassed by N.N. in the lab"
    assert new.notifier == "student1"
    (moved,) = [obj for obj in new.objectValues() if obj.portal_type == "CaseDocument"]
    assert moved.UID() == document.UID()
    assert api.content.get_state(moved) == "internal"
    for user in ("reception-ie", "linemanager-ie"):
        with api.env.adopt_user(username=user):
            found = api.content.find(SearchableText="N.N.")
        assert not found, user


def test_new_case_worker_after_approval_is_told(demo_functional, mailbox):
    with api.env.adopt_user(username="student1"):
        case = deviation.report(dict(DEVIATION, faculty="ie"), getRequest())
    with api.env.adopt_user(username="reception-ie"):
        case.case_worker = "caseworker-ie"
        api.content.transition(obj=case, transition="approve")
        transaction.commit()
        assert len(mailbox.to("caseworker-ie@example.org")) == 1
        case.case_worker = "staff1"
        modified(case)
        modified(case)  # told once
    transaction.commit()
    assert len(mailbox.to("staff1@example.org")) == 1
    assert len(mailbox.to("caseworker-ie@example.org")) == 1


def test_notifier_who_is_party_learns_the_outcome(demo_functional, mailbox):
    with api.env.adopt_user(username="student1"):
        case, _ = notification.submit(
            dict(NOTIFICATION, accused_faculty="ie", notifier_is_party=True),
            getRequest(),
        )
    transaction.commit()
    mailbox.clear()  # the receipt of the submission
    with api.env.adopt_user(username="speakup"):
        case = notification.forward(case)
    with api.env.adopt_user(username="varsling-ie"):
        api.content.transition(obj=case, transition="acknowledge")
        api.content.transition(
            obj=case, transition="close", comment="A warning was given."
        )
    transaction.commit()
    (mail,) = mailbox.to("student1@example.org")
    assert "A warning was given." in mail["body"]


def test_closed_case_takes_no_messages(demo_portal):
    case = make_notification(demo_portal, "closed")
    with pytest.raises(notification.NotifyError):
        notification.add_message(case, "one more thing", "notifier")


def test_part_ids_do_not_come_from_titles(demo_portal):
    case = make_notification(demo_portal, "investigation")
    with api.env.adopt_user(username="varsling-ie"):
        document = api.content.create(
            container=case, type="CaseDocument", title="Interview with Pia Partsen"
        )
        letter = api.content.create(
            container=case, type="Letter", template="summons_accused", title="To Pia"
        )
    assert document.getId() == "document-1"
    assert letter.getId().startswith("letter-")
    assert "pia" not in document.getId() + letter.getId()


def test_letter_recipients_read_no_statistics(demo_portal):
    permission = "ntnu.casemgmt: View statistics"
    assert "LetterRecipient" not in [
        r["name"] for r in demo_portal.rolesOfPermission(permission) if r["selected"]
    ]


def test_case_transitions_in_the_state_menu_ask_what_they_need(demo_portal):
    """The toolbar's State menu offers a case's transitions through the
    add-on's form (a comment, a case worker), never a bare transition that
    would end on an error page."""
    with api.env.adopt_user(username="student1"):
        case = deviation.report(dict(DEVIATION, faculty="ie"), getRequest())
    workflow = api.portal.get_tool("portal_workflow")
    with api.env.adopt_user(username="reception-ie"):
        actions = {a["id"]: a["url"] for a in workflow.listActionInfos(object=case)}
    assert actions["reject"].endswith("/@@case-transition?transition=reject")
    assert all("content_status_modify" not in url for url in actions.values())


def test_intake_forms_answer_json(demo_functional):
    """An EasyForm's JSON (folder items and @search with fullobjects too)."""
    portal = demo_functional["portal"]
    transaction.commit()
    student = Client(portal.absolute_url(), "student1")
    assert student.get("guidelines/room-problems").status_code == 200
    response = student.get(
        "@search",
        params={"path": "/plone", "metadata_fields": "_all", "fullobjects": "1"},
    )
    assert response.status_code == 200


def test_easyform_still_needs_our_serializer(demo_portal):
    """When collective.easyform looks its permission up by title itself,
    this fails: remove serializer.EasyFormSerializer then."""
    from collective.easyform.serializer import SerializeToJson

    form = demo_portal["guidelines"]["room-problems"]
    with pytest.raises(api.exc.InvalidParameterError):
        SerializeToJson(form, getRequest())()


def test_every_vocabulary_answers_without_a_server_error(demo_functional):
    from zope.component import getUtilitiesFor
    from zope.schema.interfaces import IVocabularyFactory

    portal = demo_functional["portal"]
    transaction.commit()
    manager = Client(portal.absolute_url())
    manager.session.auth = ("admin", "secret")
    for name, _factory in getUtilitiesFor(IVocabularyFactory):
        response = manager.get(f"@vocabularies/{name}")
        assert response.status_code < 500, (name, response.text[:300])
