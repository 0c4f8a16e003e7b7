"""Who gets which e-mail in the notification process: the rows of SPEC §8.

No mail carries what was notified: they name the case number and link to
the case. tests/test_mail_tables.py walks these tables against SPEC §8.
"""

from ntnu.casemgmt import _
from ntnu.casemgmt.core.mail import Event
from ntnu.casemgmt.core.mail import Mail
from ntnu.casemgmt.core.mail import Recipients
from ntnu.casemgmt.core.mail import send_event
from ntnu.casemgmt.core.people import reporter_of
from ntnu.casemgmt.core.places import central_reception
from ntnu.casemgmt.core.places import faculty_of
from ntnu.casemgmt.core.roles import CENTRAL_RECEPTION_GROUP
from ntnu.casemgmt.core.roles import faculty_group
from ntnu.casemgmt.core.roles import QUALITY_DIVISION_GROUP
from plone import api


def _central_reception(case):
    reception = central_reception()
    return {
        "groups": [CENTRAL_RECEPTION_GROUP],
        "addresses": [reception.reception_email] if reception.reception_email else [],
    }


def _unit(case):
    faculty = faculty_of(case)
    return (
        {"groups": [faculty_group(faculty.code, "notification-unit")]}
        if faculty is not None
        else {}
    )


def parties_of(case):
    """The parties, and a notifier who is a party whether or not the unit
    listed them."""
    parties = list(case.parties or ())
    notifier = reporter_of(case)
    if notifier and case.notifier_is_party and notifier not in parties:
        parties.append(notifier)
    return parties


def _non_party_notifier(case):
    notifier = reporter_of(case)
    return (
        {"user_ids": [notifier]}
        if notifier and notifier not in parties_of(case)
        else {}
    )


CENTRAL_RECEPTION = Recipients("central reception", _central_reception)
UNIT = Recipients("faculty notification unit", _unit)
PARTIES = Recipients("parties", lambda case: {"user_ids": parties_of(case)})
NON_PARTY_NOTIFIER = Recipients("non-party notifier", _non_party_notifier)
QUALITY_DIVISION = Recipients(
    "quality division", lambda context: {"groups": [QUALITY_DIVISION_GROUP]}
)

RECEIVED = Event(
    "notification received",
    (
        Mail(
            CENTRAL_RECEPTION,
            _("New notification ${case_number}"),
            _(
                "mail_notification_received",
                default="A new notification (${case_number}) has arrived in the "
                "central reception. Forward it to the faculty of the accused "
                "student by ${forward_deadline}.\n\n${url}",
            ),
        ),
    ),
)

FORWARDED = Event(
    "notification forwarded",
    (
        Mail(
            UNIT,
            _("Notification ${case_number} forwarded to ${faculty}"),
            _(
                "mail_notification_forwarded",
                default="The central reception has forwarded notification case "
                "${case_number} to ${faculty}. Confirm its receipt to the notifier by "
                "${confirmation_deadline} and start the investigation.\n\n${url}",
            ),
        ),
    ),
)

CLOSED = Event(
    "notification closed",
    (
        Mail(
            PARTIES,
            _("Notification case ${case_number} is closed"),
            _(
                "mail_notification_closed_party",
                default="Notification case ${case_number} at ${faculty} is closed. "
                "The outcome:\n\n${outcome}\n\n${url}",
            ),
        ),
        Mail(
            NON_PARTY_NOTIFIER,
            _("Your notification ${case_number} is closed"),
            _(
                "mail_notification_closed_notifier",
                default="The case of your notification ${case_number} has been "
                "handled and is now closed. As you are not a party to the case, "
                "its outcome is not told to you.",
            ),
        ),
    ),
)

MONTHLY_LIST = Event(
    "first day of each month",
    (
        Mail(
            QUALITY_DIVISION,
            _("Notification cases ${month}"),
            _(
                "mail_monthly_notification_report",
                default="Notification cases received in ${month} (${count}): case "
                "number, faculty, category, received, status.\n\n${lines}\n\n"
                "The same list: ${url}",
            ),
        ),
    ),
)

#: Every event of the notification process.
EVENTS = (RECEIVED, FORWARDED, CLOSED, MONTHLY_LIST)


def mapping_of(case, **extra):
    """The values the notification mails are filled in with (never what
    was notified)."""
    faculty = faculty_of(case)
    mapping = {
        "case_number": case.case_number,
        "faculty": faculty.title if faculty is not None else "",
        "url": f"{api.portal.get().absolute_url()}/resolveuid/{case.UID()}",
        "forward_deadline": case.forward_deadline.isoformat()
        if case.forward_deadline
        else "",
        "confirmation_deadline": case.confirmation_deadline.isoformat()
        if case.confirmation_deadline
        else "",
    }
    mapping.update(extra)
    return mapping


def send(event, case, **extra):
    """Send the mails of ``event`` about ``case``."""
    return send_event(event, case, mapping_of(case, **extra))
