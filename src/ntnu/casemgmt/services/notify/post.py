"""POST /@notify: anyone submits a notification of censurable conditions."""

from ntnu.casemgmt.notification import rules as notification
from ntnu.casemgmt.core import ratelimit
from ntnu.casemgmt.services import error
from ntnu.casemgmt.services import json_object
from ntnu.casemgmt.services import validation_error
from plone import api
from plone.restapi.services import Service
from zExceptions import BadRequest
from zope.interface import alsoProvides

import plone.protect.interfaces


#: Largest request body accepted (abuse protection).
MAX_BODY = 100_000


class NotifyPost(Service):
    """Body: the notifier's fields of SPEC §3. Anonymous submissions (not
    logged in, or ``"anonymous": true``) get ``receipt`` once in the
    answer: it is the only way back to the case. A filled-in ``website``
    field (a honeypot no person sees in the form) is refused. A client over
    the limit of anonymous submissions gets 429 with a challenge, and is
    heard with a proof of work bound to the request body (see
    :mod:`ntnu.casemgmt.core.ratelimit`)."""

    def reply(self):
        length = int(self.request.get_header("Content-Length") or 0)
        if length > MAX_BODY:
            return error(self.request, 413, f"The notification is too large (at most {MAX_BODY} bytes).", "PayloadTooLarge")
        try:
            data = json_object(self.request)
        except BadRequest as exc:
            return error(self.request, 400, str(exc))
        if data.pop("website", None):
            return error(self.request, 400, "website: this field must be empty.", fields=["website"])
        anonymous = api.user.is_anonymous() or bool(data.get("anonymous"))
        if anonymous:
            body = self.request.get("BODY") or b""
            refused = ratelimit.admit(self.request, ratelimit.SUBMISSIONS, ratelimit.binding(body))
            if refused is not None:
                return error(
                    self.request,
                    429,
                    "Too many anonymous notifications from this address: repeat the request "
                    f"with a proof of work in the {ratelimit.PROOF_HEADER} header.",
                    "TooManyRequests",
                    **refused._asdict(),
                )
        alsoProvides(self.request, plone.protect.interfaces.IDisableCSRFProtection)
        try:
            case, receipt = notification.submit(data, self.request)
        except notification.NotifyError as exc:
            return error(self.request, 400, str(exc), fields=[exc.field])
        except BadRequest as exc:
            return validation_error(self.request, exc)
        if anonymous:
            ratelimit.record_after_commit(self.request, ratelimit.SUBMISSIONS)
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
