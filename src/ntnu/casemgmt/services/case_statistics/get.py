"""GET /@case-statistics: aggregates for the external reporting system."""

from ntnu.casemgmt.reporting import statistics
from ntnu.casemgmt.services import error
from plone.restapi.services import Service

import json


class CaseStatisticsGet(Service):
    """``?from=YYYY-MM-DD&to=YYYY-MM-DD&faculty=<code>``; JSON, or CSV with
    ``?format=csv`` or ``Accept: text/csv``. No titles, texts or user ids."""

    def wants_csv(self):
        return self.request.form.get("format") == "csv" or "text/csv" in (
            self.request.getHeader("Accept") or ""
        )

    def reply(self):
        form = self.request.form
        try:
            if form.get("format") not in (None, "", "json", "csv"):
                raise statistics.QueryError("format: json or csv.")
            start, end, faculty = statistics.parse_query(form)
        except statistics.QueryError as exc:
            return error(self.request, 400, str(exc))
        return statistics.case_statistics(start, end, faculty)

    def render(self):
        self.check_permission()
        content = self.reply()
        if self.wants_csv() and "error" not in content:
            self.request.response.setHeader("Content-Type", "text/csv; charset=utf-8")
            self.request.response.setHeader(
                "Content-Disposition", 'attachment; filename="case-statistics.csv"'
            )
            return statistics.as_csv(content)
        self.request.response.setHeader("Content-Type", "application/json")
        return json.dumps(content, indent=2, sort_keys=True)
