"""Intake forms: collective.easyform actions that create cases.

An editor builds a form with EasyForm and adds the action "Create deviation
case" or "Create notification case". On submission the action maps form
fields to case fields (``case_field = form_field`` lines; without a line a
form field named like the case field is used), stores the remaining answers
on the case in readable form (``form_answers``), and creates the case
through the same functions as the REST services, with all their effects
(routing, case number, receipts, mails). Bad input is shown on the form.
"""

from collective.easyform.actions import Action
from collective.easyform.api import get_context
from collective.easyform.api import get_schema
from collective.easyform.config import FORM_ERROR_MARKER
from collective.easyform.interfaces import IAction
from datetime import date
from ntnu.casemgmt import _
from ntnu.casemgmt.deviation import rules as deviation
from ntnu.casemgmt.notification import rules as notification
from ntnu.casemgmt.rest.errors import RequestRefused
from plone.supermodel.exportimport import BaseHandler
from Products.statusmessages.interfaces import IStatusMessage
from zExceptions import BadRequest
from zope import schema
from zope.i18n import translate
from zope.interface import implementer


class IMappingAction(IAction):
    field_mapping = schema.Text(
        title=_("Field mapping"),
        description=_(
            "One line per case field: case_field = form_field, for example "
            "'event_description = what_happened'. A form field named like a "
            "case field needs no line. All other answers are kept on the case "
            "as text."
        ),
        required=False,
        default="",
    )


class ICreateDeviationAction(IMappingAction):
    """Create a deviation in the reporter's (or the form's) faculty."""


class ICreateNotificationAction(IMappingAction):
    """Create a notification case in the central reception."""


def parse_mapping(text):
    """``{"case_field": "form_field"}`` from the mapping lines."""
    mapping = {}
    for line in (text or "").splitlines():
        if "=" in line:
            case_field, form_field = (part.strip() for part in line.split("=", 1))
            if case_field and form_field:
                mapping[case_field] = form_field
    return mapping


def _json(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (set, tuple)):
        return list(value)
    return value


def split_answers(fields, case_fields, mapping, form_schema):
    """``(case data, readable text of the other answers)``."""
    data = {}
    used = set()
    for case_field in case_fields:
        form_field = mapping.get(case_field, case_field)
        if form_field in fields and fields[form_field] not in (None, "", [], ()):
            data[case_field] = _json(fields[form_field])
            used.add(form_field)
    lines = []
    for name, value in fields.items():
        if name in used or value in (None, "", [], ()):
            continue
        title = (
            form_schema[name].title
            if form_schema is not None and name in form_schema
            else name
        )
        if isinstance(value, (list, tuple, set)):
            value = ", ".join(str(v) for v in value)
        lines.append(f"{title}: {value}")
    return data, "\n".join(lines)


class _CreateCase(Action):
    interface = IMappingAction
    case_fields = ()

    def __init__(self, **kw):
        for name, field in IMappingAction.namesAndDescriptions():
            setattr(self, name, kw.pop(name, field.default))
        super().__init__(**kw)

    def onSuccess(self, fields, request):
        form = get_context(self)
        data, answers = split_answers(
            fields,
            self.case_fields,
            parse_mapping(self.field_mapping),
            get_schema(form),
        )
        try:
            case = self.create(data, request, form)
        except (deviation.ReportError, notification.NotifyError) as exc:
            target = self._form_field(exc.field)
            return {target or FORM_ERROR_MARKER: str(exc)}
        except RequestRefused as exc:  # a wrong type or size (deserializer.py)
            target = self._form_field(exc.fields[0]) if exc.fields else None
            return {target or FORM_ERROR_MARKER: str(exc)}
        except BadRequest as exc:
            errors = exc.args[0] if exc.args and isinstance(exc.args[0], list) else []
            result = {}
            for error in errors:
                target = self._form_field(error.get("field"))
                result[target or FORM_ERROR_MARKER] = (
                    f"{error.get('field')}: {error.get('message')}"
                )
            return result or {FORM_ERROR_MARKER: str(exc)}
        case.form_answers = answers
        case.reindexObject()

    def _form_field(self, case_field):
        form_field = parse_mapping(self.field_mapping).get(case_field, case_field)
        form = get_context(self)
        return form_field if form_field in get_schema(form) else None


@implementer(ICreateDeviationAction)
class CreateDeviation(_CreateCase):
    __doc__ = ICreateDeviationAction.__doc__
    interface = ICreateDeviationAction
    case_fields = (*deviation.REPORT_FIELDS, "faculty")

    def create(self, data, request, form):
        if "faculty" not in data:
            faculty = deviation.faculty_of(form)  # a form on a faculty's page
            if faculty is not None:
                data["faculty"] = faculty.code
        case = deviation.report(data, request)
        IStatusMessage(request).add(
            translate(
                _(
                    "Thank you. Your report has case number ${case_number}; "
                    "a receipt was sent to you by e-mail.",
                    mapping={"case_number": case.case_number},
                ),
                context=request,
            ),
            "info",
        )
        return case


@implementer(ICreateNotificationAction)
class CreateNotification(_CreateCase):
    __doc__ = ICreateNotificationAction.__doc__
    interface = ICreateNotificationAction
    case_fields = notification.NOTIFY_FIELDS

    def create(self, data, request, form):
        case, receipt = notification.submit(data, request)
        if receipt:
            message = _(
                "Your notification has case number ${case_number}. "
                "Your receipt code, shown only now: ${receipt}",
                mapping={"case_number": case.case_number, "receipt": receipt},
            )
        else:
            message = _(
                "Thank you. Your notification has case number ${case_number}.",
                mapping={"case_number": case.case_number},
            )
        IStatusMessage(request).add(translate(message, context=request), "info")
        return case


def _factory(cls, title):
    from collective.easyform.actions import ActionFactory

    return ActionFactory(cls, title, "collective.easyform.AddMailers")


CreateDeviationAction = _factory(CreateDeviation, _("Create deviation case"))
CreateNotificationAction = _factory(CreateNotification, _("Create notification case"))
CreateDeviationHandler = BaseHandler(CreateDeviation)
CreateNotificationHandler = BaseHandler(CreateNotification)
