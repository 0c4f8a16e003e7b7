"""The notification process's scheduled job: the reminders of SPEC §8.

By the state of a case and its due date (``core.deadlines``, SPEC §3): the
central reception is reminded of the forward deadline one working day
before and when it has passed; the unit of a confirmation deadline passed
without ``acknowledge``; the case officer and the unit of a passed
``deadline``. Each reminder goes once per deadline: what was sent is
remembered on the case, keyed by the deadline's date, so a changed
deadline is reminded again.
"""

from datetime import date
from ntnu.casemgmt.core import deadlines
from ntnu.casemgmt.core.jobs import mark_sent
from ntnu.casemgmt.core.jobs import was_sent
from ntnu.casemgmt.notification import mails
from plone import api


def reminder_of(state, due, today):
    """Which reminder a notification case in ``state``, due ``due``, is owed
    on ``today``, or None."""
    if due is None:
        return None
    if state == "received":
        if due < today:
            return "forward_deadline_passed"
        # From the working day before (a job missed that day catches up).
        if due <= deadlines.add_working_days(today, 1):
            return "forward_deadline_near"
        return None
    if due >= today:
        return None
    return "confirmation_deadline_passed" if state == "forwarded" else "deadline_passed"


#: The mail of each reminder.
EVENTS = {
    "forward_deadline_near": mails.FORWARD_DEADLINE_NEAR,
    "forward_deadline_passed": mails.FORWARD_DEADLINE_PASSED,
    "confirmation_deadline_passed": mails.CONFIRMATION_DEADLINE_PASSED,
    "deadline_passed": mails.DEADLINE_PASSED,
}


def notification_reminders(today=None):
    """Send every reminder that open notification cases are owed on
    ``today``, once each; return ``[{case_number, reminder, deadline}]``."""
    today = today or date.today()
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(
        portal_type="NotificationCase",
        review_state=list(deadlines.OPEN_STATES["NotificationCase"]),
        # the catalog's deadline is the due date by state (SPEC §3)
        deadline={"query": deadlines.add_working_days(today, 1), "range": "max"},
    )
    done = []
    for brain in brains:
        case = brain._unrestrictedGetObject()
        state = api.content.get_state(case, default=None)
        due = deadlines.due_date(case, state)
        kind = reminder_of(state, due, today)
        if kind is None or was_sent(case, kind, due):
            continue
        mails.send(EVENTS[kind], case)
        mark_sent(case, kind, due)
        done.append({
            "case_number": case.case_number,
            "reminder": kind,
            "deadline": due.isoformat(),
        })
    return done
