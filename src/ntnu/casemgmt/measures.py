"""Measures (tiltak): the responsible person is told when given one."""

from Acquisition import aq_parent
from ntnu.casemgmt import _
from ntnu.casemgmt import mails
from ntnu.casemgmt.localroles import roles_changed
from plone import api


def _mail_responsible(measure):
    case = aq_parent(measure)
    mails.send(
        _("Measure assigned to you: ${measure}"),
        _(
            "mail_measure_assigned",
            default="You are responsible for the measure \"${measure}\" in case "
            "${case_number}, due ${due_date}.\n\n${description}\n\n${url}",
        ),
        {
            "measure": measure.title,
            "case_number": getattr(case, "case_number", "") or "",
            "due_date": measure.due_date.isoformat() if measure.due_date else "-",
            "description": measure.description or "",
            "url": f"{api.portal.get().absolute_url()}/resolveuid/{measure.UID()}",
        },
        user_ids=[measure.responsible],
    )


def measure_added(measure, event):
    """A new measure with a responsible person: mail them."""
    measure._notified_responsible = measure.responsible
    if measure.responsible:
        _mail_responsible(measure)


def measure_modified(measure, event):
    """A new responsible person: mail them, and update who may see it."""
    if measure.responsible != getattr(measure, "_notified_responsible", None):
        measure._notified_responsible = measure.responsible
        roles_changed(measure)
        if measure.responsible:
            _mail_responsible(measure)
