"""What happens around the deviation process's events (SPEC §5, §8): a new
deviation gets its deadline and its mails; a transition checks its
comment, then does what the process asks of it; a new case worker is told.
"""

from ntnu.casemgmt import _
from ntnu.casemgmt.core import deadlines
from ntnu.casemgmt.core.security import roles_changed
from ntnu.casemgmt.core.subscribers import case_added
from ntnu.casemgmt.deviation import mails
from ntnu.casemgmt.deviation.rules import register_as_notification
from ntnu.casemgmt.parts.hearings import close_open_hearings
from plone import api
from Products.CMFCore.WorkflowCore import WorkflowException


#: Transitions whose comment is required, and the field it is stored in.
COMMENT_FIELDS = {
    "reject": "rejection_reason",
    "close": "closing_comment",
}

COMMENT_REQUIRED = (
    "comment: a comment is required for this transition (it is sent to the reporter)."
)


def deviation_added(case, event):
    """Number, receipt time, the default deadline (received + ``DEVIATION_DAYS``);
    then the receipt and the notices of a new deviation."""
    case_added(case, event)
    if getattr(case, "deadline", None) is None:
        case.deadline = deadlines.deviation_deadline(case.received)
    mails.send(mails.REGISTERED, case)


def before_transition(case, event):
    """Refuse a transition whose required comment is missing.

    Raised before the state changes, so nothing is changed; plone.restapi
    answers 400 with the message.
    """
    if event.transition is None:
        return
    field = COMMENT_FIELDS.get(event.transition.id)
    comment = ((event.kwargs or {}).get("comment") or "").strip()
    if field and not comment:
        raise WorkflowException(COMMENT_REQUIRED)


def after_transition(case, event):
    """What follows a transition of a deviation."""
    if event.transition is None:
        return
    transition = event.transition.id
    comment = ((event.kwargs or {}).get("comment") or "").strip()
    handler = {
        "approve": _approved,
        "reject": _rejected,
        "reject_as_notification": _rejected_as_notification,
        "close": _closed,
    }.get(transition)
    if transition in COMMENT_FIELDS:
        setattr(case, COMMENT_FIELDS[transition], comment)
    if handler is not None:
        handler(case, comment)
    case.reindexObject()


def _approved(case, comment):
    if not case.case_worker:
        case.case_worker = api.user.get_current().getId()
    roles_changed(case)
    _tell_case_worker(case, mails.APPROVED)


def case_worker_changed(case, event):
    """A case worker named or changed after approval is told, once (SPEC
    §8); before approval ``approve`` tells them."""
    if api.content.get_state(case) != "in_progress":
        return
    if case.case_worker and case.case_worker != getattr(
        case, "_notified_case_worker", None
    ):
        _tell_case_worker(case, mails.CASE_WORKER_CHANGED)


def _tell_case_worker(case, event):
    case._notified_case_worker = case.case_worker
    mails.send(event, case)


def _rejected(case, comment):
    mails.send(mails.REJECTED, case, reason=comment)


def _rejected_as_notification(case, comment):
    notification = register_as_notification(case)
    reason = comment or api.portal.translate(
        _(
            "The report concerns censurable conditions such as bullying or "
            "harassment. It has been registered as a notification case and will "
            "be handled confidentially by the notification units."
        )
    )
    case.rejection_reason = reason
    mails.send(
        mails.REJECTED_AS_NOTIFICATION,
        case,
        reason=reason,
        notification_number=notification.case_number,
    )


def _closed(case, comment):
    close_open_hearings(case)
    mails.send(mails.CLOSED, case, comment=comment)
