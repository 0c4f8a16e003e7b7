"""POST <case>/@workflow/<transition>, strict.

plone.restapi's service answers 200 when a transition is not available but
the case happens to be in the transition's target state already (``approve``
on an approved case), and stamps an effective date before it transitions.
For cases a transition that cannot be done now answers 400 and changes
nothing: the transaction is doomed, so not even the effective date stays.
"""

from plone.restapi.services.workflow.transition import WorkflowTransition

import transaction


class CaseWorkflowTransition(WorkflowTransition):
    def reply(self):
        result = super().reply()
        if self.request.response.getStatus() >= 400:
            transaction.doom()
        return result

    def recurse_transition(self, objs, comment, publication_dates, include_children=False):
        for obj in objs:
            self.wftool.doActionFor(obj, self.transition, comment=comment)
