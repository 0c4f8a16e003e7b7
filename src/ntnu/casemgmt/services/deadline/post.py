"""POST <case>/@deadline: change a case's deadline with a reason
(``core.deadline_change``)."""

from datetime import date
from ntnu.casemgmt.core import deadline_change
from ntnu.casemgmt.services import error
from ntnu.casemgmt.services import json_fields
from plone.restapi.services import Service
from zope.interface import alsoProvides

import plone.protect.interfaces


class DeadlinePost(Service):
    """``{"deadline": "YYYY-MM-DD", "reason": "..."}``; answers the case's
    new and old deadline."""

    def reply(self):
        data, refused = json_fields(self.request, ("deadline", "reason"))
        if refused:
            return refused
        if not deadline_change.changeable(self.context):
            return error(
                self.request,
                403,
                "You may not change the deadline of this case now.",
                "Forbidden",
            )
        new = _date(data.get("deadline"))
        alsoProvides(self.request, plone.protect.interfaces.IDisableCSRFProtection)
        try:
            old = deadline_change.change_deadline(self.context, new, data.get("reason"))
        except deadline_change.DeadlineError as exc:
            return error(self.request, 400, f"{exc.field}: {exc}", fields=[exc.field])
        return {
            "@id": self.context.absolute_url(),
            "deadline": self.context.deadline.isoformat(),
            "previous_deadline": old.isoformat() if old else None,
        }


def _date(value):
    """``value`` (YYYY-MM-DD) as a date, or None."""
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None
