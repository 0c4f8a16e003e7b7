"""The statistics page for the Education Quality Division: charts drawn
from the same numbers as @case-statistics (no personal data)."""

from ntnu.casemgmt import _
from ntnu.casemgmt import charts
from ntnu.casemgmt import statistics
from Products.Five.browser import BrowserView
from zope.i18n import translate


class StatisticsView(BrowserView):
    def t(self, message):
        return translate(message, context=self.request)

    def result(self):
        if not hasattr(self, "_result"):
            self._result = statistics.case_statistics()
        return self._result

    def per_month_chart(self):
        counts = statistics.per_month(12)
        months = sorted({month for month, _faculty in counts})
        faculties = sorted({faculty for _month, faculty in counts})
        series = {f: [counts.get((m, f), 0) for m in months] for f in faculties}
        return charts.bars(months, series, self.t(_("Cases per month and faculty")))

    def processing_chart(self):
        result = self.result()
        labels, values = [], []
        for key, label in (("deviations", _("Deviations")), ("notifications", _("Notification cases"))):
            days = result[key]["days_to_close"]
            for name, value in (("median", days["median"]), ("p90", days["p90"])):
                labels.append(f"{self.t(label)} {name}")
                values.append(value or 0)
        return charts.bars(labels, {self.t(_("Days")): values}, self.t(_("Days to close")))

    def overdue_chart(self):
        result = self.result()["deviations"]
        totals, overdue = {}, {}
        for cell in result["cells"]:
            if cell["review_state"] in statistics.OPEN["Deviation"]:
                totals[cell["faculty"]] = totals.get(cell["faculty"], 0) + (cell["count"] or 0)
        for cell in result["overdue"]:
            overdue[cell["faculty"]] = cell["count"] or 0
        faculties = sorted(totals)
        share = [round(100 * overdue.get(f, 0) / totals[f]) if totals[f] else 0 for f in faculties]
        return charts.bars(faculties, {"%": share}, self.t(_("Share of open deviations past their deadline")), "%")
