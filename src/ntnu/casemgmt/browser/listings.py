"""Work lists: the reception's inbox, My work, My cases."""

from datetime import date
from ntnu.casemgmt import _
from ntnu.casemgmt.browser.dates import Dates
from ntnu.casemgmt.core.deadlines import OPEN_ANY
from ntnu.casemgmt.core.people import reporter_token
from ntnu.casemgmt.core.vocabularies import SEVERITIES
from ntnu.casemgmt.reporting import worklists
from plone import api
from plone.memoize.view import memoize
from Products.Five.browser import BrowserView
from zExceptions import Unauthorized
from zope.i18n import translate


CASE_TYPES = ("Deviation", "NotificationCase")


class CaseListing(Dates, BrowserView):
    """Rows of cases from the catalog (which filters by what the user may see)."""

    title = ""
    description = ""
    empty = _("There are no cases here.")

    def __call__(self):
        if api.user.is_anonymous():
            # Not "No cases" to someone whose log-in has expired: Plone
            # asks them to log in and brings them back here.
            raise Unauthorized("The work lists are for signed-in users.")
        # A work list is a wide table: it takes the whole page, and Plone
        # need not ask every column portlet whether it has something to show.
        self.request.set("disable_plone.leftcolumn", True)
        self.request.set("disable_plone.rightcolumn", True)
        return self.index()

    def query(self):
        raise NotImplementedError

    #: whether the list has a severity column (the handlers' lists); a
    #: row shows it only where the user may read it
    shows_severity = True

    #: severities marked as urgent in the list
    urgent = ("high", "critical")

    def add_details(self, brain, row):
        """Add to ``row`` what a particular list shows besides."""

    #: rows per page
    size = 20

    def start(self):
        value = self.request.form.get("b_start", "0")
        return int(value) if str(value).isdigit() else 0

    @memoize
    def brains(self):
        """The user's cases of this list up to the page shown, by deadline
        (overdue first). Sorting stops there (``sort_limit``): a faculty has
        tens of thousands of cases, a page shows 20."""
        return api.content.find(
            sort_on="deadline", sort_limit=self.start() + self.size, **self.query()
        )

    def total(self):
        """How many cases the list has on all pages."""
        brains = self.brains()
        return getattr(brains, "actual_result_count", None) or len(brains)

    def pages(self):
        """Links to the previous and next page, and the total."""
        total = self.total()
        start = self.start()
        url = self.request.getURL()
        return {
            "total": total,
            "previous": f"{url}?b_start={max(0, start - self.size)}"
            if start > 0
            else None,
            "next": f"{url}?b_start={start + self.size}"
            if start + self.size < total
            else None,
        }

    def rows(self, today=None):
        """The page's rows (``reporting.worklists.row``, as ``@cases``), with
        the state's title and what a particular list shows besides."""
        today = today or date.today()
        workflow = api.portal.get_tool("portal_workflow")
        severities = worklists.Severities() if self.shows_severity else None
        rows = []
        state_titles = {}
        severity_titles = {}
        start = self.start()
        for brain in self.brains()[start : start + self.size]:
            row = worklists.row(brain, today, severities)
            if row["severity"]:
                row["severity_title"] = severity_titles.setdefault(
                    row["severity"],
                    translate(
                        SEVERITIES.getTerm(row["severity"]).title,
                        context=self.request,
                    ),
                )
            key = (brain.review_state, brain.portal_type)
            if key not in state_titles:
                # once per state, not per row: each translation negotiates
                # the language anew
                title = workflow.getTitleForStateOnType(*key)
                state_titles[key] = translate(
                    title, domain="plone", context=self.request
                )
            row["state_title"] = state_titles[key]
            self.add_details(brain, row)
            rows.append(row)
        return rows


class InboxView(CaseListing):
    """New cases for those who receive them, most urgent first: deviations
    for the reception officer, forwarded notifications for the faculty's
    notification unit (the catalog shows each only their own)."""

    title = _("Inbox: new cases")
    description = _(
        "Assess each new deviation: approve it with a case worker, transfer it "
        "to another faculty or reject it. Acknowledge each forwarded "
        "notification within a week."
    )
    empty = _("No new cases.")

    def query(self):
        query = {"portal_type": CASE_TYPES, "review_state": ["submitted", "forwarded"]}
        if getattr(self.context, "portal_type", None) == "Faculty":
            query["path"] = "/".join(self.context.getPhysicalPath())
        return query


#: The states of a notification case still held by the central reception.
RECEPTION_STATES = ("received", "committee")


class MyWorkView(CaseListing):
    """Cases assigned to me, overdue first."""

    title = _("My work")
    description = _("Cases where you are the case worker or case officer.")
    empty = _("No cases are assigned to you.")

    def query(self):
        return {
            "portal_type": CASE_TYPES,
            "case_worker": api.user.get_current().getId(),
            # open, but not still at the central reception (received, or
            # with the external committee)
            "review_state": [s for s in OPEN_ANY if s not in RECEPTION_STATES],
        }


class MyCasesView(CaseListing):
    """What I reported, with what the reporter may know of it."""

    title = _("My cases")
    description = _("The deviations and notifications you have reported.")
    empty = _("You have not reported anything yet.")

    shows_severity = False  # the reporter's list: never the handlers' view

    def query(self):
        return {
            "portal_type": CASE_TYPES,
            "reporter_token": reporter_token(api.user.get_current().getId()),
        }

    def add_details(self, brain, row):
        # The answer the reporter is waiting for. The catalog showed that the
        # user may view the case, but a case still in the central reception
        # lies in a folder the notifier may not open, which getObject's
        # path traversal would refuse: the case itself is read.
        case = brain._unrestrictedGetObject()
        row["closing_comment"] = getattr(case, "closing_comment", "") or ""
        row["rejection_reason"] = getattr(case, "rejection_reason", "") or ""


class QueueView(CaseListing):
    """The central reception's received cases, by forward deadline."""

    title = _("Central reception: received notifications")
    description = _(
        "Forward each case to the faculty of the accused student within five "
        "working days."
    )
    empty = _("No notifications are waiting.")

    def query(self):
        return {
            "portal_type": "NotificationCase",
            "review_state": list(RECEPTION_STATES),
        }
