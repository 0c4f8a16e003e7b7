"""POST /@notify: anyone submits a notification of censurable conditions."""

from ntnu.casemgmt.core import ratelimit
from ntnu.casemgmt.notification import conversations
from ntnu.casemgmt.notification import guards
from ntnu.casemgmt.notification import rules as notification
from ntnu.casemgmt.rest.errors import PayloadTooLarge
from ntnu.casemgmt.services import error
from ntnu.casemgmt.services import json_object
from ntnu.casemgmt.services import refusal
from ntnu.casemgmt.services import validation_error
from plone import api
from plone.restapi.services import Service
from zExceptions import BadRequest
from zope.interface import alsoProvides

import plone.protect.interfaces


class NotifyPost(Service):
    """Body: the notifier's fields of SPEC §3. Anonymous submissions (not
    logged in, or ``"anonymous": true``) get ``receipt`` once in the
    answer: it is the only way back to the case. A filled-in ``website``
    field (a honeypot no person sees in the form) is refused. A client over
    the limit of anonymous submissions gets 429 with a challenge, and is
    heard with a proof of work bound to the request body
    (``notification.guards``, the same as the notify form's).
    ``attachments`` (SPEC §3) are checked before anything is made and
    stored as evidence in the notifier's conversation."""

    def reply(self):
        try:
            data = json_object(self.request)
        except BadRequest as exc:
            return error(self.request, 400, str(exc))
        try:
            guards.check_submission(
                self.request, data, ratelimit.binding(self.request.get("BODY") or b"")
            )
        except guards.Refused as refused:
            return refusal(self.request, refused)
        alsoProvides(self.request, plone.protect.interfaces.IDisableCSRFProtection)
        try:
            files = conversations.attachments_from_json(data.pop("attachments", None))
        except conversations.ConversationError as exc:
            if exc.status == 413:
                raise PayloadTooLarge(str(exc), [exc.field]) from None
            return error(self.request, exc.status, str(exc), fields=[exc.field])
        try:
            case, receipt = notification.submit(data, self.request)
        except notification.NotifyError as exc:
            return error(self.request, 400, str(exc), fields=[exc.field])
        except BadRequest as exc:
            return validation_error(self.request, exc)
        conversations.attach_evidence(case, files)
        guards.submitted(self.request, data)
        self.request.response.setStatus(201)
        result = {
            "case_number": case.case_number,
            "review_state": api.content.get_state(case),
            "received": case.received.isoformat(),
        }
        if receipt:
            result["receipt"] = receipt
        else:
            result["@id"] = case.absolute_url()
        return result
