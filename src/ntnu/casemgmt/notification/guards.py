"""What stands before a notification and a receipt lookup, the same for
the browser forms and the REST services: the honeypot, the limits on
anonymous notifications and on wrong receipt codes (core.ratelimit), and
the lookup of a receipt code.
"""

from ntnu.casemgmt import _
from ntnu.casemgmt.core import ratelimit
from ntnu.casemgmt.notification import receipts
from plone import api


#: The field a person never sees (hidden by CSS) and robots fill in.
HONEYPOT = "website"


class Refused(Exception):
    """Not now: ``field`` (or None) and a translatable ``message``; with a
    ``challenge`` when a proof of work lets the client in (429)."""

    def __init__(self, message, field=None, challenge=None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.challenge = challenge


def is_anonymous_submission(data):
    """Is a notification with ``data`` anonymous (nobody logged in, or the
    notifier asks for it)?"""
    return api.user.is_anonymous() or data.get("anonymous") is True


def check_submission(request, data, bound):
    """Before ``notification.submit``: the honeypot must be empty and an
    anonymous client within the limit (or with a proof of work for
    ``bound``, a ``ratelimit.binding`` of what is submitted).

    :raises Refused: a filled honeypot, or too many anonymous notifications.
    """
    if data.pop(HONEYPOT, None):
        raise Refused(_("Leave this field empty"), field=HONEYPOT)
    if is_anonymous_submission(data):
        challenge = ratelimit.admit(request, ratelimit.SUBMISSIONS, bound)
        if challenge is not None:
            raise Refused(
                _(
                    "Many notifications have come from your network lately. "
                    "Before this one is accepted, your browser must do a short "
                    "calculation; it does so by itself when JavaScript is on. "
                    "Send the form again, or try later."
                ),
                challenge=challenge,
            )


def submitted(request, data):
    """After a successful submission: count an anonymous one (when the
    transaction commits, so a retried or failed one does not count)."""
    if is_anonymous_submission(data):
        ratelimit.record_after_commit(request, ratelimit.SUBMISSIONS)


def lookup(request, code):
    """The case of receipt ``code``, or None for a wrong one (counted).

    :raises Refused: too many wrong codes from this client, unless the
        request carries a proof of work for this code.
    """
    challenge = ratelimit.admit(
        request, ratelimit.WRONG_RECEIPTS, ratelimit.binding(code)
    )
    if challenge is not None:
        raise Refused(
            _(
                "Many wrong receipt codes have come from your network lately. "
                "Before a code is looked up, your browser must do a short "
                "calculation; it does so by itself when JavaScript is on. "
                "Try again, or try later."
            ),
            field="receipt",
            challenge=challenge,
        )
    case = receipts.find(code)
    if case is None:
        ratelimit.record(request, ratelimit.WRONG_RECEIPTS)
    return case
