"""POST <deviation>/@transfer: move a new deviation to another faculty."""

from ntnu.casemgmt.deviation.rules import transfer
from ntnu.casemgmt.deviation.rules import TransferError
from ntnu.casemgmt.services import error
from ntnu.casemgmt.services import json_object
from plone import api
from plone.restapi.services import Service
from zExceptions import BadRequest
from zope.interface import alsoProvides

import plone.protect.interfaces


class TransferPost(Service):
    """Body ``{"faculty": "<code>", "comment": "..."}``; answers with the
    case's new ``@id``. The permission (``ntnu.casemgmt: Transfer
    deviation``) is the reception's while the case is submitted."""

    def reply(self):
        try:
            data = json_object(self.request)
        except BadRequest as exc:
            return error(self.request, 400, str(exc))
        if not data.get("faculty") or not isinstance(data["faculty"], str):
            return error(
                self.request,
                400,
                "faculty: the code of the new faculty is required.",
                fields=["faculty"],
            )
        if not isinstance(data.get("comment", ""), str):
            return error(
                self.request, 400, "comment: expected a text.", fields=["comment"]
            )
        alsoProvides(self.request, plone.protect.interfaces.IDisableCSRFProtection)
        try:
            case = transfer(
                self.context, data["faculty"], (data.get("comment") or "").strip()
            )
        except TransferError as exc:
            return error(self.request, 400, str(exc), fields=["faculty"])
        return {
            "@id": case.absolute_url(),
            "case_number": case.case_number,
            "faculty": case.aq_parent.code,
            "review_state": api.content.get_state(case),
        }
