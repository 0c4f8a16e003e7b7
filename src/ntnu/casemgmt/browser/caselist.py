"""``@@case-list``: the staff's list of all the cases they may see, with
text search, filters, sorting, paging and a CSV download (issue 17). The
query is ``reporting.caselist`` (as ``@cases``), the rows
``reporting.worklists.row``."""

from datetime import date
from ntnu.casemgmt import _
from ntnu.casemgmt.browser.listings import CaseListing
from ntnu.casemgmt.core.people import fullname
from ntnu.casemgmt.core.roles import CENTRAL_RECEPTION_GROUP
from ntnu.casemgmt.core.vocabularies import DEVIATION_CATEGORIES
from ntnu.casemgmt.core.vocabularies import NOTIFICATION_CATEGORIES
from ntnu.casemgmt.core.vocabularies import SEVERITIES
from ntnu.casemgmt.reporting import caselist
from ntnu.casemgmt.reporting import worklists
from ntnu.casemgmt.reporting.statistics import QueryError
from plone import api
from plone.memoize.view import memoize
from urllib.parse import urlencode
from zExceptions import Forbidden
from zope.i18n import translate

import json


#: the parameters the page keeps from one request to the next
PARAMETERS = (
    "q",
    "review_state",
    "category",
    "severity",
    "case_worker",
    "overdue",
    "portal_type",
    "sort_on",
    "sort_order",
    "b_size",
)
#: rows per page at most on the HTML page
MAX_PAGE = 100


def case_list_url(context):
    """The case list of ``context`` (a faculty, the central reception or
    the site) for the current user, or None when it is not for them."""
    if not caselist.is_staff():
        return None
    return f"{context.absolute_url()}/@@case-list"


class CaseListView(CaseListing):
    """All cases of the faculty (or the central reception, or the site)
    that the user may see; for staff only (students have My cases)."""

    title = _("Cases")
    description = _(
        "All the cases you may see: search by case number or words of the "
        "title or text, filter, sort and download as CSV."
    )
    empty = _("No cases match.")

    def __call__(self):
        if api.user.is_anonymous():
            return super().__call__()  # asks them to log in
        if not caselist.is_staff():
            raise Forbidden("The case list is for staff.")
        self.problem = None
        try:
            self.cases = caselist.CaseQuery(
                self.request.form, self.severities(), self.path()
            )
            if self.request.form.get("format") == "csv":
                return self.csv()
            self.brains()  # a bad text search shows here
        except QueryError as exc:
            self.problem = str(exc)
            self.request.response.setStatus(400)
        return super().__call__()

    def path(self):
        """The place whose cases are listed; None for the whole site."""
        if self.context.portal_type in ("Faculty", "CentralReception"):
            return "/".join(self.context.getPhysicalPath())
        return None

    @memoize
    def severities(self):
        return worklists.Severities()

    @property
    def size(self):
        value = self.request.form.get("b_size", "")
        if str(value).isdigit() and 0 < int(value) <= MAX_PAGE:
            return int(value)
        return 20

    @memoize
    def brains(self):
        if self.problem:
            return []
        return self.cases.find(sort_limit=self.start() + self.size)

    def total(self):
        return caselist.total(self.brains())

    def asked(self, **changes):
        """The parameters of this request (``PARAMETERS``) with ``changes``
        (None removes one)."""
        form = self.request.form
        params = {name: form[name] for name in PARAMETERS if form.get(name)}
        params.update(changes)
        return {k: v for k, v in params.items() if v not in (None, "")}

    def url(self, **changes):
        query = urlencode(self.asked(**changes))
        return f"{self.context.absolute_url()}/@@case-list" + (
            f"?{query}" if query else ""
        )

    def pages(self):
        total = self.total()
        start = self.start()
        return {
            "total": total,
            "previous": self.url(b_start=max(0, start - self.size))
            if start > 0
            else None,
            "next": self.url(b_start=start + self.size)
            if start + self.size < total
            else None,
        }

    def csv_url(self):
        return self.url(format="csv", b_start=None, b_size=None)

    def sort_link(self, name):
        """The column's link (the other order when it is the sort now) and
        its ``aria-sort``."""
        form = self.request.form
        current = form.get("sort_on") or "deadline"
        descending = form.get("sort_order") in ("descending", "reverse")
        if current != name:
            return {"url": self.url(sort_on=name, sort_order=None, b_start=None)}
        return {
            "url": self.url(
                sort_on=name,
                sort_order=None if descending else "descending",
                b_start=None,
            ),
            "aria": "descending" if descending else "ascending",
        }

    def add_details(self, brain, row):
        worker = row["case_worker"]
        row["case_worker_name"] = self._names.setdefault(worker, fullname(worker))
        vocabulary = (
            DEVIATION_CATEGORIES
            if row["@type"] == "Deviation"
            else NOTIFICATION_CATEGORIES
        )
        category = row["category"]
        row["category_title"] = (
            translate(vocabulary.getTerm(category).title, context=self.request)
            if category in vocabulary
            else category or ""
        )

    def rows(self, today=None):
        self._names = {None: ""}
        return super().rows(today)

    # --- the form -------------------------------------------------------

    def value(self, name):
        value = self.request.form.get(name, "")
        return value if isinstance(value, str) else ""

    def worker_picker(self):
        """The pattern options of the case worker filter: Plone's person
        picker (``pat-select2`` over ``ntnu.casemgmt.People``, as in the
        forms), the chosen person shown by name. Without JavaScript it is a
        text input for a user id."""
        root = api.portal.get_navigation_root(api.portal.get()).absolute_url()
        options = {
            "vocabularyUrl": f"{root}/@@getVocabulary?name=ntnu.casemgmt.People",
            "maximumSelectionSize": 1,
            "minimumInputLength": 2,
            "allowNewItems": "false",
            "separator": ";",
        }
        worker = self.value("case_worker")
        if worker:
            options["initialValues"] = {worker: fullname(worker)}
        return json.dumps(options)

    def states(self):
        """``[{"value", "title"}]`` of the states to filter by."""
        workflow = api.portal.get_tool("portal_workflow")
        result = []
        for state in caselist.STATES:
            titles = []
            for portal_type in caselist.TYPES:
                title = workflow.getTitleForStateOnType(state, portal_type)
                if title and title != state and title not in titles:
                    titles.append(title)
            title = " / ".join(
                translate(t, domain="plone", context=self.request) for t in titles
            )
            result.append({"value": state, "title": title or state})
        return result

    def categories(self):
        """``[{"label", "options"}]``: the categories per process."""
        return [
            {
                "label": label,
                "options": [
                    {
                        "value": term.value,
                        "title": translate(term.title, context=self.request),
                    }
                    for term in vocabulary
                ],
            }
            for label, vocabulary in (
                (_("Deviation"), DEVIATION_CATEGORIES),
                (_("Notification case"), NOTIFICATION_CATEGORIES),
            )
        ]

    def reads_severity(self):
        """Whether the severity filter is offered: to those who handle
        notification cases (the filter itself only ever finds cases whose
        severity the user may read)."""
        user = api.user.get_current()
        if set(caselist.STAFF_SITE_ROLES) & set(user.getRoles()):
            return True
        return any(
            g == CENTRAL_RECEPTION_GROUP or g.endswith("-notification-unit")
            for g in user.getGroups() or ()
        )

    def severity_options(self):
        return [
            {"value": t.value, "title": translate(t.title, context=self.request)}
            for t in SEVERITIES
        ]

    # --- CSV ------------------------------------------------------------

    def csv(self):
        """Every row of the query (no paging) as a CSV download."""
        today = date.today()
        severities = self.severities()
        rows = (worklists.row(b, today, severities) for b in self.cases.find())
        body = caselist.as_csv(rows)
        response = self.request.response
        response.setHeader("Content-Type", "text/csv; charset=utf-8")
        response.setHeader(
            "Content-Disposition", f'attachment; filename="cases-{today}.csv"'
        )
        return body.encode("utf-8")
