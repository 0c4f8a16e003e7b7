"""Who gets which e-mail about the parts of a case: the rows of SPEC §8.

tests/test_mail_tables.py walks these tables against SPEC §8.
"""

from Acquisition import aq_parent
from ntnu.casemgmt import _
from ntnu.casemgmt.core.mail import Event
from ntnu.casemgmt.core.mail import Mail
from ntnu.casemgmt.core.mail import Recipients
from ntnu.casemgmt.core.mail import send_event
from plone import api


RESPONSIBLE = Recipients("measure responsible", lambda measure: {"user_ids": [measure.responsible]})
PARTICIPANTS = Recipients("participants", lambda hearing: {"user_ids": list(hearing.participants or ())})

MEASURE_ASSIGNED = Event(
    "measure assigned",
    (
        Mail(
            RESPONSIBLE,
            _("Measure assigned to you: ${measure}"),
            _(
                "mail_measure_assigned",
                default="You are responsible for the measure \"${measure}\" in case "
                "${case_number}, due ${due_date}.\n\n${description}\n\n${url}",
            ),
        ),
    ),
)

HEARING_OPENED = Event(
    "hearing opened",
    (
        Mail(
            PARTICIPANTS,
            _("Hearing in deviation ${case_number}"),
            _(
                "mail_hearing_opened",
                default="You are asked to answer a hearing in deviation \"${title}\" "
                "(${case_number}) by ${deadline}:\n\n${question}\n\n${url}",
            ),
        ),
    ),
)

EVENTS = (MEASURE_ASSIGNED, HEARING_OPENED)


def _url(part):
    return f"{api.portal.get().absolute_url()}/resolveuid/{part.UID()}"


def measure_assigned(measure):
    case = aq_parent(measure)
    send_event(
        MEASURE_ASSIGNED,
        measure,
        {
            "measure": measure.title,
            "case_number": getattr(case, "case_number", "") or "",
            "due_date": measure.due_date.isoformat() if measure.due_date else "-",
            "description": measure.description or "",
            "url": _url(measure),
        },
    )


def hearing_opened(hearing):
    case = aq_parent(hearing)
    send_event(
        HEARING_OPENED,
        hearing,
        {
            "case_number": getattr(case, "case_number", "") or "",
            "title": getattr(case, "title", "") or "",
            "deadline": hearing.deadline.isoformat() if hearing.deadline else "",
            "question": hearing.question or "",
            "url": _url(hearing),
        },
    )
