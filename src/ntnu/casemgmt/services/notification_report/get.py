"""GET /@notification-report?month=YYYY-MM: the monthly list (no names);
``&open=true``: every case still open received up to the end of the month."""

from ntnu.casemgmt.reporting import statistics
from ntnu.casemgmt.services import error
from plone.restapi.services import Service


class NotificationReportGet(Service):
    def reply(self):
        try:
            first, following = statistics.parse_month(self.request.form.get("month"))
            open_only = statistics.parse_open(self.request.form.get("open"))
        except statistics.QueryError as exc:
            return error(self.request, 400, str(exc))
        items = statistics.notification_report(first, following, open_only)
        return {
            "month": first.strftime("%Y-%m"),
            "open": open_only,
            "items": items,
            "items_total": len(items),
        }
