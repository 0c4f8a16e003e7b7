"""Letters delivered (issue 16, SPEC §3 Letter, §7 ``@receipt``, §8 "letter
sent"): the placeholder rule, the notices to the recipient, the outside
address and ``copy_to``, who reads a sent letter, and the anonymous
notifier's letters behind the receipt code."""

from helpers import Client
from ntnu.casemgmt.core import ratelimit
from ntnu.casemgmt.parts import mails as part_mails
from ntnu.casemgmt.parts.letters import render
from ntnu.casemgmt.parts.letters.placeholders import marked
from ntnu.casemgmt.parts.letters.placeholders import unfilled
from ntnu.casemgmt.parts.letters.templates import TEMPLATES
from plone import api
from plone.api.exc import InvalidParameterError
from plone.testing.zope import Browser
from test_notification_security import make_notification

import pytest
import re
import transaction


NOTIFICATION = {
    "title": "Comments in the lab group",
    "category": "harassment",
    "event_description": "Repeated comments about my background in lab sessions.",
    "accused_faculty": "ie",
}

#: A sentence only the letter's text holds: no mail may carry it.
SECRET = "Konfidensiell setning om saken"

BRACKET = re.compile(r"\[[^\[\]\n]+\]")


@pytest.fixture
def site(demo_functional):
    ratelimit.reset()
    return demo_functional["portal"]


@pytest.fixture
def as_user(site):
    def client(user=None, language="en"):
        return Client(site.absolute_url(), user, language=language)

    return client


def set_language(**languages):
    for user_id, language in languages.items():
        api.user.get(userid=user_id).setMemberProperties({"language": language})
    transaction.commit()


def case_of(site, case_number):
    transaction.begin()
    brains = site.portal_catalog.unrestrictedSearchResults(case_number=case_number)
    return brains[0]._unrestrictedGetObject()


def acknowledged(as_user, notifier="student1", **extra):
    """A notification (named unless ``notifier`` is None) forwarded to ie
    and acknowledged: ``(case url, @notify answer)``."""
    data = as_user(notifier).post("@notify", dict(NOTIFICATION, **extra)).json()
    url = data.get("@id")
    if url is None:  # anonymous: the answer does not say where it is
        url = case_of(api.portal.get(), data["case_number"]).absolute_url()
    url = as_user("speakup").post(url + "/@forward", {}).json()["@id"]
    response = as_user("varsling-ie").post(url + "/@workflow/acknowledge", {})
    assert response.status_code == 200, response.text
    return url, data


def fill_in(client, letter, text=SECRET):
    """Fill every placeholder of a draft letter; ``text`` ends the body."""
    body = client.get(letter).json()["body"]
    body = BRACKET.sub("filled in", body) + "\n\n" + text
    assert client.patch(letter, {"body": body}).status_code == 204


def new_mail(mailbox, before):
    return mailbox.messages()[before:]


# -- the placeholder rule -----------------------------------------------------


class TestPlaceholderRule:
    def test_send_over_rest_answers_400_naming_the_placeholders(
        self, site, as_user, mailbox
    ):
        url, _ = acknowledged(as_user)
        officer = as_user("varsling-ie")
        officer.patch(url, {"parties": ["student2"]})
        letter = officer.post(
            url,
            {"@type": "Letter", "template": "written_warning", "recipient": "student2"},
        ).json()["@id"]
        body = officer.get(letter).json()["body"]
        # everything but the address filled in
        officer.patch(
            letter,
            {"body": BRACKET.sub(lambda m: m[0] if m[0] == "[address]" else "x", body)},
        )
        before = len(mailbox.messages())
        response = officer.post(letter + "/@workflow/send", {})
        assert response.status_code == 400
        error = response.json()["error"]
        assert error["type"] == "BadRequest"
        assert "[address]" in error["message"]
        assert error["placeholders"] == ["[address]"]
        assert error["fields"] == ["body"]
        data = officer.get(letter).json()
        assert data["review_state"] == "draft"
        assert data["sent"] is None
        assert new_mail(mailbox, before) == []
        assert as_user("student2").get(letter).status_code in (401, 403)
        # filled in: sent
        officer.patch(letter, {"body": data["body"].replace("[address]", "Gate 1")})
        assert officer.post(letter + "/@workflow/send", {}).status_code == 200
        assert officer.get(letter).json()["review_state"] == "sent"

    def test_plone_api_and_the_toolbar_refuse(self, demo_portal):
        case = make_notification(demo_portal, "investigation")
        with api.env.adopt_user(username="varsling-ie"):
            letter = api.content.create(
                container=case,
                type="Letter",
                id="letter",
                template="summons_accused",
                recipient="student2",
            )
            assert "[date and time]" in letter.unfilled_placeholders()
            workflow = api.portal.get_tool("portal_workflow")
            assert "send" not in {t["id"] for t in workflow.getTransitionsFor(letter)}
            with pytest.raises(InvalidParameterError):
                api.content.transition(obj=letter, transition="send")
            assert api.content.get_state(letter) == "draft"
            assert letter.sent is None
            letter.body = BRACKET.sub("filled", letter.body)
            assert "send" in {t["id"] for t in workflow.getTransitionsFor(letter)}
            api.content.transition(obj=letter, transition="send")
        assert api.content.get_state(letter) == "sent"

    def test_brackets_that_are_no_placeholder_do_not_block(self):
        body = "See [sic] and the enclosed [appendix 2]."
        assert unfilled("written_warning", body) == []
        assert unfilled("written_warning", "Dato: [dato], [date]") == [
            "[dato]",
            "[date]",
        ]
        assert marked("written_warning", "<b> [adresse]") == (
            '&lt;b&gt; <mark class="letter-placeholder">[adresse]</mark>'
        )

    @pytest.mark.parametrize(
        ("language", "message", "placeholder"),
        [
            (
                "en",
                "cannot be sent until these placeholders are filled in",
                "[address]",
            ),
            ("nb", "kan ikke sendes", "[adresse]"),
        ],
    )
    def test_letter_page_marks_the_placeholders(
        self, demo_functional, language, message, placeholder
    ):
        app = demo_functional["app"]
        portal = demo_functional["portal"]
        set_language(student2=language)
        case = make_notification(portal, "investigation")
        with api.env.adopt_user(username="varsling-ie"):
            letter = api.content.create(
                container=case,
                type="Letter",
                id="letter",
                template="written_warning",
                recipient="student2",
            )
        transaction.commit()
        browser = Browser(app)
        browser.handleErrors = False
        browser.addHeader("Accept-Language", language)
        browser.addHeader("Authorization", "Basic varsling-ie:demodemo")
        browser.open(letter.absolute_url())
        assert message in browser.contents
        assert (
            f'<mark class="letter-placeholder">{placeholder}</mark>' in browser.contents
        )
        assert 'id="letter-placeholders"' in browser.contents
        assert f"<strong>{case.case_number}</strong>" in browser.contents


# -- delivery --------------------------------------------------------------------


class TestDelivery:
    def test_recipient_outside_address_and_copies_get_a_notice(
        self, site, as_user, mailbox
    ):
        set_language(student2="nb", staff1="en")
        url, data = acknowledged(as_user)
        officer = as_user("varsling-ie")
        officer.patch(url, {"parties": ["student2"]})
        letter = officer.post(
            url,
            {
                "@type": "Letter",
                "template": "written_warning",
                "recipient": "student2",
                "recipient_email": "lawyer@advokat.example.com",
                "copy_to": ["staff1"],
            },
        ).json()
        fill_in(officer, letter["@id"])
        before = len(mailbox.messages())
        assert officer.post(letter["@id"] + "/@workflow/send", {}).status_code == 200
        mails = new_mail(mailbox, before)
        assert sorted(m["to"] for m in mails) == [
            "lawyer@advokat.example.com",
            "staff1@example.org",
            "student2@example.org",
        ]
        by_to = {m["to"]: m for m in mails}
        for mail in mails:
            assert data["case_number"] in mail["subject"] + mail["body"]
            # the link, for those who can open it (an outside address
            # is told the unit sends the letter: test_letter_delivery_outside)
            outside = mail["to"] == "lawyer@advokat.example.com"
            assert (letter["UID"] in mail["body"]) != outside
            assert SECRET not in mail["body"]
            assert "krenkende" not in mail["body"]
        assert by_to["student2@example.org"]["subject"].startswith("Brev til deg")
        assert by_to["staff1@example.org"]["subject"].startswith("For your information")

    def test_copy_to_reads_the_letter_once_sent(self, site, as_user, mailbox):
        url, _ = acknowledged(as_user)
        officer = as_user("varsling-ie")
        officer.patch(url, {"parties": ["student2"]})
        letter = officer.post(
            url,
            {
                "@type": "Letter",
                "template": "summons_accused",
                "recipient": "student2",
                "copy_to": ["staff1"],
            },
        ).json()["@id"]
        fill_in(officer, letter)
        staff = as_user("staff1")
        assert staff.get(letter).status_code in (401, 403)  # a draft
        assert officer.post(letter + "/@workflow/send", {}).status_code == 200
        response = staff.get(letter)
        assert response.status_code == 200
        assert SECRET in response.json()["body"]
        assert staff.get(url).status_code in (401, 403)  # not the case
        assert as_user("student1").get(letter).status_code in (401, 403)
        # the catalog knows: staff1 finds the letter, and only it
        transaction.begin()
        with api.env.adopt_user(username="staff1"):
            found = [b.getURL() for b in api.content.find(portal_type="Letter")]
        assert found == [letter]

    def test_bad_recipient_email_or_copy_to_is_refused(self, site, as_user):
        url, _ = acknowledged(as_user)
        officer = as_user("varsling-ie")
        letter = officer.post(
            url, {"@type": "Letter", "template": "summons_notifier"}
        ).json()["@id"]
        response = officer.patch(letter, {"recipient_email": "not an address"})
        assert response.status_code == 400
        assert "recipient_email" in response.json()["error"]["message"]
        response = officer.patch(letter, {"copy_to": ["no-such-user"]})
        assert response.status_code == 400
        assert "copy_to" in response.json()["error"]["message"]
        assert officer.get(letter).json()["copy_to"] in (None, [])

    def test_named_notifier_is_mailed_and_reads_letter_and_pdf(
        self, site, as_user, mailbox
    ):
        set_language(student1="en")
        url, data = acknowledged(as_user)
        officer = as_user("varsling-ie")
        letter = url + "/receipt-confirmation"
        fill_in(officer, letter)
        before = len(mailbox.messages())
        assert officer.post(letter + "/@workflow/send", {}).status_code == 200
        mails = new_mail(mailbox, before)
        assert [m["to"] for m in mails] == ["student1@example.org"]
        assert mails[0]["subject"] == f"A letter to you in case {data['case_number']}"
        assert SECRET not in mails[0]["body"]
        notifier = as_user("student1")
        assert SECRET in notifier.get(letter).json()["body"]
        pdf = notifier.get(letter + "/@@letter.pdf")
        assert pdf.status_code == 200
        assert pdf.content[:5] == b"%PDF-"
        # the notifier's letter is not the party's to read
        officer.patch(url, {"parties": ["student2"]})
        assert as_user("student2").get(letter).status_code in (401, 403)

    @pytest.mark.parametrize("recipient", ["notifier", "student1"])
    def test_party_who_is_the_notifier_is_mailed_once(
        self, site, as_user, mailbox, recipient
    ):
        url, _ = acknowledged(as_user, notifier_is_party=True)
        officer = as_user("varsling-ie")
        officer.patch(url, {"parties": ["student2"]})
        letter = officer.post(
            url,
            {
                "@type": "Letter",
                "template": "summons_notifier",
                "recipient": recipient,
                "copy_to": ["student1", "staff1"],
            },
        ).json()["@id"]
        fill_in(officer, letter)
        before = len(mailbox.messages())
        assert officer.post(letter + "/@workflow/send", {}).status_code == 200
        mails = new_mail(mailbox, before)
        assert sorted(m["to"] for m in mails) == [
            "staff1@example.org",
            "student1@example.org",
        ]
        to_notifier = next(m for m in mails if m["to"] == "student1@example.org")
        assert not to_notifier["subject"].startswith("For your information")
        assert as_user("student1").get(letter).status_code == 200

    def test_anonymous_notifier_reads_letters_with_the_receipt_code(
        self, site, as_user, mailbox
    ):
        url, data = acknowledged(as_user, notifier=None)
        officer = as_user("varsling-ie")
        letter = url + "/receipt-confirmation"
        anonymous = as_user()
        assert (
            anonymous.post("@receipt", {"receipt": data["receipt"]}).json()["letters"]
            == []
        )  # a draft is not sent
        fill_in(officer, letter)
        before = len(mailbox.messages())
        assert officer.post(letter + "/@workflow/send", {}).status_code == 200
        assert new_mail(mailbox, before) == []  # nobody to mail
        # a letter to somebody else is not the notifier's
        officer.patch(url, {"parties": ["student2"]})
        other = officer.post(
            url,
            {"@type": "Letter", "template": "summons_accused", "recipient": "student2"},
        ).json()["@id"]
        fill_in(officer, other, "Not for the notifier")
        officer.post(other + "/@workflow/send", {})
        answer = anonymous.post("@receipt", {"receipt": data["receipt"]}).json()
        assert [item["template"] for item in answer["letters"]] == [
            "receipt_confirmation"
        ]
        item = answer["letters"][0]
        assert SECRET in item["body"]
        assert item["sent"] == officer.get(letter).json()["sent"]
        assert "Not for the notifier" not in str(answer)
        # and on the receipt page
        browser = Browser(site.aq_parent)
        browser.handleErrors = False
        browser.open(site.absolute_url() + "/@@receipt")
        browser.getControl(name="receipt").value = data["receipt"]
        browser.getControl(name="form.buttons.show").click()
        assert SECRET in browser.contents
        assert "Not for the notifier" not in browser.contents

    def test_notifier_registered_by_name_gets_the_notice_at_their_address(
        self, demo_portal
    ):
        case = make_notification(demo_portal, "investigation")
        case.notifier = None
        case.notifier_email = "kari@example.net"
        with api.env.adopt_user(username="varsling-ie"):
            letter = api.content.create(
                container=case,
                type="Letter",
                id="letter",
                template="summons_notifier",
                recipient="notifier",
            )
        assert part_mails.letter_recipient(letter) == {"user_ids": []}
        assert part_mails.letter_recipient_outside(letter) == {
            "addresses": ["kari@example.net"]
        }
        case.anonymous = True
        assert part_mails.letter_recipient(letter) == {"user_ids": []}
        assert part_mails.letter_recipient_outside(letter) == {"addresses": []}


# -- the receipt confirmation and the templates ------------------------------


@pytest.mark.parametrize(
    ("language", "placeholder"),
    [("en", "[responsible manager's name]"), ("nb", "[ansvarlig leders navn]")],
)
def test_receipt_confirmation_names_people_or_keeps_a_placeholder(
    demo_portal, language, placeholder
):
    case = make_notification(demo_portal, "investigation")
    api.user.get(userid="student1").setMemberProperties({"language": language})
    case.responsible_manager = None
    _title, body, _ = render("receipt_confirmation", case, "notifier")
    assert placeholder in body
    assert " ." not in body.replace("\n", " ")  # never "The manager is ."
    assert placeholder in unfilled("receipt_confirmation", body)
    case.responsible_manager = "dean-ie"
    case.case_officer = "varsling-ie"
    _title, body, _ = render("receipt_confirmation", case, "notifier")
    assert "Dean IE" in body
    assert placeholder not in body
    officer = api.user.get(userid="varsling-ie").getProperty("fullname")
    assert officer in body


@pytest.mark.parametrize(
    "template", ["warning_violation_expulsion", "exclusion_notice"]
)
def test_the_two_templates_of_guide_5_3_5(demo_portal, template):
    from ntnu.casemgmt.core.vocabularies import LETTER_TEMPLATES

    assert template in LETTER_TEMPLATES
    for language in ("nb", "en"):
        texts = TEMPLATES[template][language]
        assert "§ 4-8" in texts["body"]
        assert "offl. § 13" in texts["body"]
    case = make_notification(demo_portal, "measures")
    with api.env.adopt_user(username="varsling-ie"):
        letter = api.content.create(
            container=case, type="Letter", id="letter", template=template
        )
    assert letter.recipient == "student2"  # the accused
    assert case.case_number in letter.body
    assert "${" not in letter.body
    assert letter.unfilled_placeholders()  # the writer completes it
