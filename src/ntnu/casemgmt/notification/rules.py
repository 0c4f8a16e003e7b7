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
from ntnu.casemgmt.core import mail
from ntnu.casemgmt.core.creation import create_case
from ntnu.casemgmt.core.people import reporter_of
from ntnu.casemgmt.core.places import central_reception
from ntnu.casemgmt.core.places import get_faculty
from ntnu.casemgmt.core.places import move_case
from ntnu.casemgmt.core.roles import excluded_officers
from ntnu.casemgmt.core.roles import faculty_group
from ntnu.casemgmt.core.security import as_system
from ntnu.casemgmt.core.security import roles_changed
from ntnu.casemgmt.core.security import SYSTEM_USER
from ntnu.casemgmt.notification import audit
from ntnu.casemgmt.notification import conversations
from ntnu.casemgmt.notification import mails
from ntnu.casemgmt.notification import receipts
from ntnu.casemgmt.rest.deserializer import check_fields
from plone import api
from zope.interface import Invalid

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


WORKFLOW = "casemgmt_notification_workflow"


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


#: What the central reception or a faculty unit fills in when it registers a
#: notification received another way (SPEC §6, §7 ``@register-notification``).
REGISTER_FIELDS = (
    *NOTIFY_FIELDS,
    "channel",
    "severity",
    "notifier",
    "notifier_name",
    "notifier_email",
)

#: How a registered notification may have come in (not ``online``: that is
#: ``@notify``).
REGISTER_CHANNELS = ("oral", "letter", "email", "phone")


def register(container, data, request):
    """Create a NotificationCase that the central reception (``container``
    is it) or a faculty's notification unit (``container`` is the faculty)
    received orally, by letter, e-mail or phone, on the notifier's behalf.

    The notifier is a user (``notifier``), a person without an account
    (``notifier_name``/``notifier_email``) or nobody (anonymous: a receipt
    code is returned to hand on). They get exactly the rights of an online
    notifier: the case is made as by ``submit`` (``create_case`` as the
    add-on, the notifier only in the ``notifier`` field); the registering
    person is recorded in the history as who registered it, never as
    notifier or creator. A case registered in a faculty starts there in
    ``forwarded``, one registered in the central reception in ``received``.

    :returns: ``(case, receipt)``; ``receipt`` is None unless anonymous.
    :raises NotifyError: unknown fields, a bad channel, notifier or e-mail.
    :raises zExceptions.BadRequest: invalid values (plone.restapi's
        validation), before anything is created.
    """
    fields = _registration(container, data)
    anonymous = fields["anonymous"]
    notifier = fields.get("notifier")
    registrar = api.user.get_current().getId()
    in_faculty = not ICentralReception.providedBy(container)
    note = (
        f"Registered by {registrar} on the notifier's behalf "
        f"(channel: {fields['channel']})"
    )
    # Made by the add-on itself, as an online notification: the registering
    # person is neither creator nor owner of the case.
    with as_system():
        case = create_case(container, "NotificationCase", fields, request)
        set_notifier(case, notifier)
        receipt = receipts.issue(case) if anonymous else None
        if in_faculty:
            # Received by the faculty itself: it starts where a forwarded
            # case would, with the unit's confirmation deadline.
            api.content.transition(obj=case, transition="forward", comment=note)
        else:
            _comment_creation(case, note)
    audit.record(case, "register", note, actor=registrar)
    if not in_faculty:
        mails.send(mails.RECEIVED, case)
    return case, receipt


def _registration(container, data):
    """The case's fields from a registration's ``data``, checked.

    :raises NotifyError: see ``register``.
    """
    unknown = sorted(set(data) - set(REGISTER_FIELDS) - {"@type"})
    if unknown:
        raise NotifyError(unknown[0], "this field cannot be set at registration")
    check_fields(INotificationCase, data, NotifyError)
    if data.get("channel") not in REGISTER_CHANNELS:
        raise NotifyError(
            "channel", f"how it came in: one of {', '.join(REGISTER_CHANNELS)}"
        )
    fields = {key: value for key, value in data.items() if key in REGISTER_FIELDS}
    fields.update(_notifier_fields(container, data))
    if ICentralReception.providedBy(container):
        # as for @notify: sexual harassment goes to the external committee
        # first (guide § 2); the central reception may change it
        fields["external_committee"] = fields.get("category") == "sexual_harassment"
        return fields
    code = fields.get("accused_faculty") or container.code
    if code != container.code:
        raise NotifyError(
            "accused_faculty",
            "a faculty registers notifications about its own students; "
            "the central reception forwards the others",
        )
    fields["accused_faculty"] = code
    return fields


def _notifier_fields(container, data):
    """``notifier``, ``notifier_name``, ``notifier_email`` and
    ``anonymous`` of a registration: a user, or a person without an
    account, or nobody.

    :raises NotifyError: both kinds of notifier, an unknown user, an
        address that is not one or has no name, a named anonymous one.
    """
    notifier = data.get("notifier") or None
    name = (data.get("notifier_name") or "").strip() or None
    email = (data.get("notifier_email") or "").strip() or None
    if notifier and (name or email):
        raise NotifyError("notifier", "give a user id or a name and address, not both")
    if notifier and api.user.get(userid=notifier) is None:
        raise NotifyError("notifier", f"there is no user {notifier!r}")
    if email:
        try:
            INotificationCase["notifier_email"].bind(container).validate(email)
        except Invalid:
            raise NotifyError("notifier_email", "not an e-mail address") from None
        if not name:
            raise NotifyError("notifier_name", "name the notifier of this address")
    identified = bool(notifier or name)
    if data.get("anonymous") is True and identified:
        raise NotifyError("anonymous", "an anonymous notification names no notifier")
    return {
        "anonymous": not identified,
        "notifier": notifier,
        "notifier_name": name,
        "notifier_email": email,
    }


def _comment_creation(case, note):
    """Put ``note`` on the first entry of the case's workflow history (the
    history of a case that starts with no transition)."""
    history = case.workflow_history.get(WORKFLOW) or ()
    if history:
        first = dict(history[0], comments=note)
        case.workflow_history[WORKFLOW] = (first, *history[1:])


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
    tell_copied_units(moved)
    return moved


def tell_copied_units(case):
    """Each unit newly copied in on ``case`` (guide § 4.1.1) is told once
    and the trail says who is copied in; not before the case is forwarded,
    as until then only the central reception sees it."""
    if state_of(case) in ("received", "committee"):
        return
    units = list(dict.fromkeys(getattr(case, "copied_units", None) or ()))
    told = set(getattr(case, "_copied_units_told", ()))
    if set(units) == told:
        return
    case._copied_units_told = tuple(units)
    for code in units:
        if code not in told:
            mail.send(
                mails.COPIED_IN_SUBJECT,
                mails.COPIED_IN_BODY,
                mails.mapping_of(case),
                groups=[faculty_group(code, "notification-unit")],
                exclude=excluded_officers(case),
            )
    audit.record(case, "copied_in", "units copied in: " + (", ".join(units) or "none"))


#: Why a case for the external committee cannot be forwarded yet (SPEC §5).
COMMITTEE_FIRST = (
    "external_committee: this case goes to the external committee first; it "
    "can be forwarded once it has come back (return_from_committee)."
)


def returned_from_committee(case):
    """True once the case has come back from the external committee."""
    history = case.workflow_history.get(WORKFLOW) or ()
    return any(entry.get("action") == "return_from_committee" for entry in history)


def forward_refusal(case):
    """Why ``case`` may not be forwarded now, or None: a case for the
    external committee goes there first and is forwarded after its return
    (SPEC §5, guide § 4.1.1)."""
    if getattr(case, "external_committee", False) and not returned_from_committee(case):
        return COMMITTEE_FIRST
    return None


def forward(case, code=None, comment=""):
    """Forward ``case`` to the faculty with ``code`` (else its
    ``accused_faculty``) and move it there now.

    :raises NotifyError: an unknown faculty or a case not in ``received``.
    """
    if api.content.get_state(case) != "received":
        raise NotifyError("review_state", "only a received case can be forwarded")
    refusal = forward_refusal(case)
    if refusal:
        raise NotifyError("external_committee", refusal.split(": ", 1)[1])
    code = code or case.accused_faculty
    if not isinstance(code, str) or get_faculty(code) is None:
        raise NotifyError("faculty", f"unknown faculty {code!r}")
    case.accused_faculty = code
    api.content.transition(obj=case, transition="forward", comment=comment)
    return deliver(case)


# --- messages --------------------------------------------------------------
# The conversations themselves (who writes where, attachments, who is told)
# are in ``conversations.py``.


def add_message(case, text, author_kind, thread="notifier"):
    """Add a CaseMessage to conversation ``thread`` without asking who
    writes it or telling anyone (the tests' and the add-on's own use;
    people write through ``conversations.post``).

    :raises NotifyError: an empty, oversized or non-text message, or a
        closed case (it takes no new messages, SPEC §3).
    """
    try:
        if conversations.state_of(case) == "closed":
            raise conversations.ConversationError(
                "review_state", "the case is closed and takes no new messages"
            )
        text = conversations.checked_text(text, ())
    except conversations.ConversationError as exc:
        raise NotifyError(exc.field, str(exc).split(": ", 1)[-1]) from None
    return conversations.create_message(case, text, thread, author_kind, ())


def messages_of(case):
    """What the holder of the receipt code reads of the notifier's
    conversation, oldest first (the unit's answers too): text, author
    kind, date and the names of the files (they cannot open them)."""
    result = []
    for message in conversations.notifier_messages(case):
        described = conversations.describe(message, links=False)
        result.append({
            "author_kind": described["author_kind"],
            "text": described["text"],
            "date": described["created"],
            "attachments": described["attachments"],
        })
    return result
