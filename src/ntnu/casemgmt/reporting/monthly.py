"""The monthly list of notification cases for the Education Quality
Division (SPEC §7 ``@notification-report``, §8), a scheduled job."""

from datetime import date
from datetime import timedelta
from functools import partial
from ntnu.casemgmt.core import dates
from ntnu.casemgmt.core.mail import send_event
from ntnu.casemgmt.notification.mails import MONTHLY_LIST
from ntnu.casemgmt.reporting import statistics
from plone import api
from zope.annotation.interfaces import IAnnotations


REPORT_KEY = "ntnu.casemgmt.monthly_report_sent"


def _previous_month(day):
    return (day.replace(day=1) - timedelta(days=1)).replace(day=1)


def monthly_notification_report(today=None):
    """From the first day of a month on: mail the quality division the list
    of notification cases received in the month before, once. A missed run
    is caught up the next time (also for several missed months)."""
    today = today or date.today()
    annotations = IAnnotations(api.portal.get())
    due = _previous_month(today).strftime("%Y-%m")
    last = annotations.get(REPORT_KEY)
    months = []
    if last is None:
        months = [due]
    else:
        month = _previous_month(today)
        while month.strftime("%Y-%m") > last:
            months.insert(0, month.strftime("%Y-%m"))
            month = _previous_month(month)
    sent = []
    for month in months:
        first, following = statistics.parse_month(month)
        items = statistics.notification_report(first, following)
        mapping = {
            # in each recipient's language (core.mail.send)
            "month": partial(dates.format_month, month),
            "count": len(items),
            "lines": partial(lines_text, items),
            "url": (
                f"{api.portal.get().absolute_url()}/@notification-report?month={month}"
            ),
        }
        send_event(MONTHLY_LIST, api.portal.get(), mapping)
        annotations[REPORT_KEY] = month
        sent.append(month)
    return sent


def lines_text(items, language):
    """The monthly list's lines (tab-separated), the days of receipt written
    for a reader of ``language``; "-" for none.

    :param items: the cases of ``statistics.notification_report``
    :param language: the recipient's language code
    """
    lines = (
        f"{i['case_number']}\t{i['faculty']}\t{i['category']}\t"
        f"{dates.format_date(i['received'], language)}\t{i['review_state']}"
        for i in items
    )
    return "\n".join(lines) or "-"


def previous_month(today=None):
    """``YYYY-MM`` of the month before ``today``'s: the monthly list's
    default."""
    return _previous_month(today or date.today()).strftime("%Y-%m")


CSV_COLUMNS = ("case_number", "faculty", "category", "received", "review_state")


def as_csv(items):
    """The items of ``statistics.notification_report`` as CSV text, the
    columns of its JSON (codes, ISO dates; no names).

    :param items: the list's items
    """
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for item in items:
        writer.writerow([item[name] or "" for name in CSV_COLUMNS])
    return out.getvalue()
