"""One row of a work list, the same for the HTML lists (inbox, My work,
My cases, the central reception's queue) and ``@cases``: read from the
catalog entry alone (no case is woken), the due date and "overdue" by the
rule of ``core.deadlines``.
"""

from datetime import date
from ntnu.casemgmt.core.deadlines import catalog_date
from ntnu.casemgmt.core.deadlines import is_overdue
from ntnu.casemgmt.core.visibility import unguarded
from ntnu.casemgmt.core.vocabularies import SEVERITIES
from ntnu.casemgmt.reporting.catalog import severity_key
from plone import api


class Severities:
    """The severity of a case as far as the current user may read it
    (``NotificationCase.severity``'s read permission), from the catalog's
    ``severity_readers`` index: no case is woken, and the severity is no
    column that @search would show to every viewer of the case."""

    def __init__(self):
        catalog = api.portal.get_tool("portal_catalog")
        self.index = catalog._catalog.indexes.get("severity_readers")
        principals = catalog._listAllowedRolesAndUsers(api.user.get_current())
        #: the keys this user may read, to the severity each stands for
        self.keys = {
            severity_key(term.value, principal): term.value
            for term in SEVERITIES
            for principal in principals
        }

    def of(self, brain):
        """The severity of ``brain``'s case, or None (none set, or not for
        this user)."""
        if self.index is None:  # a catalog not upgraded yet
            return None
        for key in self.index._unindex.get(brain.getRID(), ()):
            if key in self.keys:
                return self.keys[key]
        return None

    def query(self, severity):
        """The catalog query for the cases of ``severity`` this user may
        know the severity of."""
        return sorted(k for k, value in self.keys.items() if value == severity)


#: portal_type -> whether every viewer of such a case may read its title
#: (the read permissions are the schemas', fixed in code)
_TITLE_READABLE = {}


def title_of(brain):
    """The case's title, or None where the type's title field has a read
    permission of its own (the catalog shows the row to every viewer)."""
    readable = _TITLE_READABLE.get(brain.portal_type)
    if readable is None:
        readable = _TITLE_READABLE[brain.portal_type] = unguarded(
            brain.portal_type, "title"
        )
    return brain.Title if readable else None


def row(brain, today=None, severities=None):
    """What a list shows of the case behind ``brain``: ``@id``, ``@type``,
    ``case_number``, ``title``, ``faculty`` and ``category`` (None where the
    case has none, such as a case in the central reception), ``review_state``,
    ``case_worker`` (the deviation's case worker or the notification's
    case officer, read by every viewer of the case), ``received``,
    ``deadline`` (the due date of the state) as dates,
    ``days_left``, ``overdue`` and ``severity`` (None unless ``severities``,
    a ``Severities``, says the user may read it)."""
    today = today or date.today()
    deadline = catalog_date(brain.deadline)
    return {
        "@id": brain.getURL(),
        "@type": brain.portal_type,
        "case_number": brain.case_number,
        "title": title_of(brain),
        # Missing.Value (false) where the catalog has no value
        "faculty": brain.faculty or None,
        "category": brain.category or None,
        "review_state": brain.review_state,
        "case_worker": brain.case_worker or None,
        "received": catalog_date(brain.received),
        "deadline": deadline,
        "days_left": (deadline - today).days if deadline else None,
        "overdue": is_overdue(brain.portal_type, brain.review_state, deadline, today),
        "severity": severities.of(brain) if severities is not None else None,
    }


def as_json(item):
    """``row`` for JSON: dates as ISO strings; ``days_left`` is left to
    the client."""
    result = {key: value for key, value in item.items() if key != "days_left"}
    for key in ("received", "deadline"):
        result[key] = item[key].isoformat() if item[key] else None
    return result
