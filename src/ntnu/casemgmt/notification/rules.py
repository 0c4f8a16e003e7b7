"""What the notification process does besides its workflow (SPEC §5, §6;
seeds 002 and 003): a submission (keeping an anonymous notifier out of
the database), the notifier's identity, a forward to the faculty, the
messages. What happens around its transitions is in ``subscribers.py``,
its e-mails in ``mails.py``, who may fire which transition in the
workflow specification.
"""

from Acquisition import aq_parent
from ntnu.casemgmt.content.notification import INotificationCase
from ntnu.casemgmt.content.reception import ICentralReception
from ntnu.casemgmt.core.creation import create_case
from ntnu.casemgmt.core.names import part_id
from ntnu.casemgmt.core.people import reporter_of
from ntnu.casemgmt.core.places import central_reception
from ntnu.casemgmt.core.places import get_faculty
from ntnu.casemgmt.core.places import move_case
from ntnu.casemgmt.core.security import as_system
from ntnu.casemgmt.core.security import roles_changed
from ntnu.casemgmt.core.security import SYSTEM_USER
from ntnu.casemgmt.notification import mails
from ntnu.casemgmt.notification import receipts
from ntnu.casemgmt.rest.deserializer import check_fields
from plone import api

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
    mails.send(mails.RECEIVED, case)
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
    come from the ``Owner`` role that core/roles.py derives from the field.
    """
    for principal, roles in list(case.get_local_roles()):
        if "Owner" in roles:
            case.manage_delLocalRoles([principal])
    case.setCreators((SYSTEM_USER,))
    case.notifier = user_id or None
    case.reindexObject()
    roles_changed(case)


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
    mails.send(mails.FORWARDED, moved)
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
        raise NotifyError(
            "review_state", "the case is closed and takes no new messages"
        )
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
            result.append({
                "author_kind": obj.author_kind,
                "text": obj.text,
                "date": obj.created().ISO8601(),
            })
    return result
