"""Helpers of the add-on's forms."""

from ntnu.casemgmt import _
from plone.protect.authenticator import check
from Products.statusmessages.interfaces import IStatusMessage
from zExceptions import Forbidden
from zope.i18n import translate

import copy


def copy_field(schema, name):
    """A copy of ``schema[name]`` for another form schema: a field object
    belongs to one interface, and reusing it would move it there."""
    return copy.copy(schema[name])


def show_case(request, case, message):
    """Send the user to ``case``, with ``message`` (a translatable text)
    shown there: what a form says once it has made the case."""
    IStatusMessage(request).add(translate(message, context=request), "info")
    request.response.redirect(case.absolute_url())


class CheckedForm:
    """Mixin of the report and notify forms: plone.protect's authenticator
    is in the form (``enableCSRFProtection``), and a post without a valid
    one does nothing and says so on the form, instead of plone.protect's
    undoing it after the form had sent the user to a case that was never
    stored (issue 14)."""

    enableCSRFProtection = True
    expired = False

    def update(self):
        buttons = [
            key for key in self.request.form if key.startswith(f"{self.prefix}buttons.")
        ]
        if self.request.method == "POST" and buttons and not authentic(self.request):
            self.expired = True
            for key in buttons:
                del self.request.form[key]  # no action runs
        super().update()
        if self.expired:
            self.status = translate(
                _("Your form had expired, and nothing was sent. Please send it again."),
                context=self.request,
            )


def authentic(request):
    """Does the form post carry plone.protect's authenticator (CSRF)?

    The report and notify forms check it before they make anything: a
    post without it would be undone by plone.protect after the form had
    already sent the user to a case that was never stored.
    """
    try:
        check(request)
    except Forbidden:
        return False
    return True
