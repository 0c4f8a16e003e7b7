"""POST <hearing>/@hearing-answer ``{"text": ...}``: a participant answers
a hearing, as with the form ``@@hearing-answer`` (parts/hearings.py)."""

from ntnu.casemgmt.parts import hearings
from ntnu.casemgmt.rest.errors import PayloadTooLarge
from ntnu.casemgmt.services import error
from ntnu.casemgmt.services import json_fields
from plone import api
from plone.restapi.services import Service


FIELDS = ("text",)


class HearingAnswerPost(Service):
    """201 with the hearing's responses; 400 an empty text or another
    field, 413 a text too long, 403 a closed hearing or a user who may not
    answer it."""

    def refused(self):
        """The 403 for who may see the hearing but not answer it now."""
        if api.user.has_permission(hearings.ANSWER_PERMISSION, obj=self.context):
            return None
        if api.content.get_state(self.context, default=None) != "open":
            message = "The hearing is closed: it takes no more answers."
        else:
            message = "You are not asked to answer this hearing."
        return error(self.request, 403, message, "Forbidden")

    def reply(self):
        refused = self.refused()
        if refused:
            return refused
        data, refused = json_fields(self.request, FIELDS)
        if refused:
            return refused
        try:
            hearings.answer(self.context, data.get("text"))
        except hearings.AnswerError as exc:
            if exc.status == 413:
                raise PayloadTooLarge(str(exc), [exc.field]) from None
            return error(self.request, exc.status, str(exc), fields=[exc.field])
        self.request.response.setStatus(201)
        return {
            "@id": f"{self.context.absolute_url()}/@hearing-answer",
            "responses": self.context.responses,
        }
