"""POST <speakup or faculty>/@register-notification: the central reception
or a faculty's notification unit registers a notification received orally,
by letter, e-mail or phone, on the notifier's behalf (SPEC §6, §7)."""

from ntnu.casemgmt.notification import rules as notification
from ntnu.casemgmt.services import error
from ntnu.casemgmt.services import json_object
from ntnu.casemgmt.services import validation_error
from plone import api
from plone.restapi.services import Service
from Products.CMFCore.WorkflowCore import WorkflowException
from zExceptions import BadRequest
from zope.interface import alsoProvides

import plone.protect.interfaces


class RegisterNotificationPost(Service):
    """Body: the ``@notify`` fields plus ``channel`` (``oral``, ``letter``,
    ``email``, ``phone``), optional ``severity``, and ``notifier`` (a user
    id) or ``notifier_name``/``notifier_email`` (no account), or neither
    (anonymous: ``receipt`` is answered once, to hand on to the notifier).
    Who may call it is the permission ``ntnu.casemgmt: Register
    notification``: CentralReceptionist in /speakup, NotificationOfficer
    in their faculty."""

    def reply(self):
        try:
            data = json_object(self.request)
        except BadRequest as exc:
            return error(self.request, 400, str(exc))
        alsoProvides(self.request, plone.protect.interfaces.IDisableCSRFProtection)
        try:
            case, receipt = notification.register(self.context, data, self.request)
        except notification.NotifyError as exc:
            return error(self.request, 400, str(exc), fields=[exc.field])
        except BadRequest as exc:
            return validation_error(self.request, exc)
        except WorkflowException as exc:
            return error(self.request, 400, str(exc))
        self.request.response.setStatus(201)
        result = {
            "@id": case.absolute_url(),
            "case_number": case.case_number,
            "review_state": api.content.get_state(case),
            "received": case.received.isoformat(),
            "channel": case.channel,
        }
        if receipt:
            result["receipt"] = receipt
        return result
