"""Outgoing mail: .eml files without SMTP configuration, SMTP with it."""

from aiosmtpd.controller import Controller
from email import message_from_bytes
from ntnu.casemgmt.core.mailhost import CaseMailHost

import pytest
import socket
import transaction


MESSAGE = """\
From: portal@example.org
To: student1@example.org
Subject: Kvittering for avvik AVVIK-2026-00001
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Vi har mottatt avviket ditt. Saksbehandlingstiden er fire uker.
"""


class Collector:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 OK"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server():
    collector = Collector()
    controller = Controller(collector, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, collector
    controller.stop()


@pytest.fixture
def mail_dir(tmp_path, monkeypatch):
    directory = tmp_path / "mail"
    monkeypatch.setenv("CASEMGMT_MAIL_DIR", str(directory))
    monkeypatch.delenv("SMTP_HOST", raising=False)
    monkeypatch.delenv("SMTP_PORT", raising=False)
    return directory


def test_without_smtp_mail_is_written_as_eml(mail_dir):
    CaseMailHost("MailHost").send(MESSAGE, immediate=True)
    files = list(mail_dir.glob("*.eml"))
    assert len(files) == 1
    message = message_from_bytes(files[0].read_bytes())
    assert message["To"] == "student1@example.org"
    assert "AVVIK-2026-00001" in message["Subject"]
    assert "fire uker" in message.get_payload(decode=True).decode("utf-8")


def test_file_mail_waits_for_commit(mail_dir):
    """Mail of a transaction that is aborted is never written."""
    mailhost = CaseMailHost("MailHost")
    mailhost.send(MESSAGE)
    transaction.abort()
    assert not list(mail_dir.glob("*.eml"))
    mailhost.send(MESSAGE)
    transaction.commit()
    assert len(list(mail_dir.glob("*.eml"))) == 1


def test_with_smtp_host_mail_goes_to_the_server(mail_dir, smtp_server, monkeypatch):
    controller, collector = smtp_server
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", str(controller.port))
    CaseMailHost("MailHost").send(MESSAGE, immediate=True)
    assert not list(mail_dir.glob("*.eml"))
    assert len(collector.envelopes) == 1
    envelope = collector.envelopes[0]
    assert envelope.rcpt_tos == ["student1@example.org"]
    assert b"AVVIK-2026-00001" in envelope.content


def test_without_any_setting_plone_smtp_settings_apply(monkeypatch):
    from ntnu.casemgmt.core.mailhost import environment_mailer

    for name in ("SMTP_HOST", "SMTP_PORT", "CASEMGMT_MAIL_DIR"):
        monkeypatch.delenv(name, raising=False)
    assert environment_mailer() is None


def test_site_mail_through_plone_api_lands_in_mail_dir(portal, mail_dir):
    """A mail sent with plone.api from a site whose MailHost is ours."""
    from Acquisition import aq_base
    from ntnu.casemgmt.setuphandlers import _swap_mailhost
    from plone import api

    _swap_mailhost(portal, CaseMailHost)
    assert type(aq_base(portal.MailHost)) is CaseMailHost
    api.portal.set_registry_record("plone.email_from_address", "portal@example.org")
    api.portal.send_email(
        recipient="student1@example.org",
        sender="portal@example.org",
        subject="Test æøå",
        body="Hei på deg",
        immediate=True,
    )
    files = list(mail_dir.glob("*.eml"))
    assert len(files) == 1
    message = message_from_bytes(files[0].read_bytes())
    assert message["To"] == "student1@example.org"
