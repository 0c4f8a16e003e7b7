"""Registering a notification received orally, by letter, e-mail or phone
on the notifier's behalf (SPEC §6, §7): the form of the central reception
(on /speakup) and of a faculty's notification unit (on its faculty), and
the button that leads there. The rules are ``notification.rules.register``,
the same as ``@register-notification``'s."""

from ntnu.casemgmt import _
from ntnu.casemgmt.browser.forms import CheckedForm
from ntnu.casemgmt.browser.forms import copy_field
from ntnu.casemgmt.browser.forms import show_case
from ntnu.casemgmt.content.faculty import IFaculty
from ntnu.casemgmt.content.notification import INotificationCase
from ntnu.casemgmt.core.vocabularies import CHANNELS
from ntnu.casemgmt.notification import rules as notification
from ntnu.casemgmt.rest.errors import RequestRefused
from plone import api
from plone.app.layout.viewlets import ViewletBase
from plone.autoform.form import AutoExtensibleForm
from plone.supermodel import model
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from z3c.form import button
from z3c.form import form
from z3c.form.interfaces import WidgetActionExecutionError
from zExceptions import BadRequest
from zope import schema
from zope.interface import Invalid
from zope.schema.vocabulary import SimpleVocabulary


#: The ways a registered notification comes in (not ``online``).
REGISTER_CHANNELS = SimpleVocabulary([
    CHANNELS.getTerm(value) for value in notification.REGISTER_CHANNELS
])

#: The form's fields that a registration sends on as they are.
FIELDS = (
    "category",
    "title",
    "event_description",
    "persons_involved",
    "witnesses",
    "previous_cases",
    "accused_faculty",
    "notifier_is_party",
    "severity",
    "notifier",
    "notifier_name",
    "notifier_email",
)


class IRegisterNotification(model.Schema):
    """What the central reception or the unit fills in."""

    channel = schema.Choice(
        title=_("Received"),
        description=_("How the notification came in."),
        vocabulary=REGISTER_CHANNELS,
        required=True,
    )
    category = copy_field(INotificationCase, "category")
    title = copy_field(INotificationCase, "title")
    event_description = copy_field(INotificationCase, "event_description")
    persons_involved = copy_field(INotificationCase, "persons_involved")
    witnesses = copy_field(INotificationCase, "witnesses")
    previous_cases = copy_field(INotificationCase, "previous_cases")
    accused_faculty = copy_field(INotificationCase, "accused_faculty")
    severity = copy_field(INotificationCase, "severity")
    notifier = schema.TextLine(
        title=_("Notifier's user id"),
        description=_(
            "If the notifier has a user account. Leave the notifier fields "
            "empty for an anonymous notification: you then get a receipt "
            "code to hand on to the notifier."
        ),
        required=False,
        max_length=200,
    )
    notifier_name = copy_field(INotificationCase, "notifier_name")
    notifier_email = copy_field(INotificationCase, "notifier_email")
    notifier_is_party = copy_field(INotificationCase, "notifier_is_party")


class RegisterNotificationForm(CheckedForm, AutoExtensibleForm, form.Form):
    """Register a notification on the notifier's behalf; an anonymous one
    shows its receipt code once, to hand on."""

    schema = IRegisterNotification
    ignoreContext = True
    label = _("Register a notification")
    description = _(
        "Register a notification received orally, by letter, by e-mail or by "
        "phone, on the notifier's behalf. The notifier gets the same rights "
        "as if they had notified online; you are recorded as the one who "
        "registered it."
    )
    receipt = None
    case_number = None
    result_template = ViewPageTemplateFile("templates/register_result.pt")

    def updateWidgets(self):
        super().updateWidgets()
        if IFaculty.providedBy(self.context):
            # registered in a faculty: about a student of this faculty
            self.widgets["accused_faculty"].mode = "hidden"

    @button.buttonAndHandler(_("Register notification"), name="register")
    def handle_register(self, action):
        data, errors = self.extractData()
        if errors:
            self.status = self.formErrorsMessage
            return
        values = {key: data[key] for key in FIELDS if data.get(key) not in (None, "")}
        values["channel"] = data["channel"]
        if IFaculty.providedBy(self.context):
            values.pop("accused_faculty", None)
        try:
            case, receipt = notification.register(self.context, values, self.request)
        except notification.NotifyError as exc:
            self.status = self.formErrorsMessage
            if exc.field in self.widgets:
                raise WidgetActionExecutionError(exc.field, Invalid(str(exc))) from exc
            self.status = str(exc)
            return
        except (BadRequest, RequestRefused) as exc:
            self.status = str(exc)
            return
        self.receipt = receipt
        self.case_number = case.case_number
        self.case_url = case.absolute_url()
        if receipt is None:
            show_case(
                self.request,
                case,
                _(
                    "The notification is registered with case number ${case_number}.",
                    mapping={"case_number": case.case_number},
                ),
            )

    def render(self):
        if self.receipt:
            return self.result_template()
        return super().render()


class RegisterButtonViewlet(ViewletBase):
    """The button "Register a notification" on /speakup and on a faculty,
    for who may register there."""

    index = ViewPageTemplateFile("templates/register_button.pt")

    def update(self):
        super().update()
        self.register_url = f"{self.context.absolute_url()}/@@register-notification"

    def render(self):
        if getattr(self.view, "__name__", "") == "register-notification":
            return ""
        if not api.user.has_permission(
            "ntnu.casemgmt: Register notification", obj=self.context
        ):
            return ""
        return self.index()
