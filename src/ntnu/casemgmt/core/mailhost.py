"""Outgoing mail: an SMTP server when one is configured, files otherwise.

The site's ``MailHost`` is replaced on install by ``CaseMailHost``, a
``Products.MailHost.MailHost`` that decides per message where it goes:

* ``SMTP_HOST`` (and optionally ``SMTP_PORT``, ``SMTP_USER``,
  ``SMTP_PASSWORD``) set in the environment: to that SMTP server;
* otherwise, when ``CASEMGMT_MAIL_DIR`` is set (the instances made by
  ``make start`` and buildout set it to ``var/mail``): an ``.eml`` file per
  message there, so development and demo instances never send real mail
  and every mail can be read;
* otherwise: Plone's own SMTP settings of the mail control panel.

The uninstall profile puts a plain ``MailHost`` back.
"""

from datetime import datetime
from datetime import UTC
from Products.MailHost.MailHost import MailHost
from zope.interface import implementer
from zope.sendmail.interfaces import IMailer

import os
import smtplib
import uuid


def mail_directory():
    """Where development mail is written, or None to use SMTP."""
    return os.environ.get("CASEMGMT_MAIL_DIR") or None


@implementer(IMailer)
class FileMailer:
    """A mailer that writes each message to its own ``.eml`` file."""

    def __init__(self, directory):
        self.directory = directory

    def send(self, fromaddr, toaddrs, message):
        os.makedirs(self.directory, exist_ok=True)
        if isinstance(message, str):
            message = message.encode("utf-8")
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
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


@implementer(IMailer)
class EnvironmentSMTPMailer:
    """Sends through the SMTP server named in the environment.

    Not zope.sendmail's ``SMTPMailer``: Plone wraps its constructor so that
    it always takes the mail control panel's server
    (``Products.CMFPlone.patches.sendmail``), and here the environment must
    win. STARTTLS is used when the server offers it.
    """

    def __init__(self, host, port, username=None, password=None, timeout=30):
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.timeout = timeout

    def send(self, fromaddr, toaddrs, message):
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
            smtp.ehlo()
            if smtp.has_extn("starttls"):
                smtp.starttls()
                smtp.ehlo()
            if self.username:
                smtp.login(self.username, self.password or "")
            smtp.sendmail(fromaddr, toaddrs, message)

    def vote(self, fromaddr, toaddrs, message):
        """Nothing to check before the transaction is committed."""

    def abort(self):
        """Sending is not asynchronous: nothing to abort."""


def environment_mailer():
    """The mailer the environment asks for, or None for Plone's own."""
    host = os.environ.get("SMTP_HOST")
    if host:
        return EnvironmentSMTPMailer(
            host,
            int(os.environ.get("SMTP_PORT") or 25),
            username=os.environ.get("SMTP_USER") or None,
            password=os.environ.get("SMTP_PASSWORD") or None,
        )
    directory = mail_directory()
    if directory:
        return FileMailer(directory)
    return None


class CaseMailHost(MailHost):
    """The site's MailHost: SMTP_HOST, else .eml files, else Plone's SMTP."""

    meta_type = "Mail Host"

    def _makeMailer(self):
        return environment_mailer() or super()._makeMailer()
