"""POST /@receipt and /@receipt/message: an anonymous notifier follows
their case with the receipt code and nothing else."""

from ntnu.casemgmt.notification import conversations
from ntnu.casemgmt.notification import guards
from ntnu.casemgmt.notification import rules as notification
from ntnu.casemgmt.parts.letters import sent_to_notifier
from ntnu.casemgmt.rest.errors import PayloadTooLarge
from ntnu.casemgmt.services import error
from ntnu.casemgmt.services import json_object
from ntnu.casemgmt.services import refusal
from plone import api
from plone.restapi.services import Service
from zExceptions import BadRequest
from zExceptions import NotFound
from zope.interface import alsoProvides
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse

import plone.protect.interfaces


WRONG = "receipt: no case has this receipt code."


def status_of(case):
    """What the notifier may know: number, state, dates, the messages of
    their conversation (the unit's answers too), the letters sent to them."""
    workflow = api.portal.get_tool("portal_workflow")
    state = notification.state_of(case)
    return {
        "case_number": case.case_number,
        "review_state": state,
        "state_title": api.portal.translate(
            workflow.getTitleForStateOnType(state, "NotificationCase"), domain="plone"
        ),
        "received": case.received.isoformat(),
        "messages": notification.messages_of(case),
        "letters": sent_to_notifier(case),
    }


@implementer(IPublishTraverse)
class ReceiptPost(Service):
    """``{"receipt": "..."}`` -> status, messages and letters;
    ``/message`` with ``{"receipt": "...", "text": "...", "attachments"?:
    [...]}`` adds a message to the notifier's conversation (and tells the
    unit, without its text).
    A wrong code gets the same 404 whatever the reason. After too many wrong
    codes a client gets 429 with a challenge, and is heard with a proof of
    work bound to the code (``notification.guards``, as the receipt page):
    a notifier behind the same address as a guesser still reads their case."""

    action = None

    def publishTraverse(self, request, name):
        if self.action is None and name == "message":
            self.action = name
            return self
        raise NotFound(self, name, request)

    def reply(self):
        try:
            data = json_object(self.request)
        except BadRequest as exc:
            return error(self.request, 400, str(exc))
        code = data.get("receipt")
        if not code or not isinstance(code, str):
            return error(
                self.request,
                400,
                "receipt: the receipt code is required, as a text.",
                fields=["receipt"],
            )
        if self.action == "message" and not isinstance(data.get("text", ""), str):
            return error(
                self.request, 400, "text: write a message, as a text.", fields=["text"]
            )
        files = []
        if self.action == "message":
            # checked before the code is looked up: nothing is stored
            try:
                files = conversations.attachments_from_json(data.get("attachments"))
            except conversations.ConversationError as exc:
                return self.refuse(exc)
        try:
            case = guards.lookup(self.request, code)
        except guards.Refused as refused:
            return refusal(self.request, refused)
        if case is None:
            return error(self.request, 404, WRONG, "NotFound")
        alsoProvides(self.request, plone.protect.interfaces.IDisableCSRFProtection)
        if self.action == "message":
            try:
                conversations.post_anonymously(case, data.get("text"), files)
            except conversations.ConversationError as exc:
                return self.refuse(exc)
            self.request.response.setStatus(201)
        return status_of(case)

    def refuse(self, exc):
        """The answer to a message that cannot be written (413 for files
        over the limits, else 400 naming the field)."""
        if exc.status == 413:
            raise PayloadTooLarge(str(exc), [exc.field])
        return error(self.request, 400, str(exc), fields=[exc.field])
