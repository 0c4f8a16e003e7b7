"""Helpers of the add-on's forms."""

from ntnu.casemgmt import _
from plone import api
from plone.protect.authenticator import check
from Products.CMFCore.WorkflowCore import WorkflowException
from Products.statusmessages.interfaces import IStatusMessage
from urllib.parse import quote
from z3c.form import button
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


class StepForm(CheckedForm):
    """Mixin of the forms behind a step's button, ``@@<view_name>?transition=
    <id>`` (a case's in ``transitions.py``, a part's in ``parts.py``): the
    step comes from the address, the button is named after it, and a
    refused step says why on the form instead of an error page.

    A form names its view (``view_name``), says the step's title or None
    when the user may not take it now (``step_title``), takes it
    (``take``) and says where to go next (``done``).
    """

    ignoreContext = True
    view_name = None

    @property
    def transition_id(self):
        value = self.request.form.get("transition", "")
        return value if isinstance(value, str) else ""

    @property
    def action(self):
        url = self.context.absolute_url()
        return f"{url}/@@{self.view_name}?transition={quote(self.transition_id)}"

    def step_title(self):
        """The step's title (a workflow title, the ``plone`` domain), or None
        when the user may not take it now."""
        raise NotImplementedError

    def take(self, data):
        """Take the step with the form's ``data``.

        :raises WorkflowException: the workflow refused it.
        :raises WidgetActionExecutionError: a field is missing for it.
        """
        raise NotImplementedError

    def done(self):
        """Say the step is taken and go on (to the context's page)."""
        IStatusMessage(self.request).add(_("Done: the case was updated."), "info")
        self.request.response.redirect(self.context.absolute_url())

    def refuse(self, message):
        """Back to the context's page with ``message``; the step is not taken."""
        IStatusMessage(self.request).add(message, "error")
        return self.request.response.redirect(self.context.absolute_url())

    def updateActions(self):
        super().updateActions()
        title = self.step_title()
        if title and "save" in self.actions:
            # the button says what it does: "Approve", "Complete", ...
            self.actions["save"].title = translate(
                title, domain="plone", context=self.request
            )

    @button.buttonAndHandler(_("Save"), name="save")
    def handle_save(self, action):
        data, errors = self.extractData()
        if errors:
            self.status = self.formErrorsMessage
            return
        try:
            self.take(data)
        except (WorkflowException, api.exc.InvalidParameterError) as exc:
            self.status = str(exc)
            return
        self.done()

    @button.buttonAndHandler(_("Cancel"), name="cancel")
    def handle_cancel(self, action):
        self.request.response.redirect(self.context.absolute_url())
