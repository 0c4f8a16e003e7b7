"""Notifying: the notify form (anonymous visitors too) and the receipt page
where an anonymous notifier follows the case with the receipt code."""

from ntnu.casemgmt import _
from ntnu.casemgmt.browser.caseview import MESSAGE_ERRORS
from ntnu.casemgmt.browser.dates import Dates
from ntnu.casemgmt.browser.forms import CheckedForm
from ntnu.casemgmt.browser.forms import copy_field
from ntnu.casemgmt.browser.forms import show_case
from ntnu.casemgmt.content.notification import INotificationCase
from ntnu.casemgmt.core import ratelimit
from ntnu.casemgmt.notification import conversations
from ntnu.casemgmt.notification import guards
from ntnu.casemgmt.notification import rules as notification
from ntnu.casemgmt.parts.letters import sent_to_notifier
from ntnu.casemgmt.rest.errors import RequestRefused
from plone import api
from plone.autoform.form import AutoExtensibleForm
from plone.protect import CheckAuthenticator
from plone.supermodel import model
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from z3c.form import button
from z3c.form import form
from zExceptions import BadRequest
from zope import schema
from zope.i18n import translate


class INotify(model.Schema):
    """What a notifier fills in."""

    category = copy_field(INotificationCase, "category")
    title = copy_field(INotificationCase, "title")
    event_description = copy_field(INotificationCase, "event_description")
    persons_involved = copy_field(INotificationCase, "persons_involved")
    witnesses = copy_field(INotificationCase, "witnesses")
    previous_cases = copy_field(INotificationCase, "previous_cases")
    accused_faculty = copy_field(INotificationCase, "accused_faculty")
    notifier_is_party = copy_field(INotificationCase, "notifier_is_party")
    anonymous = copy_field(INotificationCase, "anonymous")
    # A field people do not see (hidden by CSS); robots fill it in.
    website = schema.TextLine(title=_("Leave this field empty"), required=False)


class NotifyForm(CheckedForm, AutoExtensibleForm, form.Form):
    """Notify censurable conditions; anonymous visitors get a receipt code."""

    schema = INotify
    ignoreContext = True
    label = _("Notify censurable conditions")
    description = _(
        "Notify bullying, harassment, sexual harassment or other censurable "
        "conditions between students. You may do so anonymously: you then "
        "get a receipt code, the only way to follow the case and to talk to "
        "the case officer."
    )
    receipt = None
    case_number = None
    result_template = ViewPageTemplateFile("templates/notify_result.pt")
    #: The field a proof of work is bound to (ntnu.casemgmt.core.ratelimit).
    bound_field = "form.widgets.event_description"

    def updateWidgets(self):
        super().updateWidgets()
        self.widgets["website"].addClass("visually-hidden")
        if api.user.is_anonymous():
            self.widgets["anonymous"].mode = "hidden"

    @button.buttonAndHandler(_("Send notification"), name="send")
    def handle_send(self, action):
        data, errors = self.extractData()
        if errors:
            self.status = self.formErrorsMessage
            return
        text = self.request.form.get(self.bound_field)
        try:
            # Over the limit, only with the proof the form's script adds.
            guards.check_submission(
                self.request,
                data,
                ratelimit.binding(text if isinstance(text, str) else ""),
            )
        except guards.Refused as refused:
            self.status = translate(refused.message, context=self.request)
            return
        values = {k: v for k, v in data.items() if v not in (None, "")}
        try:
            case, receipt = notification.submit(values, self.request)
        except (notification.NotifyError, BadRequest, RequestRefused) as exc:
            self.status = str(exc)
            return
        guards.submitted(self.request, data)
        self.receipt = receipt
        self.case_number = case.case_number
        if receipt is None:
            show_case(
                self.request,
                case,
                _(
                    "Thank you. Your notification has case number ${case_number}.",
                    mapping={"case_number": case.case_number},
                ),
            )

    def render(self):
        if self.receipt:
            return self.result_template()
        return self.with_proof_of_work(super().render())

    def with_proof_of_work(self, html):
        """``html`` with the challenge's hidden fields in the form and the
        script that solves it after the form (inside the content area
        that the theme keeps)."""
        start = html.find('id="form"') if isinstance(html, str) else -1
        end = html.find("</form>", start) if start >= 0 else -1
        if end < 0:
            return html
        fields = ratelimit.form_fields(ratelimit.SUBMISSIONS.kind, self.bound_field)
        after = end + len("</form>")
        return (
            html[:end] + fields + html[end:after] + ratelimit.FORM_SCRIPT + html[after:]
        )


class ReceiptView(Dates, BrowserView):
    """An anonymous notifier reads the status and talks to the officer with
    the receipt code. The code only ever travels in POST bodies."""

    case = None
    error = None

    def __call__(self):
        form = self.request.form
        if self.request.method == "POST" and form.get("receipt"):
            CheckAuthenticator(self.request)
            try:
                case = guards.lookup(
                    self.request,
                    form["receipt"] if isinstance(form["receipt"], str) else "",
                )
            except guards.Refused as refused:
                self.error = refused.message
                return self.index()
            if case is None:
                self.error = _("No case has this receipt code.")
                return self.index()
            if "form.buttons.send" in form:
                self.write(case, form)
            self.case = case
        return self.index()

    def write(self, case, form):
        """The holder of the code writes to the unit (with files)."""
        try:
            files = conversations.attachments_from_form(form.get("attachments"))
            conversations.post_anonymously(case, form.get("text"), files)
        except conversations.ConversationError as exc:
            self.error = MESSAGE_ERRORS.get(exc.status, MESSAGE_ERRORS[400])

    def receipt(self):
        return self.request.form.get("receipt", "")

    def proof_fields(self):
        """A form's challenge, bound to its receipt code (a new one for
        each form)."""
        return ratelimit.form_fields(ratelimit.WRONG_RECEIPTS.kind, "receipt")

    def proof_script(self):
        return ratelimit.FORM_SCRIPT

    def status(self):
        workflow = api.portal.get_tool("portal_workflow")
        state = notification.state_of(self.case)
        return {
            "case_number": self.case.case_number,
            "state_title": workflow.getTitleForStateOnType(state, "NotificationCase"),
            "received": self.case.received,
        }

    def messages(self):
        return notification.messages_of(self.case)

    def letters(self):
        """The letters sent to the notifier, to read here (SPEC §6)."""
        return sent_to_notifier(self.case)
