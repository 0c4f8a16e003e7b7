"""Who gets which e-mail in the notification process: the rows of SPEC §8.

No mail carries what was notified: they name the case number and link to
the case. tests/test_mail_tables.py walks these tables against SPEC §8.
"""

from Acquisition import aq_inner
from Acquisition import aq_parent
from ntnu.casemgmt import _
from ntnu.casemgmt.core.mail import Event
from ntnu.casemgmt.core.mail import group_members
from ntnu.casemgmt.core.mail import Mail
from ntnu.casemgmt.core.mail import Recipients
from ntnu.casemgmt.core.mail import send_event
from ntnu.casemgmt.core.people import reporter_of
from ntnu.casemgmt.core.places import central_reception
from ntnu.casemgmt.core.places import faculty_of
from ntnu.casemgmt.core.roles import CENTRAL_RECEPTION_GROUP
from ntnu.casemgmt.core.roles import faculty_group
from ntnu.casemgmt.core.roles import QUALITY_DIVISION_GROUP
from ntnu.casemgmt.core.roles import thread_participant
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


def _unit_besides_officer(case):
    """The unit's members but the case officer, who has a mail of their own."""
    found = _unit(case)
    if not found:
        return {}
    members = group_members(found["groups"][0])
    return {
        "user_ids": [
            user.getId() for user in members if user.getId() != case.case_officer
        ]
    }


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


def _named_notifier(case):
    """The notifier by their account, else by the address registered for
    them; nobody for an anonymous notifier."""
    if getattr(case, "anonymous", False):
        return {}
    notifier = reporter_of(case)
    if notifier:
        return {"user_ids": [notifier]}
    email = getattr(case, "notifier_email", None)
    return {"addresses": [email]} if email else {}


CENTRAL_RECEPTION = Recipients("central reception", _central_reception)
UNIT = Recipients("faculty notification unit", _unit)
PARTIES = Recipients("parties", lambda case: {"user_ids": parties_of(case)})
NON_PARTY_NOTIFIER = Recipients("non-party notifier", _non_party_notifier)
NAMED_NOTIFIER = Recipients("named notifier", _named_notifier)
RESPONSIBLE_MANAGER = Recipients(
    "responsible manager", lambda case: {"user_ids": [case.responsible_manager]}
)
CASE_OFFICER = Recipients(
    "case officer", lambda case: {"user_ids": [case.case_officer]}
)
#: The unit, when the case officer is mailed too (once each).
UNIT_BESIDES_OFFICER = Recipients("faculty notification unit", _unit_besides_officer)
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

NOTIFIER_RECEIPT = Event(
    "notification received (online or registered)",
    (
        Mail(
            NAMED_NOTIFIER,
            _("Your notification ${case_number} is received"),
            _(
                "mail_notification_receipt",
                default="Your notification has been received and registered with "
                "case number ${case_number}. It is handled confidentially; you will "
                "be told when the case is closed.\n\n${url}",
            ),
        ),
    ),
)

MANAGER_NAMED = Event(
    "responsible manager named or changed",
    (
        Mail(
            RESPONSIBLE_MANAGER,
            _("You are responsible manager for notification case ${case_number}"),
            _(
                "mail_notification_manager_named",
                default="You have been named responsible manager for notification "
                "case ${case_number} at ${faculty}.\n\n${url}",
            ),
        ),
    ),
)

FORWARD_DEADLINE_NEAR = Event(
    "forward deadline: one working day before, and when passed",
    (
        Mail(
            CENTRAL_RECEPTION,
            _("Notification ${case_number}: forward by ${forward_deadline}"),
            _(
                "mail_notification_forward_near",
                default="Notification ${case_number} is still in the central "
                "reception. Forward it to the faculty of the accused student by "
                "${forward_deadline}.\n\n${url}",
            ),
        ),
    ),
)

FORWARD_DEADLINE_PASSED = Event(
    "forward deadline: one working day before, and when passed",
    (
        Mail(
            CENTRAL_RECEPTION,
            _("Notification ${case_number}: forward deadline passed"),
            _(
                "mail_notification_forward_passed",
                default="The forward deadline of notification ${case_number} "
                "(${forward_deadline}) has passed and it is still in the central "
                "reception. Forward it to the faculty of the accused student.\n\n"
                "${url}",
            ),
        ),
    ),
)

CONFIRMATION_DEADLINE_PASSED = Event(
    "confirmation deadline passed without acknowledge",
    (
        Mail(
            UNIT,
            _("Notification ${case_number}: receipt not confirmed"),
            _(
                "mail_notification_confirmation_passed",
                default="The confirmation deadline of notification case "
                "${case_number} (${confirmation_deadline}) has passed without its "
                "receipt being acknowledged. Confirm the receipt to the notifier.\n\n"
                "${url}",
            ),
        ),
    ),
)

DEADLINE_PASSED = Event(
    "notification deadline passed, case open",
    (
        Mail(
            CASE_OFFICER,
            _("Notification case ${case_number}: deadline passed"),
            _(
                "mail_notification_deadline_passed",
                default="The deadline of notification case ${case_number} at "
                "${faculty} (${deadline}) has passed and the case is still open.\n\n"
                "${url}",
            ),
        ),
        Mail(
            UNIT_BESIDES_OFFICER,
            _("Notification case ${case_number}: deadline passed"),
            _(
                "mail_notification_deadline_passed",
                default="The deadline of notification case ${case_number} at "
                "${faculty} (${deadline}) has passed and the case is still open.\n\n"
                "${url}",
            ),
        ),
    ),
)


#: SPEC §8's row for the committees: a referral and a return go to the
#: central reception, ``escalate`` to the quality division, ``conclude`` to
#: the unit and the responsible manager.
COMMITTEE_ROW = "case referred to / returned from the committee; escalate; conclude"

REFERRED_TO_COMMITTEE = Event(
    COMMITTEE_ROW,
    (
        Mail(
            CENTRAL_RECEPTION,
            _("Notification ${case_number} referred to the external committee"),
            _(
                "mail_notification_referred_to_committee",
                default="Notification ${case_number} has been referred to the "
                "external committee. It stays in the central reception and is "
                "not forwarded until it has come back.\n\n${url}",
            ),
        ),
    ),
)

RETURNED_FROM_COMMITTEE = Event(
    COMMITTEE_ROW,
    (
        Mail(
            CENTRAL_RECEPTION,
            _("Notification ${case_number} returned from the external committee"),
            _(
                "mail_notification_returned_from_committee",
                default="Notification ${case_number} has come back from the "
                "external committee; its conclusion is recorded in the case. "
                "Forward it to the faculty of the accused student by "
                "${forward_deadline}.\n\n${url}",
            ),
        ),
    ),
)

ESCALATED = Event(
    COMMITTEE_ROW,
    (
        Mail(
            QUALITY_DIVISION,
            _("Notification case ${case_number} for the Appeals Committee"),
            _(
                "mail_notification_escalated",
                default="${faculty} has sent notification case ${case_number} to "
                "the Education Quality Division, to be put before the Appeals "
                "Committee (expulsion or exclusion). You can read the case and "
                "add documents and the committee's decision letter until you "
                "record the decision.\n\n${url}",
            ),
        ),
    ),
)

CONCLUDED = Event(
    COMMITTEE_ROW,
    (
        Mail(
            UNIT,
            _("Notification case ${case_number}: the Appeals Committee has decided"),
            _(
                "mail_notification_concluded",
                default="The Education Quality Division has recorded the Appeals "
                "Committee's decision in notification case ${case_number}. The "
                "case is back with ${faculty} for follow-up.\n\n${url}",
            ),
        ),
        Mail(
            RESPONSIBLE_MANAGER,
            _("Notification case ${case_number}: the Appeals Committee has decided"),
            _(
                "mail_notification_concluded",
                default="The Education Quality Division has recorded the Appeals "
                "Committee's decision in notification case ${case_number}. The "
                "case is back with ${faculty} for follow-up.\n\n${url}",
            ),
        ),
    ),
)

#: Units copied in on a case (guide § 4.1.1; not a row of SPEC §8).
COPIED_IN_SUBJECT = _("Notification case ${case_number}: your unit is copied in")
COPIED_IN_BODY = _(
    "mail_notification_copied_in",
    default="Your notification unit has been copied in on notification case "
    "${case_number} at ${faculty}, to take part in the further proceedings. "
    "You can read the case and its shared documents:\n\n${url}",
)

#: Doubt of suitability (SPEC §5, not a row of §8, so not an Event): the
#: suitability body is told the case number and the faculty, nothing more
#: (it has no access to the case, so no link either).
SUITABILITY_SUBJECT = _("Doubt of suitability: ${case_number}")
SUITABILITY_BODY = _(
    "mail_notification_suitability_doubt",
    default="Doubt of suitability has been raised in notification case "
    "${case_number} at ${faculty}.",
)


def _handlers_of_message(message):
    """The people handling the case of ``message``: the central reception
    while it holds the case, afterwards the faculty's notification unit."""
    case = aq_parent(aq_inner(message))
    return _unit(case) or _central_reception(case)


def _participant_of_message(message):
    """The participant of the conversation of ``message`` if named: the
    notifier by account or registered address (never an anonymous one), or
    the party."""
    case = aq_parent(aq_inner(message))
    if message.thread == "notifier":
        return _named_notifier(case)
    participant = thread_participant(case, message.thread)
    return {"user_ids": [participant]} if participant else {}


HANDLERS_OF_MESSAGE = Recipients("the people handling the case", _handlers_of_message)
PARTICIPANT = Recipients(
    "the participant of that conversation", _participant_of_message
)

MESSAGE_FROM_PARTICIPANT = Event(
    "message from a notifier or party",
    (
        Mail(
            HANDLERS_OF_MESSAGE,
            _("New message in notification case ${case_number}"),
            _(
                "mail_notification_message_in",
                default="A new message has been written in notification case "
                "${case_number}. Read it in the case.\n\n${url}",
            ),
        ),
    ),
)

MESSAGE_FROM_UNIT = Event(
    "message from the unit",
    (
        Mail(
            PARTICIPANT,
            _("New message about notification case ${case_number}"),
            _(
                "mail_notification_message_out",
                default="The unit handling notification case ${case_number} has "
                "written to you. Read the message in the case.\n\n${url}",
            ),
        ),
    ),
)

#: Every event of the notification process.
EVENTS = (
    RECEIVED,
    FORWARDED,
    CLOSED,
    MONTHLY_LIST,
    NOTIFIER_RECEIPT,
    MANAGER_NAMED,
    FORWARD_DEADLINE_NEAR,
    FORWARD_DEADLINE_PASSED,
    CONFIRMATION_DEADLINE_PASSED,
    DEADLINE_PASSED,
    MESSAGE_FROM_PARTICIPANT,
    MESSAGE_FROM_UNIT,
    REFERRED_TO_COMMITTEE,
    RETURNED_FROM_COMMITTEE,
    ESCALATED,
    CONCLUDED,
)


def mapping_of(case, **extra):
    """The values the notification mails are filled in with (never what
    was notified)."""
    faculty = faculty_of(case)
    mapping = {
        "case_number": case.case_number,
        "faculty": faculty.title if faculty is not None else "",
        "url": f"{api.portal.get().absolute_url()}/resolveuid/{case.UID()}",
        # dates: written in each recipient's language (core.mail.send)
        "forward_deadline": case.forward_deadline or "",
        "confirmation_deadline": case.confirmation_deadline or "",
        "deadline": case.deadline or "",
    }
    mapping.update(extra)
    return mapping


def send(event, case, **extra):
    """Send the mails of ``event`` about ``case``."""
    return send_event(event, case, mapping_of(case, **extra))


def send_about_message(event, case, message):
    """Send the mails of ``event`` about ``message`` of ``case`` (the
    recipients follow its conversation; the mapping is the case's)."""
    return send_event(event, message, mapping_of(case))
