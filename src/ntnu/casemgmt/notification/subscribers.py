"""What happens around the notification process's events (SPEC §5, §8): a
new case gets its forward deadline; a transition checks what it needs,
then does what the process asks of it (a forward moves the case, an
acknowledgement drafts the receipt confirmation and sets the deadline, a
closing tells the parties and the notifier).
"""

from datetime import date
from ntnu.casemgmt.core import deadlines
from ntnu.casemgmt.core.places import get_faculty
from ntnu.casemgmt.core.security import as_system
from ntnu.casemgmt.core.subscribers import case_added
from ntnu.casemgmt.notification import mails
from ntnu.casemgmt.notification.rules import deliver
from ntnu.casemgmt.parts.letters import NOTIFIER
from plone import api
from Products.CMFCore.WorkflowCore import WorkflowException

import transaction


COMMENT_REQUIRED = (
    "comment: a comment is required to close the case (it is the outcome told "
    "to the parties)."
)


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
    mails.send(mails.CLOSED, case, outcome=case.outcome or comment)
