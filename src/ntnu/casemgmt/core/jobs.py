"""Scheduled jobs, run by cron through the ``casemgmt-jobs`` command.

Every job is safe to run twice (what has been done is remembered on the
object) and catches up after a missed day (it looks at the state of the
cases, not at what happened "today"). Each process registers its jobs as
named ``IScheduledJob`` utilities. ``run_all`` runs them in a running
site; ``main`` is the console script, which asks the running instance over
HTTP to do so, so it works with any storage and any number of instances.
"""

from datetime import date
from ntnu.casemgmt.interfaces import IScheduledJob
from persistent.mapping import PersistentMapping
from zope.annotation.interfaces import IAnnotations
from zope.component import getUtilitiesFor

import argparse
import base64
import json
import os
import sys
import urllib.error
import urllib.request


#: Where a case (or a part) remembers the reminders it was sent.
SENT_KEY = "ntnu.casemgmt.reminders"


def was_sent(obj, kind, due):
    """Was the reminder ``kind`` about the deadline ``due`` sent already?"""
    sent = IAnnotations(obj).get(SENT_KEY) or {}
    return f"{kind}:{due.isoformat()}" in sent


def mark_sent(obj, kind, due):
    """Remember that the reminder ``kind`` about ``due`` was sent."""
    annotations = IAnnotations(obj)
    if SENT_KEY not in annotations:
        annotations[SENT_KEY] = PersistentMapping()
    annotations[SENT_KEY][f"{kind}:{due.isoformat()}"] = date.today().isoformat()


def run_all(today=None):
    """Run every scheduled job (the named ``IScheduledJob`` utilities the
    processes register in their configure.zcml); return what each did."""
    return {
        name: job(today=today) for name, job in sorted(getUtilitiesFor(IScheduledJob))
    }


def main(argv=None):
    """``casemgmt-jobs``: run the scheduled jobs of a running site.

    Credentials of a Manager account come from ``CASEMGMT_JOBS_USER`` and
    ``CASEMGMT_JOBS_PASSWORD`` (default ``admin``/``admin``, as in
    development). Exits non-zero when the site cannot be reached.
    """
    parser = argparse.ArgumentParser(
        description="Run the scheduled jobs of ntnu.casemgmt."
    )
    parser.add_argument(
        "--url",
        default=os.environ.get("CASEMGMT_SITE_URL", "http://localhost:8080/Plone"),
        help="URL of the Plone site (default: %(default)s)",
    )
    parser.add_argument(
        "--date",
        help="show what would be done on this date (YYYY-MM-DD); implies --dry-run",
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="send and change nothing; say what would be done",
    )
    args = parser.parse_args(argv)
    if not args.url.startswith(("http://", "https://")):
        parser.error(f"--url: not an http(s) address: {args.url}")
    user = os.environ.get("CASEMGMT_JOBS_USER", "admin")
    password = os.environ.get("CASEMGMT_JOBS_PASSWORD", "admin")
    body = {"dry_run": True} if (args.dry_run or args.date) else {}
    if args.date:
        body["date"] = args.date
    body = json.dumps(body).encode()
    request = urllib.request.Request(  # noqa: S310 (an http(s) URL, checked above)
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
        with urllib.request.urlopen(request, timeout=600) as response:  # noqa: S310
            result = json.load(response)
    except urllib.error.HTTPError as exc:
        print(
            f"casemgmt-jobs: {exc.code} {exc.read().decode(errors='replace')}",
            file=sys.stderr,
        )
        return 1
    except (urllib.error.URLError, OSError) as exc:
        print(f"casemgmt-jobs: cannot reach {args.url}: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(result, indent=2, sort_keys=True))
    return 0
