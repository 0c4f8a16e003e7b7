"""A letter sent to someone without an account (issue 16, SPEC §8 "letter
sent"): a notifier registered by name and address, or an outside
``recipient_email``, cannot open a link to the portal. Their notice says
that a letter was sent in the case and that the unit sends it to them, with
the unit's functional address; no link, never the letter's text."""

from helpers import Client
from ntnu.casemgmt.core import ratelimit
from plone import api
from test_letter_delivery import acknowledged
from test_letter_delivery import fill_in
from test_letter_delivery import new_mail
from test_letter_delivery import SECRET
from test_letter_delivery import set_language
from test_register_notification import NOTIFICATION

import pytest
import transaction


@pytest.fixture
def site(demo_functional):
    ratelimit.reset()
    return demo_functional["portal"]


@pytest.fixture
def as_user(site):
    def client(user=None, language="en"):
        return Client(site.absolute_url(), user, language=language)

    return client


def registered_by_name(as_user):
    """A notification the ie unit registered for Kari, who has no account,
    acknowledged: ``(case url, case number)``."""
    unit = as_user("varsling-ie")
    body = {
        **NOTIFICATION,
        "channel": "phone",
        "notifier_name": "Kari Nordmann",
        "notifier_email": "kari@example.net",
    }
    response = unit.post("faculties/ie/@register-notification", body)
    assert response.status_code == 201, response.text
    data = response.json()
    url = data["@id"]
    assert unit.post(url + "/@workflow/acknowledge", {}).status_code == 200
    return url, data["case_number"]


def send(client, case_url, **fields):
    letter = client.post(case_url, {"@type": "Letter", **fields})
    assert letter.status_code == 201, letter.text
    letter = letter.json()
    fill_in(client, letter["@id"])
    assert client.post(letter["@id"] + "/@workflow/send", {}).status_code == 200
    return letter


def test_notifier_registered_by_name_is_told_the_unit_sends_it(site, as_user, mailbox):
    url, number = registered_by_name(as_user)
    officer = as_user("varsling-ie")
    before = len(mailbox.messages())
    letter = send(officer, url, template="summons_notifier", recipient="notifier")
    mails = new_mail(mailbox, before)
    assert [m["to"] for m in mails] == ["kari@example.net"]
    mail = mails[0]
    assert number in mail["subject"] and number in mail["body"]
    # the site's language (nb in the demo) for an address without an account
    text = mail["subject"] + mail["body"]
    assert "ie-reception@example.org" in mail["body"]  # the unit's address
    assert letter["UID"] not in text and "http" not in text  # no link
    assert SECRET not in text and "Kari" not in text
    assert "Logg inn" not in text and "Log in" not in text


def test_outside_address_gets_the_notice_without_link_in_en_and_nb(
    site, as_user, mailbox
):
    for language, words in (
        ("en", "will send it to you"),
        ("nb", "sender det til deg"),
    ):
        api.portal.set_registry_record("plone.default_language", language)
        transaction.commit()
        set_language(student2="en")
        url, _data = acknowledged(as_user)
        officer = as_user("varsling-ie")
        officer.patch(url, {"parties": ["student2"]})
        before = len(mailbox.messages())
        letter = send(
            officer,
            url,
            template="written_warning",
            recipient="student2",
            recipient_email="lawyer@advokat.example.com",
        )
        by_to = {m["to"]: m for m in new_mail(mailbox, before)}
        assert sorted(by_to) == ["lawyer@advokat.example.com", "student2@example.org"]
        outside = by_to["lawyer@advokat.example.com"]
        assert words in outside["body"], outside["body"]
        assert letter["UID"] not in outside["body"] and SECRET not in outside["body"]
        assert "ie-reception@example.org" in outside["body"]
        # the recipient with an account still gets the link
        assert letter["UID"] in by_to["student2@example.org"]["body"]
