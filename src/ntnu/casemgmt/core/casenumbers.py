"""Case numbers: ``AVVIK-<year>-<5 digits>`` and ``VARSEL-<year>-<5 digits>``.

Each prefix and year has its own persistent counter object. Two transactions
that draw from the same counter at the same time write the same object, so
ZODB raises a ``ConflictError`` for the later commit and the publisher retries
it: numbers are never handed out twice. (``BTrees.Length`` would be wrong
here: it resolves such conflicts by adding the increments, so both
transactions would keep the same number.)
"""

from BTrees.OOBTree import OOBTree
from datetime import date
from persistent import Persistent
from plone import api
from zope.annotation.interfaces import IAnnotations


ANNOTATION_KEY = "ntnu.casemgmt.case_counters"

PREFIXES = {
    "Deviation": "AVVIK",
    "NotificationCase": "VARSEL",
}


class CaseCounter(Persistent):
    """A counter that conflicts, rather than merges, on concurrent use."""

    def __init__(self):
        self.value = 0

    def next(self):
        """Count one up and return the new value."""
        self.value += 1
        return self.value


def _counters(site=None):
    """The site's container of counters, created on first use."""
    annotations = IAnnotations(site if site is not None else api.portal.get())
    counters = annotations.get(ANNOTATION_KEY)
    if counters is None:
        counters = annotations[ANNOTATION_KEY] = OOBTree()
    return counters


def next_case_number(portal_type, year=None, site=None):
    """Draw the next case number for a case of ``portal_type``.

    :param portal_type: ``Deviation`` or ``NotificationCase``.
    :param year: the year of the number; this year when not given.
    :param site: the Plone site; the current one when not given.
    :raises ValueError: for a type that has no case numbers.
    """
    prefix = PREFIXES.get(portal_type)
    if prefix is None:
        raise ValueError(f"{portal_type!r} has no case numbers")
    year = year or date.today().year
    key = f"{prefix}-{year}"
    counters = _counters(site)
    counter = counters.get(key)
    if counter is None:
        counter = counters[key] = CaseCounter()
    return f"{key}-{counter.next():05d}"


def assign_case_number(case):
    """Give ``case`` a case number unless it has one; return the number."""
    if not getattr(case, "case_number", None):
        case.case_number = next_case_number(case.portal_type)
    return case.case_number
