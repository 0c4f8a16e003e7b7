"""POST /@casemgmt-jobs: run the scheduled jobs (for ``casemgmt-jobs``)."""

from datetime import date
from ntnu.casemgmt.core.jobs import run_all
from ntnu.casemgmt.services import error
from ntnu.casemgmt.services import json_object
from plone.restapi.services import Service
from zExceptions import BadRequest
from zope.interface import alsoProvides

import plone.protect.interfaces
import transaction


#: Dates the jobs can be asked about (date arithmetic beyond fails).
YEARS = (1900, 2999)


class JobsPost(Service):
    """Body ``{}``, or ``{"date": "YYYY-MM-DD", "dry_run": true}`` (SPEC §7):
    the jobs run as of today; another date only as a dry run, which sends
    and changes nothing (its transaction is doomed) and answers what would
    be done. Managers only."""

    def reply(self):
        try:
            data = json_object(self.request, empty_ok=True)
        except BadRequest as exc:
            return error(self.request, 400, str(exc))
        dry_run = data.get("dry_run", False)
        if not isinstance(dry_run, bool):
            return error(
                self.request, 400, "dry_run: true or false.", fields=["dry_run"]
            )
        today = date.today()
        if data.get("date") not in (None, ""):
            try:
                today = date.fromisoformat(data["date"])
            except (TypeError, ValueError):
                return error(
                    self.request, 400, "date: use YYYY-MM-DD.", fields=["date"]
                )
            if not YEARS[0] <= today.year <= YEARS[1]:
                return error(
                    self.request,
                    400,
                    f"date: a year from {YEARS[0]} to {YEARS[1]}.",
                    fields=["date"],
                )
            if today != date.today() and not dry_run:
                return error(
                    self.request,
                    400,
                    "date: the jobs run as of today; another date only with "
                    '"dry_run": true.',
                    fields=["date"],
                )
        alsoProvides(self.request, plone.protect.interfaces.IDisableCSRFProtection)
        result = {"date": today.isoformat(), "dry_run": dry_run, "jobs": run_all(today)}
        if dry_run:
            # Everything the jobs did, mails included (sent at commit), goes.
            transaction.doom()
        return result
