"""POST <notification>/@forward: the central reception forwards a case."""

from ntnu.casemgmt.notification import rules as notification
from ntnu.casemgmt.services import error
from ntnu.casemgmt.services import json_object
from plone import api
from plone.restapi.services import Service
from Products.CMFCore.WorkflowCore import WorkflowException
from zExceptions import BadRequest
from zope.interface import alsoProvides

import plone.protect.interfaces
import transaction


class ForwardPost(Service):
    """``{"faculty": "<code>", "comment": "..."}`` (faculty defaults to
    ``accused_faculty``). Only who may fire ``forward`` may use it."""

    def reply(self):
        try:
            data = json_object(self.request, empty_ok=True)
        except BadRequest as exc:
            return error(self.request, 400, str(exc))
        for name in ("faculty", "comment"):
            if data.get(name) is not None and not isinstance(data[name], str):
                return error(
                    self.request, 400, f"{name}: expected a text.", fields=[name]
                )
        workflow = api.portal.get_tool("portal_workflow")
        if "forward" not in {t["id"] for t in workflow.getTransitionsFor(self.context)}:
            if api.content.get_state(self.context) != "received":
                return error(
                    self.request,
                    400,
                    "review_state: only a received case can be forwarded.",
                )
            refusal = self._refusal()
            if refusal:
                return error(
                    self.request, 400, refusal + ".", fields=["external_committee"]
                )
            return error(
                self.request, 403, "You may not forward this case.", "Forbidden"
            )
        alsoProvides(self.request, plone.protect.interfaces.IDisableCSRFProtection)
        try:
            case = notification.forward(
                self.context, data.get("faculty"), (data.get("comment") or "").strip()
            )
        except notification.NotifyError as exc:
            transaction.doom()
            return error(self.request, 400, str(exc), fields=[exc.field])
        except WorkflowException as exc:
            transaction.doom()
            return error(self.request, 400, str(exc))
        return {
            "@id": case.absolute_url(),
            "case_number": case.case_number,
            "faculty": case.aq_parent.code,
            "review_state": api.content.get_state(case),
            "confirmation_deadline": case.confirmation_deadline.isoformat(),
        }

    def _refusal(self):
        """Why the workflow's guard refuses ``forward`` (SPEC §5), told only
        to who could forward the case otherwise."""
        if not api.user.has_permission("Review portal content", obj=self.context):
            return None
        return notification.forward_refusal(self.context)
