"""Intake forms: collective.easyform actions that create cases.

An editor builds a form with EasyForm and adds the action "Create deviation
case" or "Create notification case". On submission the action maps form
fields to case fields (rows "case field <- form field" chosen from lists
and checked on saving, mapping.py; without a row a form field named like
the case field is used), stores the remaining answers
on the case in readable form (``form_answers``), and creates the case
through the same functions as the REST services, with all their effects
(routing, case number, receipts, mails). Bad input is shown on the form;
the thank-you page names the new case (thanks.py).
"""

from collective.easyform.actions import Action
from collective.easyform.api import get_context
from collective.easyform.api import get_schema
from collective.easyform.config import FORM_ERROR_MARKER
from collective.easyform.interfaces import IAction
from datetime import date
from ntnu.casemgmt import _
from ntnu.casemgmt.deviation import rules as deviation
from ntnu.casemgmt.intake import mapping as mapping_rules
from ntnu.casemgmt.intake import thanks
from ntnu.casemgmt.notification import rules as notification
from ntnu.casemgmt.rest.errors import RequestRefused
from plone.supermodel.exportimport import BaseHandler
from Products.statusmessages.interfaces import IStatusMessage
from typing import ClassVar
from z3c.form import validator
from zExceptions import BadRequest
from zope import schema
from zope.i18n import translate
from zope.interface import implementer


MAPPING_DESCRIPTION = _(
    "One row per case field: choose the case field and the form field that "
    "fills it. A form field named like a case field needs no row. All other "
    "answers are kept on the case as text."
)


class IMappingAction(IAction):
    """An action that creates a case from a form's answers."""


class ICreateDeviationAction(IMappingAction):
    """Create a deviation in the reporter's (or the form's) faculty."""

    mapping = schema.Dict(
        title=_("Field mapping"),
        description=MAPPING_DESCRIPTION,
        key_type=schema.Choice(
            title=_("Case field"), vocabulary="ntnu.casemgmt.intake.DeviationFields"
        ),
        value_type=schema.Choice(
            title=_("Form field"), vocabulary="ntnu.casemgmt.intake.FormFields"
        ),
        required=False,
    )


class ICreateNotificationAction(IMappingAction):
    """Create a notification case in the central reception."""

    mapping = schema.Dict(
        title=_("Field mapping"),
        description=MAPPING_DESCRIPTION,
        key_type=schema.Choice(
            title=_("Case field"),
            vocabulary="ntnu.casemgmt.intake.NotificationFields",
        ),
        value_type=schema.Choice(
            title=_("Form field"), vocabulary="ntnu.casemgmt.intake.FormFields"
        ),
        required=False,
    )


#: Kept for code that parsed the old text format.
parse_mapping = mapping_rules.parse_text


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
    portal_type = None

    def __init__(self, **kw):
        # Forms saved before the mapping had rows keep a text: read it as rows
        # (written back as rows when the editor next saves the actions).
        old_text = kw.pop("field_mapping", None)
        mapping = kw.pop("mapping", None)
        if not mapping and old_text:
            mapping = mapping_rules.parse_text(old_text)
        self.mapping = dict(mapping) if mapping else None
        super().__init__(**kw)

    @property
    def case_fields(self):
        return mapping_rules.CASE_TYPES[self.portal_type]["fields"]

    def _mapping(self, form_schema):
        return mapping_rules.effective(self.mapping, self.case_fields, form_schema)

    def onSuccess(self, fields, request):
        form = get_context(self)
        form_schema = get_schema(form)
        mapping = self._mapping(form_schema)
        data, answers = split_answers(fields, self.case_fields, mapping, form_schema)
        try:
            case, receipt = self.create(data, request, form)
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
        outcome = thanks.remember(request, case, receipt)
        thanks.show_category_title(
            request, form_schema, mapping.get("category"), outcome
        )
        if form.thanksPageOverride:  # another page follows: tell it there
            IStatusMessage(request).add(
                translate(thanks.message(outcome), context=request), "info"
            )

    def _form_field(self, case_field):
        form = get_context(self)
        form_schema = get_schema(form)
        form_field = self._mapping(form_schema).get(case_field, case_field)
        return form_field if form_field in form_schema else None


@implementer(ICreateDeviationAction)
class CreateDeviation(_CreateCase):
    __doc__ = ICreateDeviationAction.__doc__
    interface = ICreateDeviationAction
    portal_type = "Deviation"

    def create(self, data, request, form):
        """The new deviation, and no receipt code."""
        if "faculty" not in data:
            faculty = deviation.faculty_of(form)  # a form on a faculty's page
            if faculty is not None:
                data["faculty"] = faculty.code
        return deviation.report(data, request), None


@implementer(ICreateNotificationAction)
class CreateNotification(_CreateCase):
    __doc__ = ICreateNotificationAction.__doc__
    interface = ICreateNotificationAction
    portal_type = "NotificationCase"

    def create(self, data, request, form):
        """The new notification case and its receipt code (anonymous)."""
        return notification.submit(data, request)


# EasyForm finds an action's factory (its edit link) and supermodel its
# handler by "module.Class": make that the name the actions are registered
# under (and stored with in the forms' models).
CreateDeviation.__module__ = CreateNotification.__module__ = "ntnu.casemgmt.intake"


class MappingHandler(BaseHandler):
    """Reads and writes an action's rows; also reads the old text."""

    filteredAttributes: ClassVar = {
        **BaseHandler.filteredAttributes,
        "field_mapping": "w",
    }

    def __init__(self, klass):
        super().__init__(klass)
        self.fieldAttributes["field_mapping"] = schema.Text(
            __name__="field_mapping", required=False
        )


def _factory(cls, title):
    from collective.easyform.actions import ActionFactory

    return ActionFactory(cls, title, "collective.easyform.AddMailers")


CreateDeviationAction = _factory(CreateDeviation, _("Create deviation case"))
CreateNotificationAction = _factory(CreateNotification, _("Create notification case"))
CreateDeviationHandler = MappingHandler(CreateDeviation)
CreateNotificationHandler = MappingHandler(CreateNotification)


class DeviationMappingValidator(validator.SimpleFieldValidator):
    """Refuse a deviation mapping that cannot create a case."""

    portal_type = "Deviation"

    def validate(self, value):
        """:raises zope.interface.Invalid: naming each bad row."""
        super().validate(value)
        # The dict keeps the last of two rows for one case field: look at
        # the rows as sent.
        rows = self.widget.extract() if self.widget is not None else None
        if isinstance(rows, list):
            mapping_rules.refuse_repeated_case_fields(rows)
        mapping_rules.validate(self.portal_type, value, self.context)


class NotificationMappingValidator(DeviationMappingValidator):
    """Refuse a notification mapping that cannot create a case."""

    portal_type = "NotificationCase"


validator.WidgetValidatorDiscriminators(
    DeviationMappingValidator, field=ICreateDeviationAction["mapping"]
)
validator.WidgetValidatorDiscriminators(
    NotificationMappingValidator, field=ICreateNotificationAction["mapping"]
)
