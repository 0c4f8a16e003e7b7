"""What happens around the notification process's events (SPEC §5, §8): a
new case gets its forward deadline; a transition checks what it needs,
then does what the process asks of it (a forward moves the case, an
acknowledgement drafts the receipt confirmation and sets the deadline, a
closing tells the parties and the notifier).
"""

from datetime import date
from ntnu.casemgmt.core import deadlines
from ntnu.casemgmt.core import mail
from ntnu.casemgmt.core.places import faculty_of
from ntnu.casemgmt.core.places import get_faculty
from ntnu.casemgmt.core.security import as_system
from ntnu.casemgmt.core.security import roles_changed
from ntnu.casemgmt.core.subscribers import case_added
from ntnu.casemgmt.notification import audit
from ntnu.casemgmt.notification import mails
from ntnu.casemgmt.notification.rules import deliver
from ntnu.casemgmt.notification.rules import forward_refusal
from ntnu.casemgmt.notification.rules import tell_copied_units
from ntnu.casemgmt.parts.hearings import close_open_hearings
from ntnu.casemgmt.parts.letters import NOTIFIER
from plone import api
from Products.CMFCore.WorkflowCore import WorkflowException

import transaction


COMMENT_REQUIRED = (
    "comment: a comment is required to close the case (it is the outcome told "
    "to the parties)."
)
COMMITTEE_COMMENT_REQUIRED = (
    "comment: a comment is required: the conclusion of the external committee."
)

#: Transitions whose comment is required (SPEC §5), and why.
REQUIRED_COMMENTS = {
    "close": COMMENT_REQUIRED,
    "return_from_committee": COMMITTEE_COMMENT_REQUIRED,
    "escalate": "comment: a comment is required: what the Appeals Committee "
    "is asked to decide (expulsion or exclusion) and why.",
    "conclude": "comment: a comment is required: the Appeals Committee's decision.",
}

#: The registry record of the suitability body's address (SPEC §5).
SUITABILITY_RECORD = "ntnu.casemgmt.suitability_email"


def notification_added(case, event):
    """Number, receipt time; the central reception has five working days
    to forward; the named notifier gets a receipt."""
    case_added(case, event)
    if getattr(case, "forward_deadline", None) is None:
        case.forward_deadline = deadlines.forward_deadline(case.received)
    # The notifier is recorded after the case is added (``set_notifier``,
    # by every way a case is made): the receipt goes when the request ends.
    transaction.get().addBeforeCommitHook(_receipt_hook, args=(case.UID(),))


def _receipt_hook(uid):
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(UID=uid)
    if brains:
        send_receipt(brains[0]._unrestrictedGetObject())


def send_receipt(case):
    """The named notifier's receipt (SPEC §8, online or registered): case
    number and link, once; none for an anonymous notifier, nor for a
    deviation re-registered as a notification (its reporter is told so by
    the rejection)."""
    if getattr(case, "_receipt_sent", False) or getattr(case, "deviation_case", None):
        return
    case._receipt_sent = True
    mails.send(mails.NOTIFIER_RECEIPT, case)


def responsible_manager_changed(case, event):
    """A responsible manager named or changed is told, once per change."""
    manager = case.responsible_manager
    if manager and manager != getattr(case, "_notified_manager", None):
        case._notified_manager = manager
        mails.send(mails.MANAGER_NAMED, case)


def suitability_doubt_raised(case, event):
    """Doubt of suitability ticked: the suitability body is told the case
    number and the faculty, once per case, and the trail says so (also
    when no address is configured and nobody could be told)."""
    if not getattr(case, "suitability_doubt", False) or getattr(
        case, "_suitability_told", False
    ):
        return
    case._suitability_told = True
    address = (
        api.portal.get_registry_record(SUITABILITY_RECORD, default="") or ""
    ).strip()
    faculty = faculty_of(case)
    sent = []
    if address:
        sent = mail.send(
            mails.SUITABILITY_SUBJECT,
            mails.SUITABILITY_BODY,
            {
                "case_number": case.case_number,
                "faculty": faculty.title if faculty is not None else "",
            },
            addresses=[address],
        )
    audit.record(
        case,
        "suitability",
        f"doubt of suitability: the suitability body was told ({', '.join(sent)})"
        if sent
        else "doubt of suitability: no address of the suitability body is "
        f"configured ({SUITABILITY_RECORD}), nobody was told",
    )


def excluded_officers_changed(case, event):
    """Who is excluded changed: the trail says who (the security of this
    case and its parts, never more, is reindexed by
    ``core.subscribers.case_modified`` on every change of the case)."""
    excluded = sorted(set(case.excluded_officers or ()))
    if excluded == sorted(getattr(case, "_excluded_indexed", ())):
        return
    case._excluded_indexed = tuple(excluded)
    audit.record(
        case,
        "exclusion",
        "excluded officers: " + (", ".join(excluded) if excluded else "none"),
    )


def copied_units_changed(case, event):
    """A unit newly copied in is told (``rules.tell_copied_units``)."""
    tell_copied_units(case)


def before_transition(case, event):
    """Refuse what the rules do not allow, before anything changes."""
    if event.transition is None:
        return
    transition = event.transition.id
    comment = ((event.kwargs or {}).get("comment") or "").strip()
    if transition in REQUIRED_COMMENTS and not comment:
        raise WorkflowException(REQUIRED_COMMENTS[transition])
    if transition == "forward":
        refusal = forward_refusal(case)
        if refusal:
            raise WorkflowException(refusal)
        code = case.accused_faculty
        if not code or get_faculty(code) is None:
            raise WorkflowException(
                "accused_faculty: name the faculty of the accused student before "
                "forwarding."
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
    elif transition == "refer_to_committee":
        mails.send(mails.REFERRED_TO_COMMITTEE, case)
    elif transition == "return_from_committee":
        # Five working days to forward, counted from the return (SPEC §3).
        case.forward_deadline = deadlines.forward_deadline(date.today())
        mails.send(mails.RETURNED_FROM_COMMITTEE, case)
    elif transition in ("escalate", "conclude"):
        mails.send(
            mails.ESCALATED if transition == "escalate" else mails.CONCLUDED, case
        )
        # The Education Quality Division's role follows the state
        # (core/roles.py): this case's subtree, never more.
        roles_changed(case)
    elif transition == "acknowledge":
        _acknowledged(case)
    elif transition == "close":
        _closed(case, comment)
    case.reindexObject()


def _deliver_hook(uid):
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(UID=uid)
    if brains:
        deliver(brains[0]._unrestrictedGetObject())


def _acknowledged(case):
    """The faculty confirms receipt: a receipt confirmation letter (draft)
    naming the case officer, due within a week of the forward."""
    if not case.case_officer:
        case.case_officer = api.user.get_current().getId()
    if not case.deadline:  # unless the unit set one already
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
    if not case.outcome:
        case.outcome = comment
    close_open_hearings(case)
    mails.send(mails.CLOSED, case, outcome=case.outcome or comment)
