"""Outgoing mail: an SMTP server when one is configured, files otherwise.

The site's ``MailHost`` is replaced on install by ``CaseMailHost``, a
``Products.MailHost.MailHost`` that decides per message where it goes:

* ``SMTP_HOST`` (and optionally ``SMTP_PORT``) set in the environment: to
  that SMTP server;
* otherwise: an ``.eml`` file per message in ``CASEMGMT_MAIL_DIR`` (the
  instance made by ``make start`` sets it to ``var/mail``), so development
  and demo instances never send real mail and every mail can be read.

The uninstall profile puts a plain ``MailHost`` back.
"""

from datetime import datetime
from datetime import timezone
from Products.MailHost.MailHost import MailHost
from zope.interface import implementer
from zope.sendmail.interfaces import IMailer
from zope.sendmail.mailer import SMTPMailer

import os
import uuid


def mail_directory():
    """Where development mail is written."""
    return os.environ.get("CASEMGMT_MAIL_DIR") or os.path.join(
        os.getcwd(), "var", "mail"
    )


@implementer(IMailer)
class FileMailer:
    """A mailer that writes each message to its own ``.eml`` file."""

    def __init__(self, directory):
        self.directory = directory

    def send(self, fromaddr, toaddrs, message):
        os.makedirs(self.directory, exist_ok=True)
        if isinstance(message, str):
            message = message.encode("utf-8")
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
        name = f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
        path = os.path.join(self.directory, name)
        # Write under a temporary name and rename, so a reader never sees
        # half a message.
        with open(path + ".tmp", "wb") as handle:
            handle.write(message)
        os.replace(path + ".tmp", path)
        return path

    def vote(self, fromaddr, toaddrs, message):
        """Nothing can fail later than writing, so nothing to check first."""

    def abort(self):
        """Writing is not asynchronous: nothing to abort."""


def smtp_settings():
    """``(host, port)`` from the environment, or None when not configured."""
    host = os.environ.get("SMTP_HOST")
    if not host:
        return None
    return host, int(os.environ.get("SMTP_PORT") or 25)


class CaseMailHost(MailHost):
    """The site's MailHost: SMTP when configured, ``.eml`` files otherwise."""

    meta_type = "Mail Host"

    def _makeMailer(self):
        settings = smtp_settings()
        if settings is None:
            return FileMailer(mail_directory())
        host, port = settings
        return SMTPMailer(
            hostname=host,
            port=port,
            username=os.environ.get("SMTP_USER") or None,
            password=os.environ.get("SMTP_PASSWORD") or None,
        )
