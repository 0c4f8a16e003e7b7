"""``@@notification-report``: the monthly list of notification cases for
the Education Quality Division (SPEC §7 ``@notification-report``, the
same list from ``statistics.notification_report``): a month, "open cases"
and a CSV download. No names, no titles, no links into the cases."""

from ntnu.casemgmt import _
from ntnu.casemgmt.browser.dates import format_date
from ntnu.casemgmt.browser.dates import format_month
from ntnu.casemgmt.browser.statistics import FacultyTitles
from ntnu.casemgmt.core.vocabularies import NOTIFICATION_CATEGORIES
from ntnu.casemgmt.reporting import monthly
from ntnu.casemgmt.reporting import statistics
from plone import api
from plone.memoize.view import memoize
from Products.Five.browser import BrowserView
from urllib.parse import urlencode
from zope.i18n import translate


PROBLEMS = {
    "month": _("Month: choose a month (year and month) between 1900 and 2999."),
    "open": _("Open cases: yes or no."),
}


class NotificationReportView(BrowserView):
    """For QualityDivision and Manager (the permission of the service)."""

    def __call__(self):
        self.problem = None
        self.items = []
        form = self.request.form
        month = form.get("month") or monthly.previous_month()
        try:
            if not isinstance(month, str):
                raise statistics.QueryError("month: give one month.")
            self.first, self.following = statistics.parse_month(month)
            self.open_only = statistics.parse_open(form.get("open"))
        except statistics.QueryError as exc:
            name = str(exc).split(":", 1)[0]
            self.problem = translate(
                PROBLEMS.get(name, PROBLEMS["month"]), context=self.request
            )
            self.request.response.setStatus(400)
            return self.index()
        self.month = self.first.strftime("%Y-%m")
        self.items = statistics.notification_report(
            self.first, self.following, self.open_only
        )
        if form.get("format") == "csv":
            return self.csv()
        return self.index()

    def value(self, name):
        """What the form shows in field ``name``."""
        if self.problem:
            value = self.request.form.get(name, "")
            return value if isinstance(value, str) else ""
        if name == "month":
            return self.month
        return "true" if self.open_only else ""

    def heading(self):
        """What the list is, as a sentence."""
        month = format_month(self.month, self.request)
        if self.open_only:
            message = _(
                "Notification cases still open, received in or before ${month}",
                mapping={"month": month},
            )
        else:
            message = _(
                "Notification cases received in ${month}", mapping={"month": month}
            )
        return translate(message, context=self.request)

    def csv_url(self):
        params = {"month": self.month, "format": "csv"}
        if self.open_only:
            params["open"] = "true"
        return f"{self.base_url()}?{urlencode(params)}"

    def base_url(self):
        return f"{api.portal.get().absolute_url()}/@@notification-report"

    def statistics_url(self):
        return f"{api.portal.get().absolute_url()}/@@statistics"

    @memoize
    def rows(self):
        titles = FacultyTitles(self.request)
        workflow = api.portal.get_tool("portal_workflow")
        rows = []
        for item in self.items:
            category = item["category"]
            state = item["review_state"]
            state_title = (
                workflow.getTitleForStateOnType(state, "NotificationCase") or state
            )
            rows.append({
                "case_number": item["case_number"],
                "faculty": titles(item["faculty"]),
                "category": (
                    translate(
                        NOTIFICATION_CATEGORIES.getTerm(category).title,
                        context=self.request,
                    )
                    if category in NOTIFICATION_CATEGORIES
                    else category or ""
                ),
                "received": format_date(item["received"], self.request),
                "state": translate(state_title, domain="plone", context=self.request),
            })
        return rows

    def csv(self):
        response = self.request.response
        response.setHeader("Content-Type", "text/csv; charset=utf-8")
        suffix = "-open" if self.open_only else ""
        response.setHeader(
            "Content-Disposition",
            f'attachment; filename="notification-report-{self.month}{suffix}.csv"',
        )
        return monthly.as_csv(self.items).encode("utf-8")
