"""Issue 18, identity access (Fvl. § 19, guide § 2.3): the unit decides a
party's request to know who notified; the decision is recorded on the case
and in the audit trail, the party gets a letter, and a granted party alone
sees the notifier (plone.api and REST). Bad input answers 400 naming the
field and changes nothing; nobody but the unit may decide."""

from AccessControl import Unauthorized
from helpers import Client
from ntnu.casemgmt.core import ratelimit
from ntnu.casemgmt.core.roles import IDENTITY_ACCESS_KEY
from ntnu.casemgmt.core.security import roles_changed
from ntnu.casemgmt.notification import audit
from ntnu.casemgmt.notification import identity
from ntnu.casemgmt.parts.letters import render
from ntnu.casemgmt.parts.letters.placeholders import BRACKETED
from ntnu.casemgmt.parts.letters.placeholders import unfilled
from plone import api
from plone.app.testing import SITE_OWNER_NAME as SITE_OWNER
from plone.testing.zope import Browser
from test_notification_security import make_notification
from zope.lifecycleevent import modified

import pytest
import transaction


IDENTITY = "ntnu.casemgmt: View notifier identity"
REASON = "No real risk of retaliation: the notification concerns a single remark."
PIA = "pia"


@pytest.fixture
def site(demo_functional):
    ratelimit.reset()
    portal = demo_functional["portal"]
    api.user.create(
        email="pia@example.org",
        username=PIA,
        password="demodemo",
        properties={"fullname": "Pia Partsen"},
    )
    return portal


@pytest.fixture
def case(site):
    """student1's notification in investigation at ie, the notifier withheld
    from its two parties, student2 and pia."""
    case = make_notification(site, "investigation")
    with api.env.adopt_user(username="varsling-ie"):
        case.parties = ["student2", PIA]
        case.hide_notifier_from_parties = True
        modified(case)
        roles_changed(case)
    transaction.commit()
    return case


def client(site, user=None):
    return Client(site.absolute_url(), user)


def fresh(case):
    """The case as committed by the test server."""
    transaction.begin()
    return api.portal.get().unrestrictedTraverse("/".join(case.getPhysicalPath()))


def sees_notifier(user, case):
    return api.user.has_permission(IDENTITY, username=user, obj=case)


def decision_letters(case):
    return [
        o
        for o in case.objectValues()
        if o.portal_type == "Letter" and o.template == identity.TEMPLATE
    ]


def post(site, case, body, user="varsling-ie"):
    return client(site, user).post(case.absolute_url() + "/@identity-access", body)


def test_before_a_decision_no_party_sees_the_notifier(site, case):
    for party in ("student2", PIA):
        assert not sees_notifier(party, case)
        data = client(site, party).get(case.absolute_url()).json()
        assert data["@id"] == case.absolute_url()
        assert "notifier" not in data
        assert "notifier_name" not in data
    assert client(site, "varsling-ie").get(case.absolute_url()).json()["notifier"]


def test_granted_to_one_party(site, case, mailbox):
    response = post(
        site, case, {"party": "student2", "granted": True, "reason": REASON}
    )
    assert response.status_code == 201, response.text
    answer = response.json()
    assert answer["party"] == "student2"
    assert answer["granted"] is True
    assert answer["by"] == "varsling-ie"

    case = fresh(case)
    assert sees_notifier("student2", case)
    assert not sees_notifier(PIA, case)
    assert client(site, "student2").get(case.absolute_url()).json()["notifier"] == (
        "student1"
    )
    assert "notifier" not in client(site, PIA).get(case.absolute_url()).json()

    # the letter: sent, to student2 only, filled in, no placeholder left
    (letter,) = decision_letters(case)
    assert api.content.get_state(letter) == "sent"
    assert letter.recipient == "student2"
    assert letter.unfilled_placeholders() == []
    assert REASON in letter.body
    assert not BRACKETED.search(letter.body)
    assert answer["letter"] == letter.absolute_url()
    (mail,) = mailbox.to("student2@example.org")
    assert case.case_number in mail["subject"]
    assert REASON not in mail["body"]  # a notice, never the letter's text
    assert not mailbox.to("pia@example.org")
    response = client(site, "student2").get(letter.absolute_url())
    assert response.status_code == 200
    assert REASON in response.json()["body"]
    assert client(site, PIA).get(letter.absolute_url()).status_code in (401, 403, 404)

    # the record and the trail
    assert case._identity_access["student2"]["granted"] is True
    entries = [e for e in audit.entries(case) if e["action"] == "identity_access"]
    assert [e["what"] for e in entries] == [f"student2: granted: {REASON}"]
    assert entries[0]["actor"] == "varsling-ie"
    listing = client(site, "varsling-ie").get(case.absolute_url() + "/@identity-access")
    assert listing.status_code == 200
    items = listing.json()["items"]
    assert [(i["party"], i["granted"], i["reason"]) for i in items] == [
        ("student2", True, REASON)
    ]
    assert {p["id"] for p in listing.json()["parties"]} == {"student2", PIA}


def test_refused_no_access_letter_sent(site, case, mailbox):
    response = post(site, case, {"party": PIA, "granted": False, "reason": REASON})
    assert response.status_code == 201, response.text
    case = fresh(case)
    assert not sees_notifier(PIA, case)
    assert "notifier" not in client(site, PIA).get(case.absolute_url()).json()
    (letter,) = decision_letters(case)
    assert api.content.get_state(letter) == "sent"
    assert letter.recipient == PIA
    assert not BRACKETED.search(letter.body)
    assert len(mailbox.to("pia@example.org")) == 1
    assert client(site, PIA).get(letter.absolute_url()).status_code == 200


def test_a_later_decision_replaces_the_earlier(site, case):
    for granted in (True, False):
        body = {"party": "student2", "granted": granted, "reason": REASON}
        assert post(site, case, body).status_code == 201
    case = fresh(case)
    assert not sees_notifier("student2", case)
    assert list(case._identity_access) == ["student2"]
    assert len(decision_letters(case)) == 2
    whats = [e["what"] for e in audit.entries(case) if e["action"] == "identity_access"]
    assert whats == [f"student2: granted: {REASON}", f"student2: refused: {REASON}"]


VALID = {"party": "student2", "granted": True, "reason": REASON}

BAD_BODIES = {
    "unknown party": (dict(VALID, party="staff1"), "party"),
    "no such user": (dict(VALID, party="nobody-at-all"), "party"),
    "notifier as party": (dict(VALID, party="student1"), "party"),
    "party missing": ({"granted": True, "reason": REASON}, "party"),
    "empty reason": (dict(VALID, reason=""), "reason"),
    "blank reason": (dict(VALID, reason="   \n"), "reason"),
    "reason missing": ({"party": "student2", "granted": True}, "reason"),
    "granted as text": (dict(VALID, granted="yes"), "granted"),
    "granted missing": ({"party": "student2", "reason": REASON}, "granted"),
    "unknown field": (dict(VALID, notifier="x"), "notifier"),
}


def assert_nothing_stored(case):
    case = fresh(case)
    assert not getattr(case, IDENTITY_ACCESS_KEY, None)
    assert not decision_letters(case)
    assert not [e for e in audit.entries(case) if e["action"] == "identity_access"]
    if case.hide_notifier_from_parties:
        assert not sees_notifier("student2", case)


@pytest.mark.parametrize("key", sorted(BAD_BODIES))
def test_bad_input(site, case, mailbox, key):
    body, field = BAD_BODIES[key]
    response = post(site, case, body)
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["fields"] == [field]
    assert field in error["message"]
    assert_nothing_stored(case)
    assert not mailbox.messages()


def test_reason_too_long(site, case):
    response = post(site, case, dict(VALID, reason="x" * 20_001))
    assert response.status_code == 413, response.text
    assert "reason" in response.json()["error"]["message"]
    assert_nothing_stored(case)


def _anonymous(case):
    case.anonymous = True


def _not_hidden(case):
    case.hide_notifier_from_parties = False


def _closed(case):
    with api.env.adopt_user(username="varsling-ie"):
        api.content.transition(obj=case, transition="close", comment="Done.")


BAD_CASES = {
    "anonymous": (_anonymous, "anonymous"),
    "not hidden": (_not_hidden, "hide_notifier_from_parties"),
    "closed": (_closed, "review_state"),
}


@pytest.mark.parametrize("key", sorted(BAD_CASES))
def test_nothing_to_decide(site, case, mailbox, key):
    change, field = BAD_CASES[key]
    change(case)
    roles_changed(case)
    transaction.commit()
    mailbox.clear()
    response = post(site, case, VALID)
    assert response.status_code == 400, response.text
    assert response.json()["error"]["fields"] == [field]
    if key == "anonymous":
        assert "no identity to disclose" in response.json()["error"]["message"]
    assert_nothing_stored(case)
    assert not mailbox.messages()
    # the domain says the same, with the field
    with (
        api.env.adopt_user(username=SITE_OWNER),
        pytest.raises(identity.IdentityAccessError) as raised,
    ):
        identity.decide(fresh(case), "student2", True, REASON)
    assert raised.value.field == field


def test_no_notifier_identity(site, case):
    case.notifier = None
    transaction.commit()
    response = post(site, case, VALID)
    assert response.status_code == 400
    assert "no identity to disclose" in response.json()["error"]["message"]
    assert_nothing_stored(case)


@pytest.mark.parametrize(
    "user",
    [
        None,
        "student2",
        PIA,
        "student1",
        "dean-ie",
        "reception-ie",
        "caseworker-ie",
        "linemanager-ie",
        "varsling-nv",
        "quality",
    ],
)
def test_only_the_unit_decides(site, case, user):
    url = case.absolute_url() + "/@identity-access"
    response = client(site, user).post(url, VALID)
    assert response.status_code in (401, 403), (user, response.text)
    response = client(site, user).get(url)
    assert response.status_code in (401, 403), (user, response.text)
    assert REASON not in response.text
    assert_nothing_stored(case)


def test_forbidden_means_403_for_who_sees_the_case(site, case):
    """A party and the responsible manager see the case, not the decisions."""
    for user in ("student2", "dean-ie"):
        response = post(site, case, VALID, user=user)
        assert response.status_code == 403, (user, response.text)
        assert response.json()["error"]["type"] == "Forbidden"


def test_domain_refuses_who_may_not_decide(site, case):
    for user in ("dean-ie", "student2"):
        with api.env.adopt_user(username=user), pytest.raises(Unauthorized):
            identity.decide(case, "student2", True, REASON)
    assert not getattr(case, IDENTITY_ACCESS_KEY, None)


@pytest.mark.parametrize("language", ["nb", "en"])
def test_letter_in_both_languages(site, case, language):
    api.user.get(userid="student2").setMemberProperties({"language": language})
    with api.env.adopt_user(username="varsling-ie"):
        identity.decide(case, "student2", False, REASON)
    (letter,) = decision_letters(case)
    assert letter.unfilled_placeholders() == []
    assert "§ 21" in letter.body and "§ 19" in letter.body
    assert case.case_number in letter.body and "Student Two" in letter.body
    word = {"nb": "avslått", "en": "refused"}[language]
    assert word in letter.body
    # made by hand, without a decision, it cannot be sent half written
    _title, body, _language = render(identity.TEMPLATE, case, PIA)
    assert unfilled(identity.TEMPLATE, body)


# --- Classic UI -------------------------------------------------------------


def browser_for(site, user):
    browser = Browser(site.aq_parent)
    browser.handleErrors = False
    browser.addHeader("Accept-Language", "en")
    browser.addHeader("Authorization", f"Basic {user}:demodemo")
    return browser


def test_the_form(site, case, mailbox):
    browser = browser_for(site, "varsling-ie")
    browser.open(case.absolute_url())
    browser.getLink(id="action-identity-access").click()
    assert "@@identity-access" in browser.url
    browser.getControl(name="form.widgets.party:list").value = ["student2"]
    browser.getControl(name="form.widgets.decision").value = ["granted"]
    browser.getControl(name="form.widgets.reason").value = REASON
    browser.getControl(name="form.buttons.save").click()
    assert browser.url == case.absolute_url()
    assert "letter sent" in browser.contents
    assert 'id="identity-access"' in browser.contents
    assert "Student Two" in browser.contents and REASON in browser.contents
    case = fresh(case)
    assert sees_notifier("student2", case)
    assert len(decision_letters(case)) == 1
    assert len(mailbox.to("student2@example.org")) == 1

    # the party: the notifier now, no button, no decisions
    party = browser_for(site, "student2")
    party.open(case.absolute_url())
    assert 'id="notifier"' in party.contents
    assert "action-identity-access" not in party.contents
    assert 'id="identity-access"' not in party.contents
    with pytest.raises(Unauthorized):
        party.open(case.absolute_url() + "/@@identity-access")
    other = browser_for(site, PIA)
    other.open(case.absolute_url())
    assert 'id="notifier"' not in other.contents


def test_the_form_needs_a_reason(site, case):
    browser = browser_for(site, "varsling-ie")
    browser.open(case.absolute_url() + "/@@identity-access")
    browser.getControl(name="form.widgets.party:list").value = [PIA]
    browser.getControl(name="form.widgets.decision").value = ["refused"]
    browser.getControl(name="form.buttons.save").click()
    assert "@@identity-access" in browser.url
    assert_nothing_stored(case)


def test_no_button_when_there_is_nothing_to_decide(site, case):
    case.hide_notifier_from_parties = False
    transaction.commit()
    browser = browser_for(site, "varsling-ie")
    browser.open(case.absolute_url())
    assert "action-identity-access" not in browser.contents
