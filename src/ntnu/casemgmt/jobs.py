"""Scheduled jobs, run by cron through the ``casemgmt-jobs`` command.

Every job is safe to run twice (what has been done is remembered on the
object) and catches up after a missed day (it looks at the state of the
cases, not at what happened "today"). ``run_all`` runs them in a running
site; ``main`` is the console script, which asks the running instance over
HTTP to do so, so it works with any storage and any number of instances.
"""

from datetime import date
from datetime import timedelta
from ntnu.casemgmt import _
from ntnu.casemgmt import deviation
from ntnu.casemgmt import hearings
from ntnu.casemgmt import mails
from ntnu.casemgmt import statistics
from ntnu.casemgmt.localroles import QUALITY_DIVISION_GROUP
from plone import api
from zope.annotation.interfaces import IAnnotations

import argparse
import base64
import json
import os
import sys
import urllib.error
import urllib.request


def overdue_reminders(today=None):
    """Mail the case worker and the reception once about each deviation
    that passed its deadline without being closed (SPEC §8): a preliminary
    reply is due (Forvaltningsloven § 11a)."""
    today = today or date.today()
    catalog = api.portal.get_tool("portal_catalog")
    reminded = []
    brains = catalog.unrestrictedSearchResults(
        portal_type="Deviation",
        review_state=list(deviation.OPEN_STATES),
        deadline={"query": today, "range": "max"},
    )
    for brain in brains:
        case = brain._unrestrictedGetObject()
        if not deviation.is_overdue(case, today):
            continue
        if getattr(case, "_overdue_reminded", None) == case.deadline:
            continue  # already told about this deadline
        faculty = deviation.faculty_of(case)
        recipients = deviation.reception_of(faculty) if faculty is not None else {}
        mails.send(
            _("Deadline passed: deviation ${case_number}"),
            _(
                "mail_deviation_overdue",
                default="The deadline of deviation \"${title}\" (${case_number}) "
                "was ${deadline} and the case is not closed. Send the reporter a "
                "preliminary reply (Forvaltningsloven § 11a) with the expected "
                "date, and set a new deadline.\n\n${url}",
            ),
            deviation.mapping_of(case),
            user_ids=[case.case_worker] if case.case_worker else [],
            **recipients,
        )
        # Remembered per deadline: a new deadline that passes is told again.
        case._overdue_reminded = case.deadline
        reminded.append(case.case_number)
    return reminded


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
        lines = "\n".join(
            f"{i['case_number']}\t{i['faculty']}\t{i['category']}\t{i['received']}\t{i['review_state']}"
            for i in items
        ) or "-"
        mails.send(
            _("Notification cases ${month}"),
            _(
                "mail_monthly_notification_report",
                default="Notification cases received in ${month} (${count}): case "
                "number, faculty, category, received, status.\n\n${lines}\n\n"
                "The same list: ${url}",
            ),
            {
                "month": month,
                "count": len(items),
                "lines": lines,
                "url": f"{api.portal.get().absolute_url()}/@notification-report?month={month}",
            },
            groups=[QUALITY_DIVISION_GROUP],
        )
        annotations[REPORT_KEY] = month
        sent.append(month)
    return sent


JOBS = {
    "overdue_reminders": overdue_reminders,
    "close_expired_hearings": hearings.close_expired,
    "monthly_notification_report": monthly_notification_report,
}


def register_job(name, function):
    """Add a job (other parts of the add-on add theirs)."""
    JOBS[name] = function


def run_all(today=None):
    """Run every job; return what each did."""
    return {name: job(today=today) for name, job in JOBS.items()}


def main(argv=None):
    """``casemgmt-jobs``: run the scheduled jobs of a running site.

    Credentials of a Manager account come from ``CASEMGMT_JOBS_USER`` and
    ``CASEMGMT_JOBS_PASSWORD`` (default ``admin``/``admin``, as in
    development). Exits non-zero when the site cannot be reached.
    """
    parser = argparse.ArgumentParser(description="Run the scheduled jobs of ntnu.casemgmt.")
    parser.add_argument(
        "--url",
        default=os.environ.get("CASEMGMT_SITE_URL", "http://localhost:8080/Plone"),
        help="URL of the Plone site (default: %(default)s)",
    )
    parser.add_argument(
        "--date", help="show what would be done on this date (YYYY-MM-DD); implies --dry-run"
    )
    parser.add_argument("--dry-run", action="store_true", help="send and change nothing; say what would be done")
    args = parser.parse_args(argv)
    user = os.environ.get("CASEMGMT_JOBS_USER", "admin")
    password = os.environ.get("CASEMGMT_JOBS_PASSWORD", "admin")
    body = {"dry_run": True} if (args.dry_run or args.date) else {}
    if args.date:
        body["date"] = args.date
    body = json.dumps(body).encode()
    request = urllib.request.Request(
        args.url.rstrip("/") + "/@casemgmt-jobs",
        data=body,
        method="POST",
        headers={
            "Accept": "application/json",
            "Content-Type": "application/json",
            "Authorization": "Basic "
            + base64.b64encode(f"{user}:{password}".encode()).decode(),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=600) as response:
            result = json.load(response)
    except urllib.error.HTTPError as exc:
        print(f"casemgmt-jobs: {exc.code} {exc.read().decode(errors='replace')}", file=sys.stderr)
        return 1
    except (urllib.error.URLError, OSError) as exc:
        print(f"casemgmt-jobs: cannot reach {args.url}: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(result, indent=2, sort_keys=True))
    return 0
