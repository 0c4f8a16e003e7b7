"""The staff's case list (SPEC §7 ``@cases``): one reading of the query
parameters and one catalog query for ``@cases``, the ``@@case-list`` page
and its CSV download. The rows are ``worklists.row``.

What the list may tell is what the catalog shows the user (View), and the
text search looks only at ``SearchableText`` of a case, which holds the
fields every viewer of the case may read (``catalog.SearchableText``): it
can be no oracle for a field the user may not read.
"""

from datetime import date
from datetime import timedelta
from ntnu.casemgmt.core.deadlines import OPEN_ANY
from ntnu.casemgmt.core.roles import CENTRAL_RECEPTION_GROUP
from ntnu.casemgmt.core.roles import FACULTY_GROUP_ROLES
from ntnu.casemgmt.core.vocabularies import DEVIATION_CATEGORIES
from ntnu.casemgmt.core.vocabularies import NOTIFICATION_CATEGORIES
from ntnu.casemgmt.core.vocabularies import SEVERITIES
from ntnu.casemgmt.reporting.statistics import check_faculty
from ntnu.casemgmt.reporting.statistics import QueryError
from plone import api
from plone.base.utils import munge_search_term
from Products.ZCTextIndex.ParseTree import ParseError

import csv
import io
import re


TYPES = ("Deviation", "NotificationCase")
STATES = sorted(set(OPEN_ANY) | {"closed", "rejected"})
SEVERITY_VALUES = tuple(term.value for term in SEVERITIES)
CATEGORIES = tuple(
    dict.fromkeys(
        [term.value for term in DEVIATION_CATEGORIES]
        + [term.value for term in NOTIFICATION_CATEGORIES]
    )
)
SORT_ON = ("deadline", "received", "case_number")
SORT_ORDER = {"ascending": False, "descending": True, "reverse": True}
BOOLEAN = {
    "true": True,
    "1": True,
    "yes": True,
    "false": False,
    "0": False,
    "no": False,
}
#: the longest text search (a case number or a few words)
Q_LENGTH = 200
#: a user id as the add-on's users have them
USER_ID = re.compile(r"[\w.@+-]{1,100}")

#: The roles of the staff whose list this is (SPEC §9): their groups, and
#: the site-wide roles that see every faculty.
STAFF_GROUP_SUFFIXES = tuple(f"-{suffix}" for suffix in FACULTY_GROUP_ROLES)
STAFF_SITE_ROLES = ("Manager", "Site Administrator")


def is_staff(user=None):
    """Whether ``user`` (default: the current user) is one for whom the
    case list is made: a faculty's deviation reception, line manager or
    notification unit, the central reception, or Manager."""
    user = user or api.user.get_current()
    if user is None or api.user.is_anonymous():
        return False
    if set(STAFF_SITE_ROLES) & set(user.getRoles()):
        return True
    groups = user.getGroups() or ()
    return any(
        group == CENTRAL_RECEPTION_GROUP or group.endswith(STAFF_GROUP_SUFFIXES)
        for group in groups
    )


def flag(name, value):
    """The boolean a parameter's text stands for.

    :param name: the parameter, named in the error
    :param value: its text
    :raises QueryError: neither true nor false.
    """
    if str(value).lower() not in BOOLEAN:
        raise QueryError(f"{name}: true or false.")
    return BOOLEAN[str(value).lower()]


def _one(form, name):
    """The text of parameter ``name``, or None when not given.

    :raises QueryError: given more than once.
    """
    value = form.get(name)
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise QueryError(f"{name}: give it once.")
    return value


def _choice(form, name, allowed):
    value = _one(form, name)
    if value is not None and value not in allowed:
        raise QueryError(f"{name}: one of {', '.join(allowed)}.")
    return value


def text_query(value):
    """The ``SearchableText`` query for the words of ``q``: every word,
    each as a prefix (as Plone's search page), or None for no words.

    :raises QueryError: too long.
    """
    if value is None:
        return None
    if len(value) > Q_LENGTH:
        raise QueryError(f"q: at most {Q_LENGTH} characters.")
    return munge_search_term(value) or None


def _check_batch(form):
    """:raises QueryError: ``b_start`` or ``b_size`` is no whole number."""
    for name in ("b_start", "b_size"):
        value = _one(form, name)
        if value is not None and not value.isdigit():
            raise QueryError(f"{name}: a whole number.")


class CaseQuery:
    """The catalog query and flags of one request to the list.

    :param form: the request's parameters
    :param severities: a ``worklists.Severities`` of the current user
    :param path: restrict to the cases below this path (a faculty, the
        central reception), or None
    :raises QueryError: a parameter with a value it cannot have (the
        message names it)
    """

    def __init__(self, form, severities, path=None):
        query = {"portal_type": list(TYPES)}
        query.update(self._filters(form, severities))
        self.flags = {
            name: flag(name, form.get(name))
            for name in ("overdue", "mine")
            if _one(form, name) is not None
        }
        worker = self._case_worker(form)
        if worker is not None:
            # a deviation's case worker, a notification's case officer
            query["case_worker"] = worker
        text = text_query(_one(form, "q"))
        if text:
            query["SearchableText"] = text
        query.update(self._sorting(form))
        _check_batch(form)
        if path:
            query["path"] = path
        self.query = query

    @staticmethod
    def _filters(form, severities):
        """The catalog query of the value filters."""
        query = {}
        for name, allowed in (
            ("portal_type", TYPES),
            ("review_state", STATES),
            ("category", CATEGORIES),
        ):
            value = _choice(form, name, allowed)
            if value is not None:
                query[name] = value
        severity = _choice(form, "severity", SEVERITY_VALUES)
        if severity is not None:
            # a case whose severity the user may not read matches no
            # severity: the filter tells nothing about it
            query["severity_readers"] = severities.query(severity)
        faculty = check_faculty(_one(form, "faculty"))
        if faculty:
            query["faculty"] = faculty
        return query

    def _case_worker(self, form):
        """The user id asked for by ``case_worker`` or ``mine``, or None."""
        worker = _one(form, "case_worker")
        if worker is not None and not USER_ID.fullmatch(worker):
            raise QueryError("case_worker: a user id.")
        if self.flags.get("mine"):
            if worker is not None:
                raise QueryError("case_worker: not together with mine.")
            worker = api.user.get_current().getId()
        return worker

    @staticmethod
    def _sorting(form):
        query = {"sort_on": _choice(form, "sort_on", SORT_ON) or "deadline"}
        order = _choice(form, "sort_order", tuple(SORT_ORDER))
        if order and SORT_ORDER[order]:
            query["sort_order"] = "descending"
        return query

    def overdue_query(self, query=None):
        """The query narrowed to the open cases due before today: the
        catalog's side of the ``overdue`` flag each row shows."""
        query = query or self.query
        wanted = query.get("review_state")
        return dict(
            query,
            review_state=[s for s in OPEN_ANY if not wanted or s == wanted],
            deadline={"query": date.today() - timedelta(days=1), "range": "max"},
        )

    def find(self, sort_limit=None):
        """The matching cases the user may see, sorted (lazy brains).

        :param sort_limit: sort only as far as this (the page shown)
        :raises QueryError: the text search cannot be read.
        """
        query = dict(self.query)
        if sort_limit:
            query["sort_limit"] = sort_limit
        try:
            if "overdue" not in self.flags:
                return api.content.find(**query)
            if self.flags["overdue"]:
                return api.content.find(**self.overdue_query(query))
            # the complement in the catalog too: every case of the query but
            # the overdue ones (few), so the list stays lazy and sorted
            overdue_query = self.overdue_query(query)
            overdue_query.pop("sort_limit", None)
            overdue = [brain.UID for brain in api.content.find(**overdue_query)]
            if overdue:
                query["UID"] = {"not": overdue}
            return api.content.find(**query)
        except ParseError:
            raise QueryError("q: words to search for.") from None


def total(brains):
    """How many cases a result has on all pages (past ``sort_limit``)."""
    return getattr(brains, "actual_result_count", None) or len(brains)


#: The CSV's columns: (key of the row, heading).
CSV_COLUMNS = (
    ("case_number", "case_number"),
    ("title", "title"),
    ("@type", "type"),
    ("faculty", "faculty"),
    ("review_state", "state"),
    ("category", "category"),
    ("severity", "severity"),
    ("case_worker", "case_worker"),
    ("received", "received"),
    ("deadline", "deadline"),
    ("overdue", "overdue"),
)

#: what a spreadsheet reads as a formula at the start of a cell
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value):
    """A CSV cell of ``value``: dates as ISO, booleans as true/false, empty
    for none, and text that a spreadsheet would take for a formula
    prefixed with ``'`` (OWASP's advice on CSV injection)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


def as_csv(rows):
    """The rows (``worklists.row``) as CSV text, with a header line."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([heading for _key, heading in CSV_COLUMNS])
    for row in rows:
        writer.writerow([cell(row.get(key)) for key, _heading in CSV_COLUMNS])
    return out.getvalue()
