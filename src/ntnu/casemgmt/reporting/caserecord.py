"""The case record PDF ("report to PDF" in the old system): metadata,
history, measures, letters and documents of one case, as the person who
asks may see them.

What the user may not read is not in it: parts are listed through the
catalog (which filters by permission), the history only for those who
handle the case, and of the case's fields exactly those the user may read
(``visibility.readable``: the rule of the case page and of REST).
"""

from io import BytesIO
from ntnu.casemgmt import _
from ntnu.casemgmt.core import visibility
from ntnu.casemgmt.parts.letters.pdf import EXEMPT
from ntnu.casemgmt.core.people import fullname
from plone.dexterity.utils import iterSchemata
from plone import api
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
            if IChoice.providedBy(field) and field.vocabulary is not None and value in field.vocabulary:
                value = translate(field.vocabulary.getTerm(value).title, context=case.REQUEST)
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


def case_record(case):
    """The case record of ``case`` for the current user, as PDF bytes."""
    styles = getSampleStyleSheet()
    normal = ParagraphStyle("n", parent=styles["Normal"], fontName="Helvetica", fontSize=10, leading=13)
    heading = ParagraphStyle("h", parent=styles["Heading2"], fontName="Helvetica-Bold", fontSize=12)
    title = ParagraphStyle("t", parent=styles["Heading1"], fontName="Helvetica-Bold", fontSize=15)
    workflow = api.portal.get_tool("portal_workflow")
    state = api.content.get_state(case)
    story = []
    if case.portal_type == "NotificationCase":
        story.append(Paragraph(f"<b>{escape(EXEMPT['nb'])}</b>", normal))
    story += [
        Paragraph(f"{escape(case.case_number)}: {escape(case.title)}", title),
        Paragraph(
            f"Status: {escape(workflow.getTitleForStateOnType(state, case.portal_type))} · "
            f"Received: {case.received.strftime('%Y-%m-%d') if case.received else ''}",
            normal,
        ),
        Spacer(1, 4 * mm),
    ]
    rows = [
        [Paragraph(f"<b>{escape(label)}</b>", normal), Paragraph(_text(value), normal)]
        for label, value in fields_of(case)
    ]
    if rows:
        table = Table(rows, colWidths=[45 * mm, 125 * mm])
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story.append(table)
    for portal_type, label in (("Measure", "Measures"), ("Hearing", "Hearings"),
                               ("CaseDocument", "Documents"), ("Letter", "Letters"),
                               ("CaseMessage", "Messages")):
        brains = api.content.find(context=case, depth=1, portal_type=portal_type, sort_on="created")
        if not brains:
            continue
        story += [Spacer(1, 3 * mm), Paragraph(label, heading)]
        for brain in brains:
            obj = brain.getObject()
            line = f"<b>{escape(brain.Title or brain.getId)}</b> ({escape(brain.review_state or '')})"
            detail = getattr(obj, "result", None) or getattr(obj, "text", None) or ""
            if portal_type == "Measure" and getattr(obj, "due_date", None):
                line += f" · due {obj.due_date.isoformat()}"
            story.append(Paragraph(line, normal))
            if detail:
                story.append(Paragraph(_text(detail), normal))
    if visibility.handles(case):
        story += [Spacer(1, 3 * mm), Paragraph("History", heading)]
        for history in case.workflow_history.values():
            for entry in history:
                story.append(
                    Paragraph(
                        f"{entry.get('time').strftime('%Y-%m-%d %H:%M') if entry.get('time') else ''} · "
                        f"{escape(entry.get('action') or 'created')} · {escape(str(entry.get('actor') or ''))}"
                        + (f" · {_text(entry.get('comments'))}" if entry.get("comments") else ""),
                        normal,
                    )
                )
    buffer = BytesIO()
    SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm,
        topMargin=20 * mm, bottomMargin=20 * mm, title=case.case_number,
    ).build(story)
    return buffer.getvalue()
