"""The deviation process's scheduled job: the reminder of a passed deadline."""

from datetime import date
from ntnu.casemgmt.core.deadlines import case_is_overdue
from ntnu.casemgmt.core.deadlines import OPEN_STATES
from ntnu.casemgmt.deviation import mails
from plone import api


def overdue_reminders(today=None):
    """Mail the case worker and the reception once about each deviation
    that passed its deadline without being closed (SPEC §8): a preliminary
    reply is due (Forvaltningsloven § 11a)."""
    today = today or date.today()
    catalog = api.portal.get_tool("portal_catalog")
    reminded = []
    brains = catalog.unrestrictedSearchResults(
        portal_type="Deviation",
        review_state=list(OPEN_STATES["Deviation"]),
        deadline={"query": today, "range": "max"},
    )
    for brain in brains:
        case = brain._unrestrictedGetObject()
        if not case_is_overdue(case, today):
            continue
        if getattr(case, "_overdue_reminded", None) == case.deadline:
            continue  # already told about this deadline
        mails.send(mails.OVERDUE, case)
        # Remembered per deadline: a new deadline that passes is told again.
        case._overdue_reminded = case.deadline
        reminded.append(case.case_number)
    return reminded
