"""The page of a letter: its text, with the placeholders of its template
that are still to be filled in marked (SPEC §3)."""

from Acquisition import aq_parent
from html import escape
from ntnu.casemgmt import _
from ntnu.casemgmt.browser.dates import Dates
from ntnu.casemgmt.browser.parts import PartActions
from ntnu.casemgmt.core.people import fullname
from ntnu.casemgmt.parts.letters.placeholders import marked
from plone import api
from Products.Five.browser import BrowserView


class LetterView(PartActions, Dates, BrowserView):
    """``<letter>/view``: what the letter says, whether it can be sent, and
    a button per step the user may take (``PartActions``)."""

    def case(self):
        return aq_parent(self.context)

    def case_number(self):
        """The case's number; the letter's reader may not see the case
        itself (a letter to the notifier blocks the case's roles), and the
        number is in the letter anyway."""
        return getattr(aq_parent(self.context), "case_number", "") or ""

    def unfilled(self):
        """The placeholders left; only a draft can still be filled in."""
        if self.state() != "draft":
            return []
        return self.context.unfilled_placeholders()

    def send_blocked(self):
        """True when the user could send the draft but for its
        placeholders (the workflow's guard hides ``send`` then)."""
        return bool(self.unfilled()) and self.can_edit()

    def body_html(self):
        """The text, escaped, the unfilled placeholders in ``<mark>``."""
        if self.state() != "draft":
            return escape(self.context.body or "")
        return marked(self.context.template, self.context.body)

    def recipient(self):
        """Whom the letter goes to, as a person reads it."""
        recipient = self.context.recipient
        if recipient == "notifier":
            return api.portal.translate(_("The notifier"))
        return fullname(recipient)

    def copy_to(self):
        return [fullname(user_id) for user_id in self.context.copy_to or ()]
