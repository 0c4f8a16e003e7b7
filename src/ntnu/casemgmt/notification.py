"""The rules of notification cases (SPEC §5, §6; seeds 002 and 003).

The workflow definition says who may fire which transition; this module
says what a submission, a forward, an acknowledgement and a closing do,
and keeps the notifier's identity out of the case when they are anonymous.
"""

from Acquisition import aq_parent
from datetime import date
from ntnu.casemgmt import _
from ntnu.casemgmt import deadlines
from ntnu.casemgmt import mails
from ntnu.casemgmt import receipts
from ntnu.casemgmt.cases import create_case
from ntnu.casemgmt.content.notification import INotificationCase
from ntnu.casemgmt.deserializer import check_fields
from ntnu.casemgmt.identity import reporter_of
from ntnu.casemgmt.letters import NOTIFIER
from ntnu.casemgmt.content.reception import ICentralReception
from ntnu.casemgmt.localroles import CENTRAL_RECEPTION_GROUP
from ntnu.casemgmt.localroles import faculty_group
from ntnu.casemgmt.localroles import roles_changed
from ntnu.casemgmt.namechooser import part_id
from ntnu.casemgmt.security import as_system
from ntnu.casemgmt.security import SYSTEM_USER
from ntnu.casemgmt.structure import central_reception
from ntnu.casemgmt.structure import faculty_of
from ntnu.casemgmt.structure import move_case
from ntnu.casemgmt.structure import get_faculty
from plone import api
from Products.CMFCore.WorkflowCore import WorkflowException

import transaction


#: What a notifier may fill in.
NOTIFY_FIELDS = (
    "title",
    "category",
    "event_description",
    "persons_involved",
    "witnesses",
    "previous_cases",
    "notifier_is_party",
    "anonymous",
    "accused_faculty",
)

COMMENT_REQUIRED = "comment: a comment is required to close the case (it is the outcome told to the parties)."

OPEN_STATES = ("received", "forwarded", "investigation", "assessment", "measures", "follow_up")


class NotifyError(ValueError):
    """A submission or forward that cannot be made, because of ``field``."""

    def __init__(self, field, message):
        super().__init__(f"{field}: {message}")
        self.field = field


def state_of(case):
    """The review state, also for someone who may not view the case (the
    holder of a receipt code)."""
    history = case.workflow_history.get("casemgmt_notification_workflow") or ()
    return history[-1]["review_state"] if history else None


def notifier_of(case):
    """User id of a notifier who is not anonymous, else None."""
    return reporter_of(case)


def mapping_of(case, **extra):
    faculty = faculty_of(case)
    mapping = {
        "case_number": case.case_number,
        "faculty": faculty.title if faculty is not None else "",
        "url": f"{api.portal.get().absolute_url()}/resolveuid/{case.UID()}",
        "forward_deadline": case.forward_deadline.isoformat() if case.forward_deadline else "",
        "confirmation_deadline": case.confirmation_deadline.isoformat()
        if case.confirmation_deadline
        else "",
    }
    mapping.update(extra)
    return mapping


# --- submission ------------------------------------------------------------


def submit(data, request):
    """Create a NotificationCase in the central reception from ``data``.

    Anonymous when nobody is logged in or ``anonymous`` is true: then no
    user id is stored anywhere in the case (creator, owner, history) and a
    receipt code is returned. Otherwise the logged-in notifier owns the
    case and follows it under My cases.

    :returns: ``(case, receipt)``; ``receipt`` is None unless anonymous.
    :raises NotifyError: unknown or oversized fields.
    :raises zExceptions.BadRequest: invalid values (plone.restapi's
        validation), before anything is created.
    """
    unknown = sorted(set(data) - set(NOTIFY_FIELDS) - {"@type"})
    if unknown:
        raise NotifyError(unknown[0], "this field cannot be set by the notifier")
    check_fields(INotificationCase, data, NotifyError)
    anonymous = api.user.is_anonymous() or bool(data.get("anonymous"))
    notifier = None if anonymous else api.user.get_current().getId()
    fields = {key: value for key, value in data.items() if key in NOTIFY_FIELDS}
    fields["anonymous"] = anonymous
    # Sexual harassment goes to the external committee first (guide § 2);
    # the central reception may change it.
    fields["external_committee"] = fields.get("category") == "sexual_harassment"
    reception = central_reception()
    if anonymous:
        forget_requester()
    # Nobody but the central reception may add to it, and an anonymous
    # notification must not record who sent it: made by the add-on itself.
    with as_system():
        case = create_case(reception, "NotificationCase", fields, request)
        set_notifier(case, notifier)
        receipt = receipts.issue(case) if anonymous else None
    mail_received(case)
    return case, receipt


def forget_requester():
    """Keep the logged-in user of this request out of the database: the
    ZODB records the user of every transaction (ZPublisher's
    ``recordMetaData``), which would link an anonymous notification to
    the person who sent it."""
    transaction.get().user = ""


def set_notifier(case, user_id):
    """Record ``user_id`` (or nobody) as the notifier of ``case``.

    The notifier is kept in the case's ``notifier`` field only: the case is
    created, owned and catalogued as the add-on itself, so no creator,
    owner, byline, author page or catalog entry names them; their rights
    come from the ``Owner`` role that localroles.py derives from the field.
    """
    for principal, roles in list(case.get_local_roles()):
        if "Owner" in roles:
            case.manage_delLocalRoles([principal])
    case.setCreators((SYSTEM_USER,))
    case.notifier = user_id or None
    case.reindexObject()
    roles_changed(case)


def mail_received(case):
    """Notice to the central reception (never the content of the case)."""
    reception = central_reception()
    mails.send(
        _("New notification ${case_number}"),
        _(
            "mail_notification_received",
            default="A new notification (${case_number}) has arrived in the central "
            "reception. Forward it to the faculty of the accused student by "
            "${forward_deadline}.\n\n${url}",
        ),
        mapping_of(case),
        groups=[CENTRAL_RECEPTION_GROUP],
        addresses=[reception.reception_email] if reception.reception_email else [],
    )


# --- transitions --------------------------------------------------------------


def before_transition(case, event):
    """Refuse what the rules do not allow, before anything changes."""
    if event.transition is None:
        return
    transition = event.transition.id
    comment = ((event.kwargs or {}).get("comment") or "").strip()
    if transition == "close" and not comment:
        raise WorkflowException(COMMENT_REQUIRED)
    if transition == "forward":
        code = case.accused_faculty
        if not code or get_faculty(code) is None:
            raise WorkflowException(
                "accused_faculty: name the faculty of the accused student before forwarding."
            )


def after_transition(case, event):
    if event.transition is None:
        return
    transition = event.transition.id
    comment = ((event.kwargs or {}).get("comment") or "").strip()
    if transition == "forward":
        case.confirmation_deadline = deadlines.confirmation_deadline(date.today())
        # The case moves to the faculty when the request commits (see
        # ``forward`` for the immediate way): moving it inside the workflow
        # machinery would leave the catalog pointing at the old place.
        transaction.get().addBeforeCommitHook(_deliver_hook, args=(case.UID(),))
    elif transition == "acknowledge":
        _acknowledged(case)
    elif transition == "close":
        if not case.outcome:
            case.outcome = comment
        _closed(case, comment)
    case.reindexObject()


def _deliver_hook(uid):
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(UID=uid)
    if brains:
        deliver(brains[0]._unrestrictedGetObject())


def deliver(case):
    """Move a forwarded case from the central reception to the faculty of
    the accused and tell that faculty's notification unit. Does nothing for
    a case that is not waiting in the central reception."""
    if not ICentralReception.providedBy(aq_parent(case)):
        return case
    if api.content.get_state(case) != "forwarded":
        return case
    faculty = get_faculty(case.accused_faculty)
    moved = move_case(case, faculty)
    roles_changed(moved)
    mails.send(
        _("Notification ${case_number} forwarded to ${faculty}"),
        _(
            "mail_notification_forwarded",
            default="The central reception has forwarded notification case "
            "${case_number} to ${faculty}. Confirm its receipt to the notifier by "
            "${confirmation_deadline} and start the investigation.\n\n${url}",
        ),
        mapping_of(moved),
        groups=[faculty_group(faculty.code, "notification-unit")],
    )
    return moved


def forward(case, code=None, comment=""):
    """Forward ``case`` to the faculty with ``code`` (else its
    ``accused_faculty``) and move it there now.

    :raises NotifyError: an unknown faculty or a case not in ``received``.
    """
    if api.content.get_state(case) != "received":
        raise NotifyError("review_state", "only a received case can be forwarded")
    code = code or case.accused_faculty
    if not isinstance(code, str) or get_faculty(code) is None:
        raise NotifyError("faculty", f"unknown faculty {code!r}")
    case.accused_faculty = code
    api.content.transition(obj=case, transition="forward", comment=comment)
    return deliver(case)


def _acknowledged(case):
    """The faculty confirms receipt: a receipt confirmation letter (draft)
    naming the case officer, due within a week of the forward."""
    if not case.case_officer:
        case.case_officer = api.user.get_current().getId()
    case.deadline = deadlines.notification_deadline(date.today())
    with as_system():
        api.content.create(
            container=case,
            type="Letter",
            template="receipt_confirmation",
            recipient=NOTIFIER,
            title="",
            id="receipt-confirmation",
        )


def _closed(case, comment):
    """Parties learn the outcome; a notifier who is not a party only that
    the case is closed."""
    mapping = mapping_of(case, outcome=case.outcome or comment)
    parties = list(case.parties or ())
    notifier = notifier_of(case)
    if notifier and case.notifier_is_party and notifier not in parties:
        parties.append(notifier)  # a party whether or not the unit listed them
    if parties:
        mails.send(
            _("Notification case ${case_number} is closed"),
            _(
                "mail_notification_closed_party",
                default="Notification case ${case_number} at ${faculty} is closed. "
                "The outcome:\n\n${outcome}\n\n${url}",
            ),
            mapping,
            user_ids=parties,
        )
    if notifier and notifier not in parties:
        mails.send(
            _("Your notification ${case_number} is closed"),
            _(
                "mail_notification_closed_notifier",
                default="The case of your notification ${case_number} has been "
                "handled and is now closed. As you are not a party to the case, "
                "its outcome is not told to you.",
            ),
            mapping,
            user_ids=[notifier],
        )


# --- messages --------------------------------------------------------------


def add_message(case, text, author_kind):
    """Add a CaseMessage (made by the add-on itself: a notifier's message
    must not name them; the notifier reads it through the case's roles).

    :raises NotifyError: an empty, oversized or non-text message, or a
        closed case (it takes no new messages, SPEC §3).
    """
    if not isinstance(text, str) or not text.strip():
        raise NotifyError("text", "write a message")
    text = text.strip()
    if len(text) > 10000:
        raise NotifyError("text", "at most 10000 characters")
    if state_of(case) == "closed":
        raise NotifyError("review_state", "the case is closed and takes no new messages")
    with as_system():
        message = api.content.create(
            container=case,
            type="CaseMessage",
            id=part_id(case, "CaseMessage"),
            text=text,
            author_kind=author_kind,
        )
        message.setCreators((SYSTEM_USER,))
    return message


def messages_of(case):
    """``[{author_kind, text, date}]`` of a case, oldest first."""
    result = []
    for obj in case.objectValues():
        if obj.portal_type == "CaseMessage":
            result.append(
                {
                    "author_kind": obj.author_kind,
                    "text": obj.text,
                    "date": obj.created().ISO8601(),
                }
            )
    return result
