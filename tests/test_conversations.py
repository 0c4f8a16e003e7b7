"""Notifiers and parties take part (issue 16; SPEC §3 CaseMessage and
attachments, §6, §7 ``@messages`` and ``@receipt``, §8 the two message rows).

Every message belongs to one conversation: the notifier's or one party's.
The matrix: who reads and who writes each conversation, through plone.api
(the objects' own security, so every generic path obeys it) and REST; the
attachments (internal CaseDocuments with ``source``, the limits, the
downloads); the mails (the other side, once, in their language, never the
text); a hidden notifier never reaches a party through a message.
"""

from helpers import Client
from ntnu.casemgmt.core import ratelimit
from ntnu.casemgmt.core.security import roles_changed
from ntnu.casemgmt.notification import conversations
from ntnu.casemgmt.notification import rules as notification
from plone import api
from plone.testing.zope import Browser
from zope.globalrequest import getRequest
from zope.lifecycleevent import modified

import base64
import pytest
import re
import requests
import transaction


NOTIFIER = "student1"  # named, not a party
PARTY_A = "student2"
PARTY_B = "staff1"
UNIT = "varsling-ie"
MANAGER = "dean-ie"  # the responsible manager
DEVIATION_STAFF = ["reception-ie", "linemanager-ie", "caseworker-ie"]
OTHER_UNIT = "varsling-nv"
USERS = [NOTIFIER, PARTY_A, PARTY_B, UNIT, MANAGER, *DEVIATION_STAFF, OTHER_UNIT]

THREADS = {
    "notifier": NOTIFIER,
    f"party:{PARTY_A}": PARTY_A,
    f"party:{PARTY_B}": PARTY_B,
}

#: A sentence only the messages hold: no mail may carry it.
SECRET = "Konfidensiell melding om saken"


def make_case(state="investigation", anonymous=False, **fields):
    """student1's notification (anonymous: nobody's) about a student of
    ie, with two parties and dean-ie as responsible manager, forwarded and
    acknowledged unless ``state`` is ``received``; ``(case, receipt)``."""
    user = None if anonymous else NOTIFIER
    data = {
        "title": "Comments in the lab group",
        "category": "bullying",
        "event_description": "what happened",
        "accused_faculty": "ie",
    }
    if user:
        with api.env.adopt_user(username=user):
            case, receipt = notification.submit(data, getRequest())
    else:
        case, receipt = notification.submit(dict(data, anonymous=True), getRequest())
    with api.env.adopt_user(username="speakup"):
        case.parties = [PARTY_A, PARTY_B]
        case.responsible_manager = MANAGER
        for name, value in fields.items():
            setattr(case, name, value)
        modified(case)
        roles_changed(case)
        if state != "received":
            case = notification.forward(case)
    if state in ("investigation", "closed"):
        with api.env.adopt_user(username=UNIT):
            api.content.transition(obj=case, transition="acknowledge")
    if state == "closed":
        with api.env.adopt_user(username=UNIT):
            api.content.transition(obj=case, transition="close", comment="done")
    return case, receipt


def write(user, case, text, thread=None, files=()):
    with api.env.adopt_user(username=user):
        return conversations.post(case, text, thread, files)


def one_message_per_thread(case):
    """A message in every conversation: the notifier's and party A's by
    themselves, party B's by the unit."""
    return {
        "notifier": write(NOTIFIER, case, "from the notifier"),
        f"party:{PARTY_A}": write(PARTY_A, case, "from party A"),
        f"party:{PARTY_B}": write(UNIT, case, "to party B", f"party:{PARTY_B}"),
    }


def readers(obj):
    return {u for u in USERS if api.user.has_permission("View", username=u, obj=obj)}


# --- the matrix through plone.api ------------------------------------------


class TestMatrixThroughPloneApi:
    @pytest.fixture
    def case(self, demo_portal):
        return make_case()[0]

    def test_who_reads_each_conversation(self, case):
        messages = one_message_per_thread(case)
        for thread, message in messages.items():
            assert message.thread == thread
            # its participant and the unit; never another party, the
            # responsible manager, deviation staff or another unit
            assert readers(message) == {THREADS[thread], UNIT}, thread

    def test_the_catalog_obeys_it(self, case):
        messages = one_message_per_thread(case)
        for user in USERS:
            with api.env.adopt_user(username=user):
                found = {
                    b.UID
                    for b in api.content.find(context=case, portal_type="CaseMessage")
                }
            expected = {
                m.UID()
                for thread, m in messages.items()
                if user in (THREADS[thread], UNIT)
            }
            assert found == expected, user

    @pytest.mark.parametrize("thread", sorted(THREADS))
    def test_who_writes_each_conversation(self, case, thread):
        for user in USERS:
            allowed = user in (THREADS[thread], UNIT)
            try:
                message = write(user, case, "hello", thread)
            except conversations.ConversationError as exc:
                assert not allowed, (user, thread, str(exc))
                assert exc.status == 403, (user, thread, exc.status)
                continue
            assert allowed, (user, thread)
            assert message.thread == thread
            kind = "officer" if user == UNIT else "notifier"
            if thread.startswith("party:") and user != UNIT:
                kind = "party"
            assert message.author_kind == kind

    def test_a_participant_writes_in_their_own_without_naming_it(self, case):
        assert write(PARTY_A, case, "hello").thread == f"party:{PARTY_A}"
        assert write(NOTIFIER, case, "hello").thread == "notifier"

    def test_the_unit_names_an_existing_conversation(self, case):
        for thread in (None, "", "party:student1", "party:nobody", "everyone"):
            with pytest.raises(conversations.ConversationError) as raised:
                write(UNIT, case, "hello", thread)
            assert raised.value.status == 400 and raised.value.field == "thread"
        # SPEC §3 names a party's conversation by their user id
        assert write(UNIT, case, "hello", PARTY_A).thread == f"party:{PARTY_A}"

    def test_a_notifier_who_is_a_party_talks_in_the_notifiers(self, demo_portal):
        case, _ = make_case(notifier_is_party=True)
        assert conversations.threads_of(case) == [
            "notifier",
            f"party:{PARTY_A}",
            f"party:{PARTY_B}",
        ]
        message = write(NOTIFIER, case, "as a party")
        assert (message.thread, message.author_kind) == ("notifier", "notifier")
        assert readers(message) == {NOTIFIER, UNIT}

    def test_central_reception_handles_while_it_holds_the_case(self, demo_portal):
        case, _ = make_case("received")
        message = write(NOTIFIER, case, "in the reception")
        assert api.user.has_permission("View", username="speakup", obj=message)
        assert not api.user.has_permission("View", username=UNIT, obj=message)
        write("speakup", case, "answer", "notifier")

    def test_a_party_removed_no_longer_reads_their_conversation(self, case):
        message = write(PARTY_A, case, "hello")
        case.parties = [PARTY_B]
        roles_changed(case)
        assert PARTY_A not in readers(message)

    def test_empty_and_closed(self, case, demo_portal):
        with pytest.raises(conversations.ConversationError) as raised:
            write(NOTIFIER, case, "  ")
        assert (raised.value.status, raised.value.field) == (400, "text")
        closed, _ = make_case("closed")
        for user, thread in ((NOTIFIER, None), (UNIT, "notifier")):
            with pytest.raises(conversations.ConversationError) as raised:
                write(user, closed, "one more thing", thread)
            assert raised.value.status == 400


# --- REST -----------------------------------------------------------------------


@pytest.fixture
def site(demo_functional):
    ratelimit.reset()
    return demo_functional["portal"]


def client(site, user=None, language="en"):
    return Client(site.absolute_url(), user, language=language)


def upload(data, filename="shot.png", content_type="image/png"):
    return {
        "filename": filename,
        "content-type": content_type,
        "data": base64.b64encode(data).decode(),
        "encoding": "base64",
    }


def documents_of(case):
    transaction.begin()
    return [o for o in case.objectValues() if o.portal_type == "CaseDocument"]


class TestRest:
    @pytest.fixture
    def case(self, site):
        case = make_case()[0]
        transaction.commit()
        return case

    def test_read_matrix(self, site, case):
        for thread, user in (("notifier", NOTIFIER), (f"party:{PARTY_A}", PARTY_A)):
            response = client(site, user).post(
                case.absolute_url() + "/@messages", {"text": f"{SECRET} {thread}"}
            )
            assert response.status_code == 201, response.text
            assert response.json()["thread"] == thread
        response = client(site, UNIT).post(
            case.absolute_url() + "/@messages",
            {"text": "answer", "thread": f"party:{PARTY_B}"},
        )
        assert response.status_code == 201, response.text
        for user in USERS:
            response = client(site, user).get(case.absolute_url() + "/@messages")
            if user in [*DEVIATION_STAFF, OTHER_UNIT]:
                assert response.status_code in (401, 403, 404), user
                continue
            assert response.status_code == 200, (user, response.text)
            threads = [item["thread"] for item in response.json()["items"]]
            expected = {
                NOTIFIER: ["notifier"],
                PARTY_A: [f"party:{PARTY_A}"],
                PARTY_B: [f"party:{PARTY_B}"],
                UNIT: ["notifier", f"party:{PARTY_A}", f"party:{PARTY_B}"],
                MANAGER: [],
            }[user]
            assert threads == expected, user  # newest last

    def test_write_matrix(self, site, case):
        url = case.absolute_url() + "/@messages"
        for user in USERS:
            for thread, participant in THREADS.items():
                response = client(site, user).post(url, {"text": "x", "thread": thread})
                if user in (participant, UNIT):
                    assert response.status_code == 201, (user, thread, response.text)
                elif user in [*DEVIATION_STAFF, OTHER_UNIT]:
                    assert response.status_code in (401, 403, 404), (user, thread)
                else:
                    assert response.status_code == 403, (user, thread, response.text)
                    assert response.json()["error"]["type"] == "Forbidden"

    def test_bad_input(self, site, case):
        url = case.absolute_url() + "/@messages"
        answers = {
            "text": client(site, PARTY_A).post(url, {"text": ""}),
            "thread": client(site, UNIT).post(url, {"text": "x"}),
        }
        for field, response in answers.items():
            assert response.status_code == 400, response.text
            assert response.json()["error"]["fields"] == [field]
        transaction.begin()
        assert not [o for o in case.objectValues() if o.portal_type == "CaseMessage"]

    def test_closed_case_takes_no_messages(self, site):
        closed, _ = make_case("closed")
        transaction.commit()
        for user, body in (
            (NOTIFIER, {"text": "x"}),
            (UNIT, {"text": "x", "thread": "notifier"}),
        ):
            response = client(site, user).post(
                closed.absolute_url() + "/@messages", body
            )
            assert response.status_code == 400, (user, response.text)
            assert "closed" in response.json()["error"]["message"]

    def test_attachments(self, site, case):
        url = case.absolute_url() + "/@messages"
        response = client(site, PARTY_A).post(
            url,
            {
                "text": "",
                "attachments": [
                    upload(b"\x89PNG screenshot", "../../etc/C:\\Users\\pia\\shot.png"),
                    upload(
                        b"<html><script>alert(1)</script>", "chat.html", "text/html"
                    ),
                ],
            },
        )
        assert response.status_code == 201, response.text
        files = response.json()["attachments"]
        assert [f["filename"] for f in files] == ["shot.png", "chat.html"]
        documents = documents_of(case)
        assert len(documents) == 2
        for document in documents:
            assert document.visibility == "internal"
            assert document.source == "party"
            assert api.content.get_state(document) == "internal"
        assert documents[0].file.filename == "shot.png"
        # the party and the unit download them, as files, never displayed
        for user in (PARTY_A, UNIT):
            for path in (
                files[1]["download"],
                files[1]["@id"] + "/@@display-file/file",
            ):
                got = client(site, user).session.get(
                    path, headers={"Accept": "*/*"}, timeout=60
                )
                assert got.status_code == 200, (user, path)
                assert got.content == b"<html><script>alert(1)</script>", (
                    user,
                    path,
                    got.url,
                    got.text[:3000],
                )
                assert got.content == b"<html><script>alert(1)</script>"
                assert got.headers["X-Content-Type-Options"] == "nosniff"
                assert got.headers["Content-Disposition"].startswith("attachment")
        # nobody else
        for user in (PARTY_B, NOTIFIER, MANAGER, OTHER_UNIT, "reception-ie"):
            got = client(site, user).session.get(
                files[0]["download"],
                headers={"Accept": "*/*"},
                allow_redirects=False,
                timeout=60,
            )
            # refused, or sent to Plone's log-in page
            assert got.status_code in (302, 401, 403, 404), user
            assert b"PNG screenshot" not in got.content, user
            assert "require_login" in got.headers.get("Location", "require_login")
            listed = client(site, user).get(case.absolute_url() + "/@messages")
            assert "shot.png" not in listed.text, user
        # the unit answers with a file of its own
        response = client(site, UNIT).post(
            url,
            {
                "text": "The minutes.",
                "thread": f"party:{PARTY_A}",
                "attachments": [upload(b"%PDF-1.4", "minutes.pdf", "application/pdf")],
            },
        )
        assert response.status_code == 201
        assert documents_of(case)[-1].source == "officer"

    def test_attachments_over_the_limits_store_nothing(self, site, case):
        api.portal.set_registry_record("ntnu.casemgmt.max_attachment_mb", 1)
        transaction.commit()
        url = case.absolute_url() + "/@messages"
        too_large = client(site, NOTIFIER).post(
            url, {"text": "x", "attachments": [upload(b"x" * (1024 * 1024 + 1))]}
        )
        too_many = client(site, NOTIFIER).post(
            url, {"text": "x", "attachments": [upload(b"x")] * 11}
        )
        for response in (too_large, too_many):
            assert response.status_code == 413, response.text
            assert response.json()["error"]["type"] == "PayloadTooLarge"
            assert response.json()["error"]["fields"] == ["attachments"]
        transaction.begin()
        assert not [
            o
            for o in case.objectValues()
            if o.portal_type in ("CaseDocument", "CaseMessage")
        ]
        bad = client(site, NOTIFIER).post(
            url, {"text": "x", "attachments": [{"filename": "x", "data": "%%%"}]}
        )
        assert bad.status_code == 400
        assert bad.json()["error"]["fields"] == ["attachments"]


class TestAnonymousNotifier:
    def test_receipt_reads_the_notifier_conversation_and_writes(self, site, mailbox):
        case, receipt = make_case(anonymous=True)
        transaction.commit()
        mailbox.clear()
        anonymous = client(site)
        posted = anonymous.post(
            "@receipt/message",
            {
                "receipt": receipt,
                "text": SECRET,
                "attachments": [upload(b"\x89PNG", "/home/me/shot.png")],
            },
        )
        assert posted.status_code == 201, posted.text
        transaction.begin()
        (document,) = [
            o for o in case.objectValues() if o.portal_type == "CaseDocument"
        ]
        assert (document.source, document.visibility) == ("notifier", "internal")
        assert document.file.filename == "shot.png"
        # the unit is told, without the text; nobody else
        unit_mail = mailbox.to("varsling-ie@example.org")
        assert len(unit_mail) == 1
        assert case.case_number in unit_mail[0]["subject"]
        assert SECRET not in unit_mail[0]["body"]
        assert {m["to"] for m in mailbox.messages()} == {"varsling-ie@example.org"}
        # the unit answers the notifier and writes to a party
        mailbox.clear()
        unit = client(site, UNIT)
        url = case.absolute_url() + "/@messages"
        assert (
            unit.post(url, {"text": "Thank you.", "thread": "notifier"}).status_code
            == 201
        )
        assert (
            unit.post(url, {"text": "To A", "thread": f"party:{PARTY_A}"}).status_code
            == 201
        )
        # an anonymous notifier is mailed nothing; the party is
        assert {m["to"] for m in mailbox.messages()} == {f"{PARTY_A}@example.org"}
        answer = anonymous.post("@receipt", {"receipt": receipt}).json()
        assert [m["author_kind"] for m in answer["messages"]] == ["notifier", "officer"]
        assert answer["messages"][0]["attachments"][0]["filename"] == "shot.png"
        assert "To A" not in str(answer)
        assert "download" not in answer["messages"][0]["attachments"][0]

    def test_closed_case(self, site):
        _case, receipt = make_case("closed", anonymous=True)
        transaction.commit()
        response = client(site).post(
            "@receipt/message", {"receipt": receipt, "text": "one more thing"}
        )
        assert response.status_code == 400


# --- mails -----------------------------------------------------------------------


def about(mailbox, case):
    return [m for m in mailbox.messages() if case.case_number in m["subject"]]


class TestMails:
    def test_participants_write_the_unit_is_told(self, site, mailbox):
        case, _ = make_case()
        transaction.commit()
        mailbox.clear()
        url = case.absolute_url() + "/@messages"
        assert client(site, PARTY_A).post(url, {"text": SECRET}).status_code == 201
        assert client(site, NOTIFIER).post(url, {"text": SECRET}).status_code == 201
        sent = about(mailbox, case)
        assert [m["to"] for m in sent] == ["varsling-ie@example.org"] * 2
        for mail in sent:
            assert SECRET not in mail["body"] and SECRET not in mail["subject"]
            assert "resolveuid" in mail["body"]

    def test_in_the_central_reception_it_is_told(self, site, mailbox):
        case, _ = make_case("received")
        transaction.commit()
        mailbox.clear()
        response = client(site, NOTIFIER).post(
            case.absolute_url() + "/@messages", {"text": SECRET}
        )
        assert response.status_code == 201
        recipients = {m["to"] for m in about(mailbox, case)}
        assert "speakup@example.org" in recipients
        assert "varsling-ie@example.org" not in recipients

    def test_the_unit_writes_the_participant_is_told_in_their_language(
        self, site, mailbox
    ):
        api.user.get(userid=PARTY_A).setMemberProperties({"language": "nb"})
        api.user.get(userid=NOTIFIER).setMemberProperties({"language": "en"})
        case, _ = make_case()
        transaction.commit()
        mailbox.clear()
        url = case.absolute_url() + "/@messages"
        unit = client(site, UNIT)
        for thread in (f"party:{PARTY_A}", "notifier"):
            response = unit.post(url, {"text": SECRET, "thread": thread})
            assert response.status_code == 201
        sent = about(mailbox, case)
        assert sorted(m["to"] for m in sent) == [
            f"{NOTIFIER}@example.org",
            f"{PARTY_A}@example.org",
        ]
        (norwegian,) = mailbox.to(f"{PARTY_A}@example.org")
        assert "melding" in norwegian["subject"].lower(), norwegian["subject"]
        (english,) = mailbox.to(f"{NOTIFIER}@example.org")
        assert "message" in english["subject"].lower()
        for mail in sent:
            assert SECRET not in mail["body"]

    def test_a_notifier_registered_by_address_is_told_there(self, site, mailbox):
        case, _ = make_case()
        case.notifier = None
        case.notifier_name = "Kari Nordmann"
        case.notifier_email = "kari@example.org"
        roles_changed(case)
        transaction.commit()
        mailbox.clear()
        response = client(site, UNIT).post(
            case.absolute_url() + "/@messages", {"text": SECRET, "thread": "notifier"}
        )
        assert response.status_code == 201
        assert [m["to"] for m in about(mailbox, case)] == ["kari@example.org"]


# --- a hidden notifier -------------------------------------------------------------


def test_hidden_notifier_never_reaches_a_party_through_messages(site, app):
    case, _ = make_case(hide_notifier_from_parties=True, notifier_is_party=True)
    transaction.commit()
    url = case.absolute_url() + "/@messages"
    assert client(site, NOTIFIER).post(url, {"text": "From me."}).status_code == 201
    assert (
        client(site, NOTIFIER)
        .post(url, {"text": "x", "attachments": [upload(b"x", "student1-chat.txt")]})
        .status_code
        == 201
    )
    response = client(site, UNIT).post(
        url, {"text": "Hello party A", "thread": f"party:{PARTY_A}"}
    )
    assert response.status_code == 201
    party = client(site, PARTY_A)
    for path in (
        "/@messages",
        "/@search?portal_type=CaseMessage&fullobjects=1",
        "/@search?portal_type=CaseDocument",
    ):
        text = party.get(case.absolute_url() + path).text
        assert NOTIFIER not in text and "Student One" not in text, path
        assert "From me." not in text, path
    page = browser_for(app, PARTY_A)
    page.open(case.absolute_url())
    assert "From me." not in page.contents
    assert "Student One" not in page.contents
    assert "Hello party A" in page.contents


# --- the pages ------------------------------------------------------------------------


@pytest.fixture
def app(demo_functional):
    return demo_functional["app"]


def browser_for(app, user=None, language="en"):
    browser = Browser(app)
    browser.handleErrors = False
    browser.addHeader("Accept-Language", language)
    if user:
        browser.addHeader("Authorization", f"Basic {user}:demodemo")
    return browser


def page_session(user=None, language="en"):
    """A browser-like session (the forms take several files at once, which
    zope.testbrowser cannot send)."""
    session = requests.Session()
    session.headers.update({"Accept": "text/html", "Accept-Language": language})
    if user:
        session.auth = (user, "demodemo")
    return session


def authenticator(html):
    return re.search(r'name="_authenticator" value="([^"]+)"', html).group(1)


def test_party_writes_with_files_on_the_case_page(site, app, mailbox):
    case, _ = make_case()
    write(UNIT, case, "Please comment on the minutes.", f"party:{PARTY_B}")
    transaction.commit()
    mailbox.clear()
    party = page_session(PARTY_A, "nb")
    html = party.get(case.absolute_url(), timeout=60).text
    # their own conversation only, with a form for it
    assert "Please comment on the minutes." not in html
    assert f'id="message-form-party-{PARTY_A}"' in html
    assert "message-form-notifier" not in html
    assert "Din samtale med enheten" in html  # nb
    answer = party.post(
        case.absolute_url(),
        data={
            "_authenticator": authenticator(html),
            "thread": f"party:{PARTY_A}",
            "message": "My comments to the minutes.",
            "form.buttons.message": "Send",
        },
        files=[
            ("attachments", ("C:\\Users\\me\\shot.png", b"screenshot", "image/png")),
            ("attachments", ("chat.txt", b"chat log", "text/plain")),
        ],
        timeout=60,
    )
    assert answer.status_code == 200
    assert "My comments to the minutes." in answer.text
    assert "shot.png" in answer.text and "chat.txt" in answer.text
    transaction.begin()
    documents = [o for o in case.objectValues() if o.portal_type == "CaseDocument"]
    assert [(d.source, d.file.filename) for d in documents] == [
        ("party", "shot.png"),
        ("party", "chat.txt"),
    ]
    assert len(mailbox.to("varsling-ie@example.org")) == 1
    # without the form's token nothing is written
    refused = party.post(
        case.absolute_url(),
        data={"message": "forged", "form.buttons.message": "Send"},
        timeout=60,
    )
    assert refused.status_code == 403
    # the unit sees every conversation, each with its own reply form
    unit = browser_for(app, UNIT)
    unit.open(case.absolute_url())
    assert "My comments to the minutes." in unit.contents
    assert "Please comment on the minutes." in unit.contents
    form = unit.getForm(id=f"message-form-party-{PARTY_A}")
    form.getControl(name="message").value = "Thank you."
    form.getControl(name="form.buttons.message").click()
    assert len(mailbox.to(f"{PARTY_A}@example.org")) == 1
    for key in ("notifier", f"party-{PARTY_B}"):
        unit.getForm(id=f"message-form-{key}")
    # the responsible manager sees no conversation
    manager = browser_for(app, MANAGER)
    manager.open(case.absolute_url())
    assert "My comments to the minutes." not in manager.contents
    assert "message-form-" not in manager.contents


def test_anonymous_receipt_page_takes_files(site, mailbox):
    _case, receipt = make_case(anonymous=True)
    transaction.commit()
    mailbox.clear()
    page = page_session()
    url = site.absolute_url() + "/@@receipt"
    html = page.get(url, timeout=60).text
    html = page.post(
        url,
        data={
            "_authenticator": authenticator(html),
            "receipt": receipt,
            "form.buttons.show": "Show",
        },
        timeout=60,
    ).text
    assert 'name="attachments"' in html
    answer = page.post(
        url,
        data={
            "_authenticator": authenticator(html),
            "receipt": receipt,
            "text": "",
            "form.buttons.send": "Send",
        },
        files=[("attachments", ("chat.txt", b"chat log", "text/plain"))],
        timeout=60,
    )
    assert "chat.txt" in answer.text
    assert len(mailbox.to("varsling-ie@example.org")) == 1


EVIDENCE = {
    "title": "Chat in the study group",
    "category": "bullying",
    "event_description": "Screenshots attached.",
    "accused_faculty": "ie",
}


def notified(number):
    """The notification case of ``number``, whoever may see it."""
    transaction.begin()
    (brain,) = api.content.find(
        portal_type="NotificationCase", case_number=number, unrestricted=True
    )
    return brain._unrestrictedGetObject()


class TestEvidenceWithTheNotification:
    """``@notify`` takes ``attachments`` too (SPEC §3): evidence in the
    notifier's conversation, or nothing made at all."""

    def cases(self, site):
        transaction.begin()
        return list(site["speakup"].objectIds())

    def test_named_notifier_hands_in_evidence(self, site):
        response = client(site, NOTIFIER).post(
            "@notify",
            dict(
                EVIDENCE,
                attachments=[upload(b"png", "C:\\Users\\me\\chat.png")],
            ),
        )
        assert response.status_code == 201, response.text
        case = notified(response.json()["case_number"])
        (document,) = documents_of(case)
        assert (document.visibility, document.source) == ("internal", "notifier")
        assert document.file.filename == "chat.png"
        assert document.file.data == b"png"
        assert api.user.has_permission("View", username=NOTIFIER, obj=document)
        assert api.user.has_permission("View", username="speakup", obj=document)
        for outsider in (PARTY_A, UNIT, MANAGER, *DEVIATION_STAFF):
            assert not api.user.has_permission("View", username=outsider, obj=document)

    def test_anonymous_notifier_hands_in_evidence(self, site):
        response = client(site).post(
            "@notify",
            dict(EVIDENCE, anonymous=True, attachments=[upload(b"x")]),
        )
        assert response.status_code == 201, response.text
        case = notified(response.json()["case_number"])
        (document,) = documents_of(case)
        assert document.source == "notifier"
        assert api.user.has_permission("View", username="speakup", obj=document)

    def test_bad_or_too_many_files_make_no_case(self, site):
        before = self.cases(site)
        too_many = client(site, NOTIFIER).post(
            "@notify", dict(EVIDENCE, attachments=[upload(b"x")] * 11)
        )
        assert too_many.status_code == 413, too_many.text
        assert too_many.json()["error"]["fields"] == ["attachments"]
        bad = client(site, NOTIFIER).post(
            "@notify",
            dict(EVIDENCE, attachments=[{"filename": "x", "data": "%%%"}]),
        )
        assert bad.status_code == 400, bad.text
        assert bad.json()["error"]["fields"] == ["attachments"]
        assert self.cases(site) == before
