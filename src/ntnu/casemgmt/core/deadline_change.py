"""Changing a case's deadline: its own action, with a reason, recorded in
the case's history (the form ``@@change-deadline`` and ``POST @deadline``
both come here).

The deadline is no field of the edit form: whoever may modify the case
changes it here, while the case is in a state whose due date it is
(``core.deadlines.DUE_FIELD``), never to a day in the past or before the
case was received.
"""

from DateTime import DateTime
from datetime import date
from ntnu.casemgmt.core import dates
from ntnu.casemgmt.core import deadlines
from ntnu.casemgmt.core.validation import TEXT_LENGTH
from plone import api


#: The action of the history entry (the workflow history's ``action``).
ACTION = "change_deadline"

#: The states in which a case's ``deadline`` field is its due date.
STATES = {
    portal_type: tuple(state for state, name in by_state.items() if name == "deadline")
    for portal_type, by_state in deadlines.DUE_FIELD.items()
}


class DeadlineError(ValueError):
    """The change is refused; ``field`` names what is wrong."""

    def __init__(self, field, message):
        super().__init__(message)
        self.field = field


def changeable(case):
    """Is the deadline of ``case`` one the current user may change now?"""
    state = api.content.get_state(case)
    return state in STATES.get(case.portal_type, ()) and api.user.has_permission(
        "Modify portal content", obj=case
    )


def refusal(case, new, reason):
    """Why ``new`` with ``reason`` is no deadline for ``case``, as a
    ``DeadlineError``, or None.

    :param new: a ``date``.
    :param reason: the text the history keeps.
    """
    if not isinstance(new, date):
        return DeadlineError("deadline", "expected a date as YYYY-MM-DD")
    if new < date.today():
        return DeadlineError("deadline", "the new deadline is in the past")
    received = case.received.date() if case.received else None
    if received is not None and new < received:
        return DeadlineError(
            "deadline", "the new deadline is before the case was received"
        )
    if not isinstance(reason, str) or not reason.strip():
        return DeadlineError("reason", "say why the deadline changes")
    if len(reason) > TEXT_LENGTH:
        return DeadlineError("reason", "the reason is too long")
    return None


def change_deadline(case, new, reason):
    """Set the deadline of ``case`` to ``new``, record it in the case's
    workflow history (and a notification case's audit trail) and reindex.

    :param case: a Deviation or NotificationCase the caller checked with
        ``changeable``.
    :param new: the new deadline, a ``date``.
    :param reason: why (required; kept in the history).
    :returns: the old deadline (a date or None).
    :raises DeadlineError: ``refusal`` of the values.
    """
    problem = refusal(case, new, reason)
    if problem is not None:
        raise problem
    old = case.deadline
    case.deadline = new
    _record(case, old, new, reason.strip())
    case.reindexObject(idxs=["deadline", "modified"])
    if case.portal_type == "NotificationCase":
        from ntnu.casemgmt.notification import audit

        audit.record(case, ACTION, f"{_iso(old)} -> {new.isoformat()}")
    return old


def _iso(value):
    return value.isoformat() if value else "-"


def written_comment(entry, language):
    """The comment of a history ``entry`` as a reader of ``language``
    reads it: of a deadline change, its two dates written by
    ``core.dates`` (the history keeps them ISO); any other as it is.

    :param entry: an entry of the case's workflow history
    :param language: the reader's language code
    """
    comments = entry.get("comments", "") or ""
    old, new = entry.get("old_deadline"), entry.get("new_deadline")
    prefix = f"{old} → {new}: "
    if entry.get("action") != ACTION or not new or not comments.startswith(prefix):
        return comments
    old = "-" if old == "-" else dates.format_date(old, language)
    new = dates.format_date(new, language)
    return f"{old} → {new}: {comments[len(prefix) :]}"


def _record(case, old, new, reason):
    """An entry of the case's workflow history in the same state, as a
    transition's looks, with the two dates beside the reason."""
    workflow_tool = api.portal.get_tool("portal_workflow")
    (workflow,) = workflow_tool.getWorkflowsFor(case)
    status = dict(workflow_tool.getStatusOf(workflow.getId(), case))
    status.update(
        action=ACTION,
        actor=api.user.get_current().getId(),
        comments=f"{_iso(old)} → {new.isoformat()}: {reason}",
        time=DateTime(),
        old_deadline=_iso(old),
        new_deadline=new.isoformat(),
    )
    workflow_tool.setStatusOf(workflow.getId(), case, status)
