"""POST <case or part>/@workflow/<transition>, strict.

plone.restapi's service answers 200 when a transition is not available but
the object happens to be in the transition's target state already
(``approve`` on an approved case), stamps an effective date before it
transitions, stores any JSON value as the comment and answers a lost race
with "No workflow provides the '${action_id}' action". For cases and their
parts a transition that cannot be done now answers 400 and changes nothing
(the transaction is doomed, so not even the effective date stays), the
comment must be a text, and the message is the translated one.
"""

from ntnu.casemgmt.core.validation import TEXT_LENGTH
from ntnu.casemgmt.rest.errors import PayloadTooLarge
from ntnu.casemgmt.rest.errors import RequestRefused
from plone.restapi.deserializer import json_body
from plone.restapi.services.workflow.transition import WorkflowTransition
from Products.CMFCore.WorkflowCore import WorkflowException
from zope.i18n import translate

import transaction


#: What the body may hold, and the JSON type of each.
KEYS = {"comment": str}


def check_body(data):
    """:raises RequestRefused: an unknown key or a value of the wrong type.
    :raises PayloadTooLarge: a comment over ``TEXT_LENGTH`` characters."""
    for key, value in data.items():
        if key not in KEYS:
            raise RequestRefused(f"{key}: a transition takes only a comment", [key])
        if not isinstance(value, KEYS[key]):
            raise RequestRefused(f"{key}: expected a text", [key])
    if len(data.get("comment", "")) > TEXT_LENGTH:
        raise PayloadTooLarge(f"comment: at most {TEXT_LENGTH} characters", ["comment"])


class CaseWorkflowTransition(WorkflowTransition):
    def reply(self):
        if self.transition is not None:
            check_body(json_body(self.request))
        result = super().reply()
        if self.request.response.getStatus() >= 400:
            transaction.doom()
        return result

    def recurse_transition(
        self, objs, comment, publication_dates, include_children=False
    ):
        for obj in objs:
            try:
                self.wftool.doActionFor(obj, self.transition, comment=comment)
            except WorkflowException as exc:
                # DCWorkflow's message is a Message with a mapping: str() of
                # it would show "${action_id}".
                message = exc.args[0] if exc.args else ""
                raise WorkflowException(
                    translate(message, context=self.request)
                ) from exc
