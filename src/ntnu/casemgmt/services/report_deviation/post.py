"""POST /@report-deviation: a logged-in user reports a deviation."""

from ntnu.casemgmt.deviation.rules import report
from ntnu.casemgmt.deviation.rules import ReportError
from ntnu.casemgmt.services import error
from ntnu.casemgmt.services import json_object
from ntnu.casemgmt.services import validation_error
from plone import api
from plone.restapi.services import Service
from zExceptions import BadRequest
from zope.interface import alsoProvides

import plone.protect.interfaces


class ReportDeviationPost(Service):
    """Create a Deviation in the reporter's faculty (or the one given).

    Body: the Deviation fields of SPEC §3 and optionally ``faculty`` (a
    faculty code). Answers 201 with ``@id``, ``case_number``, ``faculty``,
    ``deadline``; 400 naming the field for bad input, creating nothing.
    """

    def reply(self):
        if api.user.is_anonymous():
            return error(
                self.request, 401, "Log in to report a deviation.", "Unauthorized"
            )
        try:
            data = json_object(self.request)
        except BadRequest as exc:
            return error(self.request, 400, str(exc))
        alsoProvides(self.request, plone.protect.interfaces.IDisableCSRFProtection)
        try:
            case = report(data, self.request)
        except ReportError as exc:
            return error(self.request, 400, str(exc), fields=[exc.field])
        except BadRequest as exc:
            return validation_error(self.request, exc)
        self.request.response.setStatus(201)
        self.request.response.setHeader("Location", case.absolute_url())
        return {
            "@id": case.absolute_url(),
            "@type": case.portal_type,
            "UID": case.UID(),
            "case_number": case.case_number,
            "faculty": case.aq_parent.code,
            "deadline": case.deadline.isoformat(),
            "received": case.received.isoformat(),
            "review_state": api.content.get_state(case),
        }
