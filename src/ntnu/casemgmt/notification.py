"""The rules of notification cases (SPEC §5, §6; seeds 002 and 003).

The workflow definition says who may fire which transition; this module
says what a submission, a forward, an acknowledgement and a closing do,
and keeps the notifier's identity out of the case when they are anonymous.
"""

from Acquisition import aq_base
from Acquisition import aq_parent
from datetime import date
from ntnu.casemgmt import _
from ntnu.casemgmt import deadlines
from ntnu.casemgmt import mails
from ntnu.casemgmt import receipts
from ntnu.casemgmt.content.reception import ICentralReception
from ntnu.casemgmt.localroles import CENTRAL_RECEPTION_GROUP
from ntnu.casemgmt.localroles import faculty_group
from ntnu.casemgmt.localroles import roles_changed
from ntnu.casemgmt.security import as_system
from ntnu.casemgmt.security import SYSTEM_USER
from ntnu.casemgmt.structure import central_reception
from ntnu.casemgmt.structure import faculty_of
from ntnu.casemgmt.structure import get_faculty
from plone import api
from plone.restapi.interfaces import IDeserializeFromJson
from plone.restapi.services.content.utils import add
from plone.restapi.services.content.utils import create
from Products.CMFCore.WorkflowCore import WorkflowException
from zope.component import queryMultiAdapter
from zope.event import notify as notify_event
from zope.lifecycleevent import ObjectCreatedEvent

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

#: Longest text a notifier may send in one field (abuse protection).
MAX_TEXT = 20000

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
    if getattr(case, "anonymous", False):
        return None
    creators = [c for c in case.listCreators() if c != SYSTEM_USER]
    return creators[0] if creators else None



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
    for key, value in data.items():
        if isinstance(value, str) and len(value) > MAX_TEXT:
            raise NotifyError(key, f"at most {MAX_TEXT} characters")
    anonymous = api.user.is_anonymous() or bool(data.get("anonymous"))
    notifier = None if anonymous else api.user.get_current().getId()
    fields = {key: value for key, value in data.items() if key in NOTIFY_FIELDS}
    fields["anonymous"] = anonymous
    # Sexual harassment goes to the external committee first (guide § 2);
    # the central reception may change it.
    fields["external_committee"] = fields.get("category") == "sexual_harassment"
    reception = central_reception()
    # Nobody but the central reception may add to it, and an anonymous
    # notification must not record who sent it: made by the add-on itself.
    with as_system():
        case = create(reception, "NotificationCase").__of__(reception)
        deserializer = queryMultiAdapter((case, request), IDeserializeFromJson)
        deserializer(validate_all=True, data=fields, create=True)
        case = aq_base(case)
        if not getattr(deserializer, "notifies_create", False):
            notify_event(ObjectCreatedEvent(case))
        case = add(reception, case)
        _set_notifier(case, notifier)
        receipt = receipts.issue(case) if anonymous else None
    mail_received(case)
    return case, receipt


def _set_notifier(case, user_id):
    """The notifier owns the case; an anonymous case is owned by nobody."""
    for principal, roles in list(case.get_local_roles()):
        if "Owner" in roles:
            case.manage_delLocalRoles([principal])
    if user_id:
        case.setCreators([user_id])
        case.manage_setLocalRoles(user_id, ["Owner"])
        user = api.user.get(userid=user_id)
        case.changeOwnership(user.getUser())
    else:
        # Catalog and Dublin Core want a creator: the add-on itself.
        case.setCreators((SYSTEM_USER,))
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
    with as_system():
        moved = api.content.move(source=case, target=faculty)
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
    if not code or get_faculty(code) is None:
        raise NotifyError("faculty", f"unknown faculty {code!r}")
    case.accused_faculty = code
    api.content.transition(obj=case, transition="forward", comment=comment)
    return deliver(case)


def _acknowledged(case):
    """The faculty confirms receipt: a receipt confirmation letter (draft)
    naming the case officer, due within a week of the forward."""
    if not case.case_officer:
        case.case_officer = api.user.get_current().getId()
    with as_system():
        api.content.create(
            container=case,
            type="Letter",
            template="receipt_confirmation",
            recipient=notifier_of(case) or "",
            title="",
            id="receipt-confirmation",
        )


def _closed(case, comment):
    """Parties learn the outcome; a notifier who is not a party only that
    the case is closed."""
    mapping = mapping_of(case, outcome=case.outcome or comment)
    parties = list(case.parties or ())
    notifier = notifier_of(case)
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
    if notifier and notifier not in parties and not case.notifier_is_party:
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
    """Add a CaseMessage; the notifier's go in as the add-on itself."""
    text = (text or "").strip()
    if not text:
        raise NotifyError("text", "write a message")
    if len(text) > 10000:
        raise NotifyError("text", "at most 10000 characters")
    with as_system():
        message = api.content.create(
            container=case,
            type="CaseMessage",
            id=f"message-{len(case.objectIds()) + 1}",
            text=text,
            author_kind=author_kind,
        )
        if author_kind == "notifier":
            _set_notifier(message, notifier_of(case))
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
