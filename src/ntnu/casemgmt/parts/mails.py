"""Who gets which e-mail about the parts of a case: the rows of SPEC §8.

tests/test_mail_tables.py walks these tables against SPEC §8.
"""

from Acquisition import aq_chain
from Acquisition import aq_parent
from ntnu.casemgmt import _
from ntnu.casemgmt.core.mail import Event
from ntnu.casemgmt.core.mail import Mail
from ntnu.casemgmt.core.mail import Recipients
from ntnu.casemgmt.core.mail import send_event
from plone import api


RESPONSIBLE = Recipients(
    "measure responsible", lambda measure: {"user_ids": [measure.responsible]}
)


def _participants(hearing):
    """People asked, and the members of a unit consulted as a group."""
    user_ids, groups = [], []
    for principal in hearing.participants or ():
        if api.group.get(groupname=principal) is not None:
            groups.append(principal)
        else:
            user_ids.append(principal)
    return {"user_ids": user_ids, "groups": groups}


PARTICIPANTS = Recipients("participants", _participants)

MEASURE_ASSIGNED = Event(
    "measure assigned",
    (
        Mail(
            RESPONSIBLE,
            _("Measure assigned to you: ${measure}"),
            _(
                "mail_measure_assigned",
                default='You are responsible for the measure "${measure}" in case '
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
                default='You are asked to answer a hearing in deviation "${title}" '
                "(${case_number}) by ${deadline}:\n\n${question}\n\n${url}",
            ),
        ),
    ),
)


def letter_recipient(letter):
    """Who a sent letter goes to in the portal: the user named in
    ``recipient``, or for ``notifier`` the case's named notifier with an
    account (an anonymous notifier is mailed nothing: they read the letter
    with their receipt code)."""
    case = aq_parent(letter)
    user_ids = []
    if letter.recipient == "notifier":
        if not getattr(case, "anonymous", False) and getattr(case, "notifier", None):
            user_ids.append(case.notifier)
    elif letter.recipient and api.user.get(userid=letter.recipient) is not None:
        user_ids.append(letter.recipient)
    return {"user_ids": user_ids}


def letter_recipient_outside(letter):
    """Who a sent letter goes to outside the portal, with no account to
    read it with: a notifier registered by name and address, and
    ``recipient_email`` (an address some user of the portal has is mailed
    as that user, once)."""
    case = aq_parent(letter)
    addresses = []
    if (
        letter.recipient == "notifier"
        and not getattr(case, "anonymous", False)
        and not getattr(case, "notifier", None)
        and getattr(case, "notifier_email", None)
    ):
        addresses.append(case.notifier_email)
    if getattr(letter, "recipient_email", None):
        addresses.append(letter.recipient_email)
    own = {
        (api.user.get(userid=user_id).getProperty("email", "") or "").lower()
        for user_id in letter_recipient(letter)["user_ids"]
    }
    return {"addresses": [a for a in addresses if a.lower() not in own]}


def copy_recipients(letter):
    """The users of ``copy_to``, but not the letter's own recipient (who is
    mailed as such, once)."""
    own = set(letter_recipient(letter)["user_ids"])
    return {"user_ids": [u for u in letter.copy_to or () if u not in own]}


ITS_RECIPIENT = Recipients("its recipient", letter_recipient)
# the same row of SPEC §8, for a recipient who cannot open the link
ITS_RECIPIENT_OUTSIDE = Recipients("its recipient", letter_recipient_outside)
COPY_TO = Recipients("copy_to", copy_recipients)

# Only a notice with the case number and a link: a letter's text is
# confidential and never travels by e-mail. Someone without an account
# gets no link (they could not open it): the unit sends them the letter.
LETTER_SENT = Event(
    "letter sent",
    (
        Mail(
            ITS_RECIPIENT,
            _("A letter to you in case ${case_number}"),
            _(
                "mail_letter_sent",
                default="A letter has been sent to you in case ${case_number}. "
                "Log in to read it:\n\n${url}\n\nThe letter is not included in "
                "this e-mail because its content is confidential.",
            ),
        ),
        Mail(
            ITS_RECIPIENT_OUTSIDE,
            _("A letter to you in case ${case_number}"),
            _(
                "mail_letter_sent_outside",
                default="A letter has been sent to you in case ${case_number}. "
                "The letter is not included in this e-mail because its content "
                "is confidential: ${unit} will send it to you. If you have not "
                "received it, or have questions, contact ${unit}${contact}.",
            ),
        ),
        Mail(
            COPY_TO,
            _("For your information: a letter in case ${case_number}"),
            _(
                "mail_letter_copy",
                default="For your information: a letter has been sent in case "
                "${case_number}, with a copy to you. Log in to read it:\n\n${url}"
                "\n\nThe letter is not included in this e-mail because its "
                "content is confidential.",
            ),
        ),
    ),
)

#: Registry record: addresses that get a copy notice of the Appeals
#: Committee's decision (guide § 5.3.5: the Academic Administrative Division
#: and the Campus Services Division, who carry it out).
DECISION_COPIES_RECORD = "ntnu.casemgmt.appeals_decision_copies"


def _decision_copies_inside(letter):
    """The unit and the responsible manager (the department), unless the
    letter names them already (mailed as such, once)."""
    case = aq_parent(letter)
    named = set(letter_recipient(letter)["user_ids"]) | set(letter.copy_to or ())
    found = {"user_ids": [], "groups": []}
    faculty = next(
        (i for i in aq_chain(case) if getattr(i, "portal_type", None) == "Faculty"),
        None,
    )
    if faculty is not None:
        found["groups"].append(f"{faculty.code}-notification-unit")
    manager = getattr(case, "responsible_manager", None)
    if manager and manager not in named:
        found["user_ids"].append(manager)
    return found


def _decision_copies_outside(letter):
    addresses = api.portal.get_registry_record(DECISION_COPIES_RECORD, default=None)
    return {"addresses": [a.strip() for a in addresses or () if a and a.strip()]}


DECISION_COPY_SUBJECT = _(
    "For your information: the Appeals Committee's decision in ${case_number}"
)

DECISION_COPIES = Event(
    "letter sent",
    (
        Mail(
            # copies of the Appeals Committee's decision (guide § 5.3.5):
            # the faculty's unit and the department, as copy_to would be
            Recipients("copy_to", _decision_copies_inside),
            DECISION_COPY_SUBJECT,
            _(
                "mail_appeals_decision_copy",
                default="For your information: the Education Quality Division "
                "has sent the Appeals Committee's decision in case "
                "${case_number} to the student. Log in to read it:\n\n${url}"
                "\n\nThe decision is not included in this e-mail because its "
                "content is confidential.",
            ),
        ),
        Mail(
            # and the divisions that carry it out, by the registry's addresses
            Recipients("copy_to", _decision_copies_outside),
            DECISION_COPY_SUBJECT,
            _(
                "mail_appeals_decision_copy_outside",
                default="For your information: NTNU's Appeals Committee has made "
                "a decision in case ${case_number} (${unit}) that concerns your "
                "division. The decision is not included in this e-mail because "
                "its content is confidential: the Education Quality Division "
                "sends it to you.",
            ),
        ),
    ),
)

# In a notification case what was notified is confidential (SPEC §8): the
# measure's title and description, the case's title and the hearing's
# question stay in the portal, the mail names the case number only.
MEASURE_ASSIGNED_CONFIDENTIAL = Event(
    "measure assigned",
    (
        Mail(
            RESPONSIBLE,
            _("A measure assigned to you in case ${case_number}"),
            _(
                "mail_measure_assigned_confidential",
                default="You are responsible for a measure in case ${case_number}, "
                "due ${due_date}. Log in to read it:\n\n${url}",
            ),
        ),
    ),
)

HEARING_OPENED_CONFIDENTIAL = Event(
    "hearing opened",
    (
        Mail(
            PARTICIPANTS,
            _("Hearing in case ${case_number}"),
            _(
                "mail_hearing_opened_confidential",
                default="You are asked to answer a hearing in case ${case_number} "
                "by ${deadline}. Log in to read the question:\n\n${url}",
            ),
        ),
    ),
)

EVENTS = (
    MEASURE_ASSIGNED,
    MEASURE_ASSIGNED_CONFIDENTIAL,
    HEARING_OPENED,
    HEARING_OPENED_CONFIDENTIAL,
    LETTER_SENT,
    DECISION_COPIES,
)


def _confidential(case):
    return getattr(case, "portal_type", None) == "NotificationCase"


def _url(part):
    return f"{api.portal.get().absolute_url()}/resolveuid/{part.UID()}"


def measure_assigned(measure):
    case = aq_parent(measure)
    send_event(
        MEASURE_ASSIGNED_CONFIDENTIAL if _confidential(case) else MEASURE_ASSIGNED,
        measure,
        {
            "measure": measure.title,
            "case_number": getattr(case, "case_number", "") or "",
            # dates: written in each recipient's language (core.mail.send)
            "due_date": measure.due_date or "-",
            "description": measure.description or "",
            "url": _url(measure),
        },
    )


def hearing_opened(hearing):
    case = aq_parent(hearing)
    send_event(
        HEARING_OPENED_CONFIDENTIAL if _confidential(case) else HEARING_OPENED,
        hearing,
        {
            "case_number": getattr(case, "case_number", "") or "",
            "title": getattr(case, "title", "") or "",
            "deadline": hearing.deadline or "",
            "question": hearing.question or "",
            # straight to the answer form (hearings.ANSWER_VIEW; after a
            # log-in the participant lands there)
            "url": f"{_url(hearing)}/@@hearing-answer",
        },
    )


def _unit(case):
    """The unit that handles ``case`` (its faculty, or the central
    reception) and its functional address, or ``""``."""
    for item in aq_chain(case):
        if getattr(item, "portal_type", None) in ("Faculty", "CentralReception"):
            return item.title or "", getattr(item, "reception_email", None) or ""
    return "", ""


def letter_sent(letter):
    """Tell the letter's recipient and ``copy_to`` that it was sent."""
    case = aq_parent(letter)
    unit, address = _unit(case)
    send_event(
        LETTER_SENT,
        letter,
        {
            "case_number": getattr(case, "case_number", "") or "",
            "url": _url(letter),
            "unit": unit,
            # the mapping of a message is not translated: no words here
            "contact": f" ({address})" if address else "",
        },
    )
    if letter.template == "appeals_committee_decision":
        send_event(
            DECISION_COPIES,
            letter,
            {
                "case_number": getattr(case, "case_number", "") or "",
                "url": _url(letter),
                "unit": unit,
            },
        )


# -- measure due date passed (issue 16) -----------------------------------------


def _case_handler(measure):
    """The case worker (deviation) or case officer (notification) of the
    measure's case, unless they are its responsible (mailed already)."""
    case = aq_parent(measure)
    handler = getattr(case, "case_worker", None) or getattr(case, "case_officer", None)
    return {"user_ids": [handler]} if handler and handler != measure.responsible else {}


CASE_HANDLER = Recipients("case worker / case officer", _case_handler)

MEASURE_OVERDUE = Event(
    "measure due_date passed, measure not completed or cancelled",
    (
        Mail(
            RESPONSIBLE,
            _("Measure in case ${case_number}: due date passed"),
            _(
                "mail_measure_overdue",
                default="A measure in case ${case_number} was due ${due_date} and "
                "is neither completed nor cancelled.\n\n${url}",
            ),
        ),
        Mail(
            CASE_HANDLER,
            _("Measure in case ${case_number}: due date passed"),
            _(
                "mail_measure_overdue",
                default="A measure in case ${case_number} was due ${due_date} and "
                "is neither completed nor cancelled.\n\n${url}",
            ),
        ),
    ),
)

EVENTS = (*EVENTS, MEASURE_OVERDUE)


def measure_overdue(measure):
    """Tell the responsible and the case's handler that ``measure`` is
    overdue: the case number and a link, not what the measure is (it may
    name people of a confidential case)."""
    case = aq_parent(measure)
    return send_event(
        MEASURE_OVERDUE,
        measure,
        {
            "case_number": getattr(case, "case_number", "") or "",
            "due_date": measure.due_date,
            "url": _url(measure),
        },
    )
