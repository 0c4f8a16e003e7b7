"""GET and POST <notification>/@messages: the conversations of a case."""

from ntnu.casemgmt.notification import conversations
from ntnu.casemgmt.rest.errors import PayloadTooLarge
from ntnu.casemgmt.services import error
from ntnu.casemgmt.services import json_fields
from plone.restapi.services import Service


FIELDS = ("text", "thread", "attachments")


def listing(case):
    """The messages the current user may see, oldest first (newest last)."""
    items = [
        conversations.describe(message)
        for message in conversations.visible_messages(case)
    ]
    return {
        "@id": f"{case.absolute_url()}/@messages",
        "case_number": case.case_number,
        "threads": [thread for thread, _ in conversations.conversations(case)],
        "items": items,
        "items_total": len(items),
    }


class MessagesGet(Service):
    """The messages of the conversations the user takes part in or
    handles; another party's never."""

    def reply(self):
        return listing(self.context)


class MessagesPost(Service):
    """``{"text", "thread"?, "attachments"?}``: a notifier or party writes
    in their own conversation, the unit names the ``thread``; 201 with the
    new message."""

    def reply(self):
        data, refused = json_fields(self.request, FIELDS)
        if refused:
            return refused
        try:
            files = conversations.attachments_from_json(data.get("attachments"))
            message = conversations.post(
                self.context, data.get("text"), data.get("thread"), files
            )
        except conversations.ConversationError as exc:
            if exc.status == 413:
                raise PayloadTooLarge(str(exc), [exc.field]) from None
            type_ = "Forbidden" if exc.status == 403 else "BadRequest"
            return error(self.request, exc.status, str(exc), type_, fields=[exc.field])
        self.request.response.setStatus(201)
        return conversations.describe(message)
