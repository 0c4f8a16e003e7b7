"""GET /@notification-report?month=YYYY-MM: the monthly list (no names)."""

from ntnu.casemgmt.reporting import statistics
from ntnu.casemgmt.services import error
from plone.restapi.services import Service


class NotificationReportGet(Service):
    def reply(self):
        try:
            first, following = statistics.parse_month(self.request.form.get("month"))
        except statistics.QueryError as exc:
            return error(self.request, 400, str(exc))
        items = statistics.notification_report(first, following)
        return {
            "month": first.strftime("%Y-%m"),
            "items": items,
            "items_total": len(items),
        }
