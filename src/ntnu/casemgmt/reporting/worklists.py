"""One row of a work list, the same for the HTML lists (inbox, My work,
My cases, the central reception's queue) and ``@cases``: read from the
catalog entry alone (no case is woken), the due date and "overdue" by the
rule of ``core.deadlines``.
"""

from datetime import date
from ntnu.casemgmt.core.deadlines import catalog_date
from ntnu.casemgmt.core.deadlines import is_overdue


def row(brain, today=None):
    """What a list shows of the case behind ``brain``: ``@id``, ``@type``,
    ``case_number``, ``title``, ``faculty`` and ``category`` (None where the
    case has none, such as a case in the central reception), ``review_state``,
    ``received``, ``deadline`` (the due date of the state) as dates,
    ``days_left`` and ``overdue``."""
    today = today or date.today()
    deadline = catalog_date(brain.deadline)
    return {
        "@id": brain.getURL(),
        "@type": brain.portal_type,
        "case_number": brain.case_number,
        "title": brain.Title,
        # Missing.Value (false) where the catalog has no value
        "faculty": brain.faculty or None,
        "category": brain.category or None,
        "review_state": brain.review_state,
        "received": catalog_date(brain.received),
        "deadline": deadline,
        "days_left": (deadline - today).days if deadline else None,
        "overdue": is_overdue(brain.portal_type, brain.review_state, deadline, today),
    }


def as_json(item):
    """``row`` for JSON: dates as ISO strings; ``days_left`` is left to
    the client."""
    result = {key: value for key, value in item.items() if key != "days_left"}
    for key in ("received", "deadline"):
        result[key] = item[key].isoformat() if item[key] else None
    return result
