"""Measures (tiltak): the responsible person is told when given one."""

from Acquisition import aq_parent
from datetime import date
from ntnu.casemgmt.core.jobs import mark_sent
from ntnu.casemgmt.core.jobs import was_sent
from ntnu.casemgmt.core.security import roles_changed
from ntnu.casemgmt.parts import mails
from plone import api


def measure_added(measure, event):
    """A new measure with a responsible person: mail them."""
    measure._notified_responsible = measure.responsible
    if measure.responsible:
        mails.measure_assigned(measure)


def measure_modified(measure, event):
    """A new responsible person: mail them, and update who may see it."""
    if measure.responsible != getattr(measure, "_notified_responsible", None):
        measure._notified_responsible = measure.responsible
        roles_changed(measure)
        if measure.responsible:
            mails.measure_assigned(measure)


#: States of a measure that is still to be done.
OPEN_MEASURE_STATES = ("planned", "in_progress")


def overdue_measure_reminders(today=None):
    """Remind the responsible and the case worker / case officer once about
    each measure whose due date passed before it was completed or
    cancelled (SPEC §8), in both processes; a changed due date that passes
    is reminded again. Returns ``[{case_number, reminder, deadline}]``."""
    today = today or date.today()
    catalog = api.portal.get_tool("portal_catalog")
    done = []
    for brain in catalog.unrestrictedSearchResults(
        portal_type="Measure", review_state=list(OPEN_MEASURE_STATES)
    ):
        measure = brain._unrestrictedGetObject()
        due = measure.due_date
        if not due or due >= today or was_sent(measure, "measure_overdue", due):
            continue
        mails.measure_overdue(measure)
        mark_sent(measure, "measure_overdue", due)
        done.append({
            "case_number": getattr(aq_parent(measure), "case_number", "") or "",
            "reminder": "measure_overdue",
            "deadline": due.isoformat(),
        })
    return done
