"""The statistics page for the Education Quality Division: charts drawn
from the same numbers as @case-statistics (no personal data).

Notification cases appear as @case-statistics publishes them: per month of
receipt, one row per combination of at least the threshold, "fewer than N"
for the rest; never a sum over months or combinations (and never in the
charts, which count per faculty)."""

from datetime import timedelta
from ntnu.casemgmt import _
from ntnu.casemgmt.core import deadlines
from ntnu.casemgmt.core.vocabularies import NOTIFICATION_CATEGORIES
from ntnu.casemgmt.reporting import charts
from ntnu.casemgmt.reporting import statistics
from plone import api
from Products.Five.browser import BrowserView
from zope.i18n import translate


#: months of the per-month chart and the notification tables
MONTHS = 12


class StatisticsView(BrowserView):
    def t(self, message):
        return translate(message, context=self.request)

    def result(self):
        if not hasattr(self, "_result"):
            self._result = statistics.case_statistics()
        return self._result

    def recent(self):
        """@case-statistics for the last ``MONTHS`` months (whole months)."""
        if not hasattr(self, "_recent"):
            self._recent = statistics.case_statistics(*statistics.last_months(MONTHS))
        return self._recent

    def threshold(self):
        return self.result()["threshold"]

    def months(self):
        """The months of the notification tables, newest first."""
        month, today = statistics.last_months(MONTHS)
        months = []
        while month <= today:
            months.append(statistics.month_of(month))
            month = statistics.month_window(month, month)[1] + timedelta(days=1)
        return months[::-1]

    def fewer_than(self):
        return self.t(
            _("fewer than ${threshold}", mapping={"threshold": self.threshold()})
        )

    def category_title(self, value):
        if value in NOTIFICATION_CATEGORIES:
            return self.t(NOTIFICATION_CATEGORIES.getTerm(value).title)
        return value

    def state_title(self, value):
        workflow = api.portal.get_tool("portal_workflow")
        title = workflow.getTitleForStateOnType(value, "NotificationCase") or value
        return translate(title, domain="plone", context=self.request)

    def notification_rows(self):
        """Per month, newest first: the combinations @case-statistics lists
        (month x faculty x category x state), or one row saying that none
        reached the threshold."""
        cells = self.recent()["notifications"]["cells"]
        rows = []
        for month in self.months():
            listed = [cell for cell in cells if cell["month"] == month]
            for index, cell in enumerate(listed):
                rows.append({
                    "month": month if index == 0 else "",
                    "faculty": cell["faculty"],
                    "category": self.category_title(cell["category"]),
                    "state": self.state_title(cell["review_state"]),
                    "count": cell["count"],
                    "none": False,
                })
            if not listed:
                rows.append({"month": month, "none": True})
        return rows

    def notification_faculty_rows(self):
        """Per month and faculty: overdue cases and days to close, where
        either is listed; "fewer than N" for the one that is not."""
        recent = self.recent()["notifications"]
        overdue = {(o["month"], o["faculty"]): o["count"] for o in recent["overdue"]}
        days = {(d["month"], d["faculty"]): d for d in recent["days_to_close"]}
        fewer = self.fewer_than()
        rows = []
        for month, faculty in sorted(
            set(overdue) | set(days), key=lambda key: (key[0], key[1]), reverse=True
        ):
            closing = days.get((month, faculty))
            rows.append({
                "month": month,
                "faculty": faculty,
                "overdue": overdue.get((month, faculty), fewer),
                "median": closing["median"] if closing else fewer,
                "p90": closing["p90"] if closing else fewer,
            })
        return rows

    def per_month_chart(self):
        counts = statistics.per_month(MONTHS)
        months = sorted({month for month, _faculty in counts})
        faculties = sorted({faculty for _month, faculty in counts})
        series = {f: [counts.get((m, f), 0) for m in months] for f in faculties}
        return charts.bars(
            months, series, self.t(_("Deviations per month and faculty"))
        )

    def processing_chart(self):
        days = self.result()["deviations"]["days_to_close"]
        deviations = self.t(_("Deviations"))
        labels = [f"{deviations} median", f"{deviations} p90"]
        values = [days["median"] or 0, days["p90"] or 0]
        return charts.bars(
            labels, {self.t(_("Days")): values}, self.t(_("Days to close"))
        )

    def overdue_chart(self):
        result = self.result()["deviations"]
        totals, overdue = {}, {}
        for cell in result["cells"]:
            if cell["review_state"] in deadlines.OPEN_STATES["Deviation"]:
                totals[cell["faculty"]] = totals.get(cell["faculty"], 0) + (
                    cell["count"] or 0
                )
        for cell in result["overdue"]:
            overdue[cell["faculty"]] = cell["count"] or 0
        faculties = sorted(totals)
        share = [
            round(100 * overdue.get(f, 0) / totals[f]) if totals[f] else 0
            for f in faculties
        ]
        return charts.bars(
            faculties,
            {"%": share},
            self.t(_("Share of open deviations past their deadline")),
            "%",
        )
