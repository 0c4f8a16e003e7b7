"""``<case>/@@change-deadline``: the case's deadline changed with its own
action and a reason, kept in the case's history (``core.deadline_change``
decides)."""

from ntnu.casemgmt import _
from ntnu.casemgmt.browser.dates import format_date
from ntnu.casemgmt.browser.forms import CheckedForm
from ntnu.casemgmt.core import deadline_change
from ntnu.casemgmt.core.validation import TEXT_LENGTH
from plone.autoform.form import AutoExtensibleForm
from plone.supermodel import model
from Products.statusmessages.interfaces import IStatusMessage
from z3c.form import button
from z3c.form import form
from z3c.form.interfaces import WidgetActionExecutionError
from zope import schema
from zope.i18n import translate
from zope.interface import Invalid


#: What the form says for each refusal of ``deadline_change.refusal``.
MESSAGES = {
    "the new deadline is in the past": _("The new deadline is in the past."),
    "the new deadline is before the case was received": _(
        "The new deadline is before the case was received."
    ),
}


class IChangeDeadline(model.Schema):
    deadline = schema.Date(title=_("New deadline"), required=True)
    reason = schema.Text(
        title=_("Reason"),
        description=_("Why the deadline changes; kept in the case's history."),
        required=True,
        max_length=TEXT_LENGTH,
    )


class ChangeDeadlineForm(CheckedForm, AutoExtensibleForm, form.Form):
    """Ask for the new deadline and the reason, then change it."""

    schema = IChangeDeadline
    ignoreContext = True

    @property
    def label(self):
        title = translate(_("Change the deadline"), context=self.request)
        return f"{title}: {self.context.case_number}"

    @property
    def description(self):
        current = self.context.deadline
        return translate(
            _(
                "Current deadline: ${date}",
                mapping={"date": format_date(current, self.request) or "-"},
            ),
            context=self.request,
        )

    def updateWidgets(self):
        super().updateWidgets()
        widget = self.widgets["deadline"]
        # the <input type="date"> reads ISO whatever the page's language
        if not widget.value and self.context.deadline:
            widget.value = self.context.deadline.isoformat()

    def __call__(self):
        if not deadline_change.changeable(self.context):
            IStatusMessage(self.request).add(
                _("The deadline of this case cannot be changed now."), "error"
            )
            return self.request.response.redirect(self.context.absolute_url())
        return super().__call__()

    @button.buttonAndHandler(_("Change the deadline"), name="save")
    def handle_save(self, action):
        data, errors = self.extractData()
        if errors:
            self.status = self.formErrorsMessage
            return
        try:
            deadline_change.change_deadline(
                self.context, data["deadline"], data["reason"]
            )
        except deadline_change.DeadlineError as exc:
            message = MESSAGES.get(str(exc), str(exc))
            raise WidgetActionExecutionError(exc.field, Invalid(message)) from exc
        IStatusMessage(self.request).add(_("The deadline was changed."), "info")
        self.request.response.redirect(self.context.absolute_url())

    @button.buttonAndHandler(_("Cancel"), name="cancel")
    def handle_cancel(self, action):
        self.request.response.redirect(self.context.absolute_url())
