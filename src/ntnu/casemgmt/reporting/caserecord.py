"""The case record PDF ("report to PDF" in the old system): metadata,
history, measures, letters and documents of one case, as the person who
asks may see them.

What the user may not read is not in it: parts are listed through the
catalog (which filters by permission), the history only for those who
handle the case, and of the case's fields exactly those the user may read
(``visibility.readable``: the rule of the case page and of REST).
"""

from datetime import date
from datetime import datetime
from io import BytesIO
from ntnu.casemgmt import _
from ntnu.casemgmt.core import dates
from ntnu.casemgmt.core import deadline_change
from ntnu.casemgmt.core import visibility
from ntnu.casemgmt.core.people import fullname
from ntnu.casemgmt.parts.letters.pdf import EXEMPT
from plone import api
from plone.dexterity.utils import iterSchemata
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph
from reportlab.platypus import SimpleDocTemplate
from reportlab.platypus import Spacer
from reportlab.platypus import Table
from reportlab.platypus import TableStyle
from xml.sax.saxutils import escape
from zope.i18n import translate
from zope.schema import getFieldsInOrder
from zope.schema.interfaces import IChoice


#: Shown in the heading, not among the fields.
HEADING = ("title", "case_number", "received")


def fields_of(case):
    """``[(label, value)]`` of every field of ``case`` the current user may
    read (visibility.py: the rule of the case page and of REST), in schema
    order, leaving out empty ones."""
    rows = []
    for schema in iterSchemata(case):
        for name, field in getFieldsInOrder(schema):
            if name in HEADING or not visibility.readable(case, name):
                continue
            value = getattr(case, name, None)
            if value in (None, "", [], (), False):
                continue
            if (
                IChoice.providedBy(field)
                and field.vocabulary is not None
                and value in field.vocabulary
            ):
                value = translate(
                    field.vocabulary.getTerm(value).title, context=case.REQUEST
                )
            elif isinstance(value, (list, tuple)):
                value = ", ".join(fullname(v) for v in value)
            elif value is True:
                value = translate(_("Yes"), context=case.REQUEST)
            elif name in PEOPLE:
                value = fullname(value)
            rows.append((translate(field.title, context=case.REQUEST), value))
    return rows


#: Fields that hold a user id: shown by name.
PEOPLE = ("case_worker", "case_officer", "responsible_manager", "notifier")


def _text(value):
    return escape(str(value)).replace("\n", "<br/>")


def _styles():
    """The record's paragraph styles: normal, heading, title."""
    styles = getSampleStyleSheet()
    return {
        "normal": ParagraphStyle(
            "n", parent=styles["Normal"], fontName="Helvetica", fontSize=10, leading=13
        ),
        "heading": ParagraphStyle(
            "h", parent=styles["Heading2"], fontName="Helvetica-Bold", fontSize=12
        ),
        "title": ParagraphStyle(
            "t", parent=styles["Heading1"], fontName="Helvetica-Bold", fontSize=15
        ),
    }


def _say(message, case):
    """``message`` in the language the record is written in (its
    request's)."""
    return translate(message, context=case.REQUEST)


def _state_title(obj, state):
    """The title of workflow ``state`` of ``obj`` in the record's language."""
    workflow = api.portal.get_tool("portal_workflow")
    title = workflow.getTitleForStateOnType(state, obj.portal_type) or state
    return translate(title, domain="plone", context=obj.REQUEST)


def _step_title(case, action):
    """The title of the workflow transition ``action`` in the record's
    language ("created" for the first entry)."""
    if not action:
        return _say(_("created"), case)
    workflow = api.portal.get_tool("portal_workflow")
    for definition in workflow.getWorkflowsFor(case):
        transition = definition.transitions.get(action)
        if transition is not None:
            title = transition.title or action
            return translate(title, domain="plone", context=case.REQUEST)
    return action


def _head(case, styles):
    """The exemption note, the case number and title, state and receipt."""
    normal = styles["normal"]
    state_title = _state_title(case, api.content.get_state(case))
    # dates in the language the record is written in (its request's)
    received = dates.format_date(case.received, dates.language_of(case.REQUEST))
    story = []
    if case.portal_type == "NotificationCase":
        story.append(Paragraph(f"<b>{escape(EXEMPT['nb'])}</b>", normal))
    story += [
        Paragraph(f"{escape(case.case_number)}: {escape(case.title)}", styles["title"]),
        Paragraph(
            escape(
                _say(
                    _(
                        "Status: ${state} · Received: ${received}",
                        mapping={"state": state_title, "received": received},
                    ),
                    case,
                )
            ),
            normal,
        ),
        Spacer(1, 4 * mm),
    ]
    return story


def _written(value, language):
    """A field's ``value`` as the record writes it: dates by the reader's
    rule (``fields_of`` keeps them as they are, for the archive export)."""
    if isinstance(value, (date, datetime)):
        return dates.format_datetime(value, language)
    return value


def _fields(case, styles):
    """A table of the fields the user may read."""
    normal = styles["normal"]
    language = dates.language_of(case.REQUEST)
    rows = [
        [
            Paragraph(f"<b>{escape(label)}</b>", normal),
            Paragraph(_text(_written(value, language)), normal),
        ]
        for label, value in fields_of(case)
    ]
    if not rows:
        return []
    table = Table(rows, colWidths=[45 * mm, 125 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return [table]


#: the parts of a case, in the order the record lists them
PARTS = (
    ("Measure", _("Measures")),
    ("Hearing", _("Hearings")),
    ("CaseDocument", _("Documents")),
    ("Letter", _("Letters")),
    ("CaseMessage", _("Messages")),
)


def _parts(case, styles):
    """The parts the user may see, by kind."""
    normal = styles["normal"]
    language = dates.language_of(case.REQUEST)
    story = []
    for portal_type, label in PARTS:
        brains = api.content.find(
            context=case, depth=1, portal_type=portal_type, sort_on="created"
        )
        if not brains:
            continue
        story += [
            Spacer(1, 3 * mm),
            Paragraph(escape(_say(label, case)), styles["heading"]),
        ]
        for brain in brains:
            obj = brain.getObject()
            name = escape(brain.Title or brain.getId)
            state = _state_title(obj, brain.review_state or "")
            line = f"<b>{name}</b> ({escape(state)})"
            detail = getattr(obj, "result", None) or getattr(obj, "text", None) or ""
            if portal_type == "Measure" and getattr(obj, "due_date", None):
                due = _say(
                    _(
                        "due ${date}",
                        mapping={"date": dates.format_date(obj.due_date, language)},
                    ),
                    case,
                )
                line += f" · {escape(due)}"
            story.append(Paragraph(line, normal))
            if detail:
                story.append(Paragraph(_text(detail), normal))
    return story


def _history(case, styles):
    """The workflow history, for those who handle the case."""
    if not visibility.handles(case):
        return []
    language = dates.language_of(case.REQUEST)
    story = [
        Spacer(1, 3 * mm),
        Paragraph(escape(_say(_("History"), case)), styles["heading"]),
    ]
    for history in case.workflow_history.values():
        for entry in history:
            when = entry.get("time")
            line = " · ".join((
                dates.format_datetime(when, language),
                escape(_step_title(case, entry.get("action"))),
                escape(fullname(entry.get("actor")) if entry.get("actor") else ""),
            ))
            if entry.get("comments"):
                comments = deadline_change.written_comment(entry, language)
                line += f" · {_text(comments)}"
            story.append(Paragraph(line, styles["normal"]))
    return story


def case_record(case):
    """The case record of ``case`` for the current user, as PDF bytes."""
    styles = _styles()
    story = [
        *_head(case, styles),
        *_fields(case, styles),
        *_parts(case, styles),
        *_history(case, styles),
    ]
    buffer = BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=case.case_number,
    ).build(story)
    return buffer.getvalue()
