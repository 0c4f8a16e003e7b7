"""Who gets which e-mail in the deviation process: the rows of SPEC §8.

Each ``Event`` names its row of SPEC §8; each of its mails says to whom
(``Recipients``, named as SPEC names them) and what. ``send`` fills them in
from the case. tests/test_mail_tables.py walks these tables against SPEC §8.
"""

from ntnu.casemgmt import _
from ntnu.casemgmt.core import deadlines
from ntnu.casemgmt.core.mail import Event
from ntnu.casemgmt.core.mail import Mail
from ntnu.casemgmt.core.mail import Recipients
from ntnu.casemgmt.core.mail import send_event
from ntnu.casemgmt.core.people import reporter_of
from ntnu.casemgmt.core.places import faculty_of
from ntnu.casemgmt.core.roles import faculty_group
from plone import api


def reception_of(faculty):
    """A faculty's deviation reception: its group and functional address."""
    return {
        "groups": [faculty_group(faculty.code, "deviation-reception")],
        "addresses": [faculty.reception_email] if faculty.reception_email else [],
    }


def _reception(case):
    faculty = faculty_of(case)
    return reception_of(faculty) if faculty is not None else {}


def _line_managers(case):
    faculty = faculty_of(case)
    return (
        {"groups": [faculty_group(faculty.code, "line-managers")]}
        if faculty is not None
        else {}
    )


REPORTER = Recipients("reporter", lambda case: {"user_ids": [reporter_of(case)]})
RECEPTION = Recipients("faculty reception", _reception)
LINE_MANAGERS = Recipients("line managers", _line_managers)
CASE_WORKER = Recipients("case worker", lambda case: {"user_ids": [case.case_worker]})

ASSIGNED = Mail(
    CASE_WORKER,
    _("Deviation ${case_number} assigned to you"),
    _(
        "mail_deviation_assigned",
        default='You are the case worker of deviation "${title}" '
        "(${case_number}) of ${faculty}. The deadline is ${deadline}.\n\n${url}",
    ),
)

REGISTERED = Event(
    "deviation registered",
    (
        Mail(
            REPORTER,
            _("Receipt for your deviation report ${case_number}"),
            _(
                "mail_deviation_receipt",
                default='We have received your report "${title}" with case '
                "number ${case_number}. ${faculty} will process it; you can expect "
                "an answer by ${deadline} (within ${days} days).\n\nFollow the case "
                "under My cases: ${url}",
            ),
        ),
        Mail(
            RECEPTION,
            _("New deviation ${case_number}"),
            _(
                "mail_deviation_new_reception",
                default='A new deviation "${title}" (${case_number}) was reported '
                "to ${faculty}. Assess it: approve it with a case worker, transfer it "
                "or reject it.\n\n${url}",
            ),
        ),
        Mail(
            LINE_MANAGERS,
            _("New deviation ${case_number}"),
            _(
                "mail_deviation_new_line_manager",
                default='A new deviation "${title}" (${case_number}) was reported '
                "to ${faculty}.\n\n${url}",
            ),
        ),
    ),
)

APPROVED = Event("deviation approved / case worker set", (ASSIGNED,))

CASE_WORKER_CHANGED = Event(
    "deviation case worker changed (not only at approve)", (ASSIGNED,)
)

TRANSFERRED = Event(
    "deviation transferred",
    (
        Mail(
            RECEPTION,  # of the faculty the case is in now
            _("Deviation ${case_number} transferred to ${faculty}"),
            _(
                "mail_deviation_transferred",
                default='Deviation "${title}" (${case_number}) was transferred from '
                "${source} to ${faculty}. Assess it: approve it with a case worker, "
                "transfer it or reject it.\n\n${comment}\n\n${url}",
            ),
        ),
    ),
)

REJECTED = Event(
    "deviation rejected / rejected as notification",
    (
        Mail(
            REPORTER,
            _("Your deviation report ${case_number} was rejected"),
            _(
                "mail_deviation_rejected",
                default='Your report "${title}" (${case_number}) was not taken '
                "up as a deviation. The reason:\n\n${reason}\n\n${url}",
            ),
        ),
    ),
)

REJECTED_AS_NOTIFICATION = Event(
    "deviation rejected / rejected as notification",
    (
        Mail(
            REPORTER,
            _("Your deviation report ${case_number} is handled as a notification case"),
            _(
                "mail_deviation_rejected_as_notification",
                default='Your report "${title}" (${case_number}) concerns censurable '
                "conditions. It is not handled as a deviation but was registered as "
                "notification case ${notification_number}, which the central "
                "reception handles confidentially.\n\n${reason}",
            ),
        ),
    ),
)

CLOSED = Event(
    "deviation closed",
    (
        Mail(
            REPORTER,
            _("Your deviation ${case_number} is closed"),
            _(
                "mail_deviation_closed",
                default='Your report "${title}" (${case_number}) has been processed '
                "and closed. The case worker's closing comment:\n\n${comment}"
                "\n\n${url}",
            ),
        ),
    ),
)

_OVERDUE = _(
    "mail_deviation_overdue",
    default='The deadline of deviation "${title}" (${case_number}) '
    "was ${deadline} and the case is not closed. Send the reporter a "
    "preliminary reply (Forvaltningsloven § 11a) with the expected "
    "date, and set a new deadline.\n\n${url}",
)

OVERDUE = Event(
    "deadline passed without closing",
    (
        Mail(
            Recipients(
                "case worker",
                lambda case: {
                    "user_ids": [case.case_worker] if case.case_worker else []
                },
            ),
            _("Deadline passed: deviation ${case_number}"),
            _OVERDUE,
        ),
        Mail(RECEPTION, _("Deadline passed: deviation ${case_number}"), _OVERDUE),
    ),
)

#: Every event of the deviation process.
EVENTS = (
    REGISTERED,
    APPROVED,
    CASE_WORKER_CHANGED,
    TRANSFERRED,
    REJECTED,
    REJECTED_AS_NOTIFICATION,
    CLOSED,
    OVERDUE,
)


def mapping_of(case, **extra):
    """The values the deviation mails are filled in with."""
    faculty = faculty_of(case)
    mapping = {
        "case_number": case.case_number,
        "title": case.title,
        "faculty": faculty.title if faculty is not None else "",
        # written in each recipient's language (core.mail.send)
        "deadline": case.deadline or "",
        # Stable across transfers and renames: Plone redirects to the case.
        "url": f"{api.portal.get().absolute_url()}/resolveuid/{case.UID()}",
        "days": (case.deadline - case.received.date()).days
        if case.deadline and case.received
        else deadlines.DEVIATION_DAYS,
    }
    mapping.update(extra)
    return mapping


def send(event, case, **extra):
    """Send the mails of ``event`` about ``case``; ``extra`` fills in what
    the case does not say (a reason, a comment)."""
    return send_event(event, case, mapping_of(case, **extra))
