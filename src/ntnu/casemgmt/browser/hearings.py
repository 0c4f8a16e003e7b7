"""Where a hearing participant finds the answer form (issue 17): a box
above the hearing's page, above the case's page (the user's open hearings
in it) and above My work (every open hearing waiting for the user's
answer), each with a button to ``@@hearing-answer``.

Viewlets of ``plone.abovecontent``: Plone renders that manager whatever
template a page fills its main slot with, so the case pages, the parts'
pages and the work lists need no change. Which hearings is
``parts.hearings.waiting_for_answer`` (participants, directly or through a
group, of an open hearing they may answer).
"""

from ntnu.casemgmt.browser.dates import Dates
from ntnu.casemgmt.content.case import ICase
from ntnu.casemgmt.content.hearing import IHearing
from ntnu.casemgmt.parts import hearings
from plone.app.layout.viewlets import ViewletBase


class HearingsWaitingViewlet(Dates, ViewletBase):
    """The hearings waiting for the user's answer, where they are."""

    def update(self):
        super().update()
        self.items = self.waiting()

    def waiting(self):
        if getattr(self.view, "__name__", "") == "hearing-answer":
            return []  # the form itself says what to answer
        if IHearing.providedBy(self.context):
            if hearings.may_answer(self.context):
                return [hearings.describe_waiting(self.context)]
            return []
        if ICase.providedBy(self.context):
            return hearings.waiting_for_answer(self.context)
        return hearings.waiting_for_answer()

    def on_hearing(self):
        return IHearing.providedBy(self.context)

    def render(self):
        return self.index() if self.items else ""
