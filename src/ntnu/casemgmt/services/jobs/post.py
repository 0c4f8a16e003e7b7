"""POST /@casemgmt-jobs: run the scheduled jobs (for ``casemgmt-jobs``)."""

from datetime import date
from ntnu.casemgmt.jobs import run_all
from ntnu.casemgmt.services import error
from ntnu.casemgmt.services import json_object
from plone.restapi.services import Service
from zExceptions import BadRequest
from zope.interface import alsoProvides

import plone.protect.interfaces


class JobsPost(Service):
    """Body ``{}`` or ``{"date": "YYYY-MM-DD"}``; answers with what each
    job did. Managers only."""

    def reply(self):
        try:
            data = json_object(self.request, empty_ok=True)
        except BadRequest as exc:
            return error(self.request, 400, str(exc))
        today = None
        if data.get("date"):
            try:
                today = date.fromisoformat(data["date"])
            except (TypeError, ValueError):
                return error(self.request, 400, "date: use YYYY-MM-DD.", fields=["date"])
        alsoProvides(self.request, plone.protect.interfaces.IDisableCSRFProtection)
        return {"date": (today or date.today()).isoformat(), "jobs": run_all(today)}
