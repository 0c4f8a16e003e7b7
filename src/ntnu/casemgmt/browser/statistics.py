"""The statistics page for the Education Quality Division: a period and
faculty filter, charts and beside each chart a table of the same figures,
all read from ``statistics.case_statistics`` with the filters of
``@case-statistics`` (``statistics.parse_query``), so the page and the
service give the same numbers (no personal data).

Notification cases appear as @case-statistics publishes them: per month of
receipt, one row per combination of at least the threshold, "fewer than N"
for the rest; never a sum over months or combinations (and never in the
charts, which count deviations)."""

from datetime import date
from datetime import timedelta
from ntnu.casemgmt import _
from ntnu.casemgmt.browser.dates import format_date
from ntnu.casemgmt.browser.dates import format_month
from ntnu.casemgmt.core import deadlines
from ntnu.casemgmt.core.vocabularies import DEVIATION_CATEGORIES
from ntnu.casemgmt.core.vocabularies import faculties
from ntnu.casemgmt.core.vocabularies import NOTIFICATION_CATEGORIES
from ntnu.casemgmt.reporting import charts
from ntnu.casemgmt.reporting import statistics
from plone import api
from plone.memoize.view import memoize
from Products.Five.browser import BrowserView
from urllib.parse import urlencode
from zope.i18n import translate


#: months of the default period
MONTHS = 12
#: a period of more months lists only the months that have figures
MAX_LISTED_MONTHS = 36
#: what the page says for a filter the service refuses, by parameter
PROBLEMS = {
    "from": _("From: give a date (day, month, year) between 1900 and 2999."),
    "to": _("To: give a date (day, month, year) between 1900 and 2999."),
    "order": _("To: the end of the period must not be before its start."),
    "faculty": _("Faculty: choose a faculty from the list."),
}


def months_between(first, last):
    """The months ``YYYY-MM`` from ``first`` to ``last`` (dates), oldest
    first."""
    months = []
    month = first.replace(day=1)
    while month <= last:
        months.append(statistics.month_of(month))
        month = (month + timedelta(days=32)).replace(day=1)
    return months


class FacultyTitles:
    """Faculty codes as their titles (the Faculty objects'), the central
    reception included."""

    def __init__(self, request):
        self.request = request
        self.titles = {term.value: term.title for term in faculties(None)}

    def __call__(self, code):
        if code == statistics.CENTRAL:
            return translate(_("Central reception (SpeakUp)"), context=self.request)
        return self.titles.get(code, code)

    def choices(self):
        """``[{"value", "title"}]`` for the faculty filter, by title."""
        return [
            {"value": code, "title": title}
            for code, title in sorted(self.titles.items(), key=lambda i: i[1])
        ]


class StatisticsView(BrowserView):
    """``@@statistics``: for QualityDivision, StatisticsReader and Manager
    (the permission of ``@case-statistics``)."""

    def __call__(self):
        self.problem = None
        self.start = self.end = self.faculty = None
        try:
            self.start, self.end, self.faculty = statistics.parse_query(
                self.request.form
            )
        except statistics.QueryError as exc:
            self.problem = translate(self._problem(exc), context=self.request)
            self.request.response.setStatus(400)
        else:
            if not (self.start or self.end):
                self.start, self.end = statistics.last_months(MONTHS)
            if self.request.form.get("format") == "csv":
                return self.csv()
        return self.index()

    def csv(self):
        """The CSV of ``@case-statistics?format=csv`` for the same filters
        (served here: a browser asking for text/html does not reach the
        REST service)."""
        response = self.request.response
        response.setHeader("Content-Type", "text/csv; charset=utf-8")
        response.setHeader(
            "Content-Disposition", 'attachment; filename="case-statistics.csv"'
        )
        return statistics.as_csv(self.result()).encode("utf-8")

    def _problem(self, exc):
        name = str(exc).split(":", 1)[0]
        if name == "to" and "before" in str(exc):
            name = "order"
        return PROBLEMS.get(name, PROBLEMS["from"])

    def t(self, message):
        return translate(message, context=self.request)

    # the filter form

    def value(self, name):
        """What the form shows in field ``name``: the checked filter, or
        what the user typed when it was refused."""
        if self.problem:
            value = self.request.form.get(name)
            return value if isinstance(value, str) else ""
        if name == "from":
            return self.start.isoformat() if self.start else ""
        if name == "to":
            return self.end.isoformat() if self.end else ""
        return self.faculty or ""

    def params(self):
        """The filters as query parameters (those of ``@case-statistics``)."""
        params = {"from": self.value("from"), "to": self.value("to")}
        if self.faculty:
            params["faculty"] = self.faculty
        return {k: v for k, v in params.items() if v}

    def csv_url(self):
        query = urlencode({**self.params(), "format": "csv"})
        return f"{api.portal.get().absolute_url()}/@@statistics?{query}"

    def report_url(self):
        """The monthly notification list (None for who may not see it)."""
        if not api.user.has_permission(
            "ntnu.casemgmt: View notification report", obj=api.portal.get()
        ):
            return None
        return f"{api.portal.get().absolute_url()}/@@notification-report"

    @memoize
    def faculty_titles(self):
        return FacultyTitles(self.request)

    def faculty_choices(self):
        return self.faculty_titles().choices()

    def period(self):
        """The period and faculty the figures are for, as a sentence."""
        return self.t(
            _(
                "${start} to ${end}, ${faculty}",
                mapping={
                    "start": format_date(self.start, self.request) or "\u2013",
                    "end": format_date(self.end, self.request) or "\u2013",
                    "faculty": (
                        self.faculty_titles()(self.faculty)
                        if self.faculty
                        else self.t(_("all faculties"))
                    ),
                },
            )
        )

    # the figures

    @memoize
    def result(self):
        return statistics.case_statistics(self.start, self.end, self.faculty)

    def threshold(self):
        return statistics.threshold()

    def empty(self):
        """True when no deviation was received in the period."""
        return not self.result()["deviations"]["cells"]

    def category_title(self, value, vocabulary):
        if value in vocabulary:
            return self.t(vocabulary.getTerm(value).title)
        return value

    def state_title(self, value, portal_type):
        workflow = api.portal.get_tool("portal_workflow")
        title = workflow.getTitleForStateOnType(value, portal_type) or value
        return translate(title, domain="plone", context=self.request)

    def month_title(self, month):
        return format_month(month, self.request)

    def _svg(self, svg, caption_id):
        """The chart, named by its caption (the table beside it holds the
        same figures for screen readers)."""
        if not svg:
            return None
        return svg.replace("<svg", f'<svg role="img" aria-labelledby="{caption_id}"', 1)

    @memoize
    def per_month(self):
        """Deviations per month (rows) and faculty (columns), exact."""
        counts = statistics.deviations_per_month(self.start, self.end, self.faculty)
        codes = sorted(
            {faculty for _month, faculty in counts}, key=self.faculty_titles()
        )
        if self.start and self.end:
            months = months_between(self.start, self.end)
            if len(months) > MAX_LISTED_MONTHS:
                months = sorted({month for month, _faculty in counts})
        else:
            months = sorted({month for month, _faculty in counts})
        return {
            "months": months,
            "faculties": [self.faculty_titles()(code) for code in codes],
            "rows": [
                {
                    "month": self.month_title(month),
                    "counts": [counts.get((month, code), 0) for code in codes],
                }
                for month in months
            ],
            "empty": not counts,
            "codes": codes,
            "counts": counts,
        }

    def per_month_chart(self):
        table = self.per_month()
        if table["empty"]:
            return None
        series = {
            self.faculty_titles()(code): [
                table["counts"].get((month, code), 0) for month in table["months"]
            ]
            for code in table["codes"]
        }
        labels = [self.month_title(month) for month in table["months"]]
        return self._svg(charts.bars(labels, series), "caption-per-month")

    def deviation_rows(self):
        """The deviation cells of @case-statistics: faculty x category x
        state, with titles."""
        titles = self.faculty_titles()
        return [
            {
                "faculty": titles(cell["faculty"]),
                "category": self.category_title(cell["category"], DEVIATION_CATEGORIES),
                "state": self.state_title(cell["review_state"], "Deviation"),
                "count": cell["count"],
            }
            for cell in self.result()["deviations"]["cells"]
        ]

    def processing(self):
        return self.result()["deviations"]["days_to_close"]

    def processing_chart(self):
        days = self.processing()
        if not days["closed"]:
            return None
        labels = [self.t(_("Median")), self.t(_("90th percentile"))]
        values = [days["median"] or 0, days["p90"] or 0]
        return self._svg(
            charts.bars(labels, {self.t(_("Days")): values}, ylabel=self.t(_("Days"))),
            "caption-processing",
        )

    @memoize
    def overdue_rows(self):
        """Per faculty: open deviations, those past their deadline, and
        the share (%)."""
        result = self.result()["deviations"]
        totals, overdue = {}, {}
        for cell in result["cells"]:
            if cell["review_state"] in deadlines.OPEN_STATES["Deviation"]:
                totals[cell["faculty"]] = totals.get(cell["faculty"], 0) + (
                    cell["count"] or 0
                )
        for cell in result["overdue"]:
            overdue[cell["faculty"]] = cell["count"] or 0
        titles = self.faculty_titles()
        return [
            {
                "faculty": titles(code),
                "open": totals[code],
                "overdue": overdue.get(code, 0),
                "share": round(100 * overdue.get(code, 0) / totals[code]),
            }
            for code in sorted(totals, key=titles)
            if totals[code]
        ]

    def overdue_chart(self):
        rows = self.overdue_rows()
        if not rows:
            return None
        return self._svg(
            charts.bars(
                [row["faculty"] for row in rows],
                {"%": [row["share"] for row in rows]},
                ylabel="%",
                top=100,
            ),
            "caption-overdue",
        )

    # notification cases: only what @case-statistics publishes

    def months(self):
        """The months of the notification tables, newest first: every
        month of the period (of a long or open one, those with figures)."""
        notifications = self.result()["notifications"]
        first, last = notifications["from"], notifications["to"]
        if first and last:
            months = months_between(date.fromisoformat(first), date.fromisoformat(last))
            if len(months) <= MAX_LISTED_MONTHS:
                return months[::-1]
        return sorted({cell["month"] for cell in notifications["cells"]}, reverse=True)

    def fewer_than(self):
        return self.t(
            _("fewer than ${threshold}", mapping={"threshold": self.threshold()})
        )

    def notification_rows(self):
        """Per month, newest first: the combinations @case-statistics lists
        (month x faculty x category x state), or one row saying that none
        reached the threshold."""
        cells = self.result()["notifications"]["cells"]
        titles = self.faculty_titles()
        rows = []
        for month in self.months():
            listed = [cell for cell in cells if cell["month"] == month]
            for index, cell in enumerate(listed):
                rows.append({
                    "month": self.month_title(month) if index == 0 else "",
                    "faculty": titles(cell["faculty"]),
                    "category": self.category_title(
                        cell["category"], NOTIFICATION_CATEGORIES
                    ),
                    "state": self.state_title(cell["review_state"], "NotificationCase"),
                    "count": cell["count"],
                    "none": False,
                })
            if not listed:
                rows.append({"month": self.month_title(month), "none": True})
        return rows

    def notification_faculty_rows(self):
        """Per month and faculty: overdue cases and days to close, where
        either is listed; "fewer than N" for the one that is not."""
        recent = self.result()["notifications"]
        overdue = {(o["month"], o["faculty"]): o["count"] for o in recent["overdue"]}
        days = {(d["month"], d["faculty"]): d for d in recent["days_to_close"]}
        fewer = self.fewer_than()
        titles = self.faculty_titles()
        rows = []
        for month, faculty in sorted(
            set(overdue) | set(days), key=lambda key: (key[0], key[1]), reverse=True
        ):
            closing = days.get((month, faculty))
            rows.append({
                "month": self.month_title(month),
                "faculty": titles(faculty),
                "overdue": overdue.get((month, faculty), fewer),
                "median": closing["median"] if closing else fewer,
                "p90": closing["p90"] if closing else fewer,
            })
        return rows
