"""The field mapping of an intake action: which form field fills which case
field, the lists the editor chooses from, and the check made on saving.

A mapping is a dict ``{case_field: form_field}``. A case field without a
row is filled from a form field of the same name (as before rows existed),
so the check counts such a field too.
"""

from Acquisition import aq_chain
from collective.easyform.api import get_context
from collective.easyform.api import get_schema
from collective.easyform.interfaces import IEasyForm
from ntnu.casemgmt import _
from ntnu.casemgmt.content.deviation import IDeviation
from ntnu.casemgmt.content.notification import INotificationCase
from ntnu.casemgmt.deviation import rules as deviation
from ntnu.casemgmt.notification import rules as notification
from zope.globalrequest import getRequest
from zope.i18n import translate
from zope.interface import Invalid
from zope.interface import provider
from zope.schema import getFieldsInOrder
from zope.schema import interfaces as ischema
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


#: Per case type: its schema, the fields a reporter may set (SPEC §4), the
#: ones a case cannot be made without.
CASE_TYPES = {
    "Deviation": {
        "schema": IDeviation,
        "fields": (*deviation.REPORT_FIELDS, "faculty"),
        "required": ("title", "category", "event_description", "prior_attempts"),
    },
    "NotificationCase": {
        "schema": INotificationCase,
        "fields": notification.NOTIFY_FIELDS,
        "required": ("title", "category", "event_description"),
    },
}

FACULTY_TITLE = _("Faculty (its code)")

#: Case fields that take a text; a free-text form field fits.
_TEXT = (ischema.IText, ischema.IChoice)
#: Case fields that take one value of a list: a choice of those values, or
#: a text line (its answer is checked when the form is sent).
_CHOICE = (ischema.IChoice, ischema.ITextLine)


def parse_text(text):
    """``{case_field: form_field}`` from the old ``case_field = form_field``
    lines."""
    mapping = {}
    for line in (text or "").splitlines():
        if "=" in line:
            case_field, form_field = (part.strip() for part in line.split("=", 1))
            if case_field and form_field:
                mapping[case_field] = form_field
    return mapping


def case_field_title(portal_type, name):
    """The title of a case field as the report form shows it."""
    if name == "faculty":
        return FACULTY_TITLE
    return CASE_TYPES[portal_type]["schema"][name].title


def _case_fields_vocabulary(portal_type):
    request = getRequest()
    terms = []
    for name in CASE_TYPES[portal_type]["fields"]:
        title = translate(case_field_title(portal_type, name), context=request)
        terms.append(SimpleTerm(value=name, token=name, title=f"{title} ({name})"))
    return SimpleVocabulary(terms)


@provider(IVocabularyFactory)
def deviation_fields(context):
    """The fields of a deviation that a reporter may set."""
    return _case_fields_vocabulary("Deviation")


@provider(IVocabularyFactory)
def notification_fields(context):
    """The fields of a notification case that a notifier may set."""
    return _case_fields_vocabulary("NotificationCase")


def find_form(context):
    """The EasyForm ``context`` belongs to (an action of it, the form, a
    view on it), else the one being published, else None."""
    if context is not None:
        if ischema.IField.providedBy(context):
            try:
                return get_context(context)
            except (AttributeError, KeyError):
                pass
        for item in aq_chain(context):
            if IEasyForm.providedBy(item):
                return item
    request = getRequest()
    for item in (request or {}).get("PARENTS", ()) if request else ():
        for obj in aq_chain(item):
            if IEasyForm.providedBy(obj):
                return obj
    return None


@provider(IVocabularyFactory)
def form_fields(context):
    """The fields of the EasyForm the mapping belongs to."""
    form = find_form(context)
    if form is None:
        return SimpleVocabulary([])
    return SimpleVocabulary([
        SimpleTerm(value=name, token=name, title=f"{field.title} ({name})")
        for name, field in getFieldsInOrder(get_schema(form))
    ])


def effective(mapping, case_fields, form_schema):
    """``{case_field: form_field}``: the rows, and a same-named form field
    for each case field without a row."""
    result = {}
    for case_field in case_fields:
        form_field = (mapping or {}).get(case_field)
        if form_field is None and form_schema is not None and case_field in form_schema:
            form_field = case_field
        if form_field is not None:
            result[case_field] = form_field
    return result


def _values(field):
    """The values a choice field offers, or None if they cannot be listed."""
    vocabulary = getattr(field, "vocabulary", None)
    if vocabulary is None:
        return None
    try:
        return [term.value for term in vocabulary]
    except TypeError:
        return None


def _fits(portal_type, case_field, form_field):
    """An error message if ``form_field`` cannot fill ``case_field``."""
    case_schema = CASE_TYPES[portal_type]["schema"]
    target = None if case_field == "faculty" else case_schema[case_field]
    if ischema.ICollection.providedBy(form_field):
        return _("it allows several answers; the case field takes one")
    if target is None or ischema.IChoice.providedBy(target):
        if not any(i.providedBy(form_field) for i in _CHOICE):
            return _("it must be a choice or a text line")
        values = _values(form_field) if ischema.IChoice.providedBy(form_field) else None
        allowed = _values(target) if target is not None else None
        if values is not None and allowed is not None:
            unknown = [v for v in values if v not in allowed]
            if unknown:
                return _(
                    "its values ${unknown} are not values of the case field; "
                    "use: ${allowed}",
                    mapping={
                        "unknown": ", ".join(map(str, unknown)),
                        "allowed": ", ".join(allowed),
                    },
                )
        return None
    if ischema.IBool.providedBy(target):
        return (
            None
            if ischema.IBool.providedBy(form_field)
            else _("it must be a yes/no field")
        )
    if ischema.IDate.providedBy(target):
        if ischema.IDate.providedBy(form_field) and not ischema.IDatetime.providedBy(
            form_field
        ):
            return None
        return _("it must be a date field")
    if not any(i.providedBy(form_field) for i in _TEXT):
        return _("it must be a text field")
    return None


def check(portal_type, mapping, form_schema):
    """The problems of ``mapping`` for a form with ``form_schema``, one
    message per row or missing case field; empty if it is fine.

    :param portal_type: ``Deviation`` or ``NotificationCase``.
    :param mapping: ``{case_field: form_field}``, the rows.
    :param form_schema: the form's schema (its fields).
    """
    request = getRequest()
    spec = CASE_TYPES[portal_type]
    problems = []
    used = {}
    for number, (case_field, form_field) in enumerate((mapping or {}).items(), 1):
        if case_field not in spec["fields"]:
            problems.append(
                _(
                    "Row ${row}: the reporter cannot set the case field '${case}'.",
                    mapping={"row": number, "case": case_field},
                )
            )
            continue
        case_title = translate(
            case_field_title(portal_type, case_field), context=request
        )
        if form_schema is None or form_field not in form_schema:
            problems.append(
                _(
                    "Row ${row} (${case}): the form has no field '${form}'.",
                    mapping={"row": number, "case": case_title, "form": form_field},
                )
            )
            continue
        if form_field in used:
            problems.append(
                _(
                    "Row ${row} (${case}): the form field '${form}' is mapped "
                    "already, in row ${other}.",
                    mapping={
                        "row": number,
                        "case": case_title,
                        "form": form_field,
                        "other": used[form_field],
                    },
                )
            )
            continue
        used[form_field] = number
        reason = _fits(portal_type, case_field, form_schema[form_field])
        if reason is not None:
            problems.append(
                _(
                    "Row ${row} (${case}): the form field '${form}' does not fit: "
                    "${reason}.",
                    mapping={
                        "row": number,
                        "case": case_title,
                        "form": form_field,
                        "reason": translate(reason, context=request),
                    },
                )
            )
    full = effective(mapping, spec["fields"], form_schema)
    for case_field in spec["required"]:
        if case_field in (mapping or {}):
            continue
        if case_field not in full:
            problems.append(
                _(
                    "The case field '${case}' is required: add a row for it.",
                    mapping={
                        "case": translate(
                            case_field_title(portal_type, case_field), context=request
                        )
                    },
                )
            )
            continue
        reason = _fits(portal_type, case_field, form_schema[case_field])
        if reason is not None:
            problems.append(
                _(
                    "The form field '${form}' fills the case field '${case}' by "
                    "its name but does not fit: ${reason}.",
                    mapping={
                        "form": case_field,
                        "case": translate(
                            case_field_title(portal_type, case_field), context=request
                        ),
                        "reason": translate(reason, context=request),
                    },
                )
            )
    return problems


def refuse_repeated_case_fields(rows):
    """Refuse two rows for one case field.

    :param rows: ``(case_field, form_field)`` pairs as the widget sent them
        (a choice comes as a list of one).
    :raises zope.interface.Invalid: naming both rows.
    """
    seen = {}
    for number, (case_field, _form_field) in enumerate(rows, 1):
        if isinstance(case_field, (list, tuple)):
            case_field = case_field[0] if case_field else None
        if not case_field:
            continue
        if case_field in seen:
            raise Invalid(
                translate(
                    _(
                        "Row ${row}: the case field '${case}' has a row already, "
                        "row ${other}.",
                        mapping={
                            "row": number,
                            "case": case_field,
                            "other": seen[case_field],
                        },
                    ),
                    context=getRequest(),
                )
            )
        seen[case_field] = number


def validate(portal_type, mapping, context):
    """Check ``mapping`` against the form of ``context``.

    :raises zope.interface.Invalid: with every problem, translated.
    """
    form = find_form(context)
    form_schema = get_schema(form) if form is not None else None
    problems = check(portal_type, mapping, form_schema)
    if problems:
        request = getRequest()
        raise Invalid(" ".join(translate(p, context=request) for p in problems))
