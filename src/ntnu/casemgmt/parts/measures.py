"""Measures (tiltak): the responsible person is told when given one."""

from ntnu.casemgmt.core.security import roles_changed
from ntnu.casemgmt.parts import mails


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
