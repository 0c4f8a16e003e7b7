"""POST <case or part>/@workflow/<transition>, strict.

plone.restapi's service answers 200 when a transition is not available but
the object happens to be in the transition's target state already
(``approve`` on an approved case), stamps an effective date before it
transitions, stores any JSON value as the comment and answers a lost race
with "No workflow provides the '${action_id}' action". For cases and their
parts a transition that cannot be done now answers 400 and changes nothing
(the transaction is doomed, so not even the effective date stays), the
comment must be a text, and the message is the translated one. A letter
with an unfilled placeholder is not sent: 400 naming them (SPEC §3); nor is
a case for the external committee forwarded before it came back: 400 saying
so (SPEC §5).
"""

from ntnu.casemgmt.content.letter import ILetter
from ntnu.casemgmt.content.notification import INotificationCase
from ntnu.casemgmt.core.validation import TEXT_LENGTH
from ntnu.casemgmt.rest.errors import PayloadTooLarge
from ntnu.casemgmt.rest.errors import RequestRefused
from ntnu.casemgmt.services import error
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
        if self.transition == "send" and ILetter.providedBy(self.context):
            refused = unfilled_placeholders(self.request, self.context)
            if refused is not None:
                return refused
        if self.transition == "forward" and INotificationCase.providedBy(self.context):
            refused = forward_refused(self.request, self.context)
            if refused is not None:
                return refused
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


def unfilled_placeholders(request, letter):
    """The 400 answer to ``send`` of a letter with placeholders of its
    template left (SPEC §3), naming them; None when there are none.

    The letter workflow's guard already refuses such a letter everywhere
    (plone.api, the toolbar, content_status_modify); but a guard can only
    say no, and plone.restapi would answer "Invalid transition" without
    saying why. So the service asks first, names the placeholders, and
    otherwise leaves the transition to plone.restapi."""
    unfilled = letter.unfilled_placeholders()
    if not unfilled:
        return None
    return error(
        request,
        400,
        "body: fill in the placeholders of the template before sending: "
        + ", ".join(unfilled),
        fields=["body"],
        placeholders=unfilled,
    )


def forward_refused(request, case):
    """The 400 answer to ``forward`` of a case for the external committee
    that has not come back yet (SPEC §5), for who could forward it
    otherwise; None when it may be forwarded (the guard says no for the
    same reason, but without saying why)."""
    from ntnu.casemgmt.notification.rules import forward_refusal
    from plone import api

    if not api.user.has_permission("Review portal content", obj=case):
        return None
    refusal = forward_refusal(case)
    if not refusal:
        return None
    return error(request, 400, refusal + ".", fields=["external_committee"])
