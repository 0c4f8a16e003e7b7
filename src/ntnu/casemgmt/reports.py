"""The case report PDF ("report to PDF" in the old system): metadata,
history, measures, letters and documents of one case, as the person who
asks may see them.

What the user may not read is not in it: parts are listed through the
catalog (which filters by permission), the history only for those who may
read it, the findings of a notification case only with ``View findings``.
"""

from io import BytesIO
from ntnu.casemgmt.letters.pdf import EXEMPT
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


FIELDS = {
    "Deviation": [
        ("category", "Category"), ("event_description", "What happened"),
        ("prior_attempts", "What was tried"), ("suggested_measures", "Suggested measures"),
        ("event_date", "Date of the event"), ("course_code", "Course code"),
        ("deadline", "Deadline"), ("case_worker", "Case worker"),
        ("closing_comment", "Closing comment"), ("rejection_reason", "Reason for rejection"),
    ],
    "NotificationCase": [
        ("category", "Category"), ("event_description", "What happened"),
        ("persons_involved", "Who is involved"), ("witnesses", "Witnesses"),
        ("accused_faculty", "Faculty of the accused"), ("forward_deadline", "Forward deadline"),
        ("confirmation_deadline", "Confirmation deadline"), ("case_officer", "Case officer"),
        ("immediate_measures", "Immediate measures"),
        ("summary", "Summary of the investigation"), ("outcome", "Outcome"),
    ],
}

#: Fields only for those with the given permission.
PROTECTED = {"summary": "ntnu.casemgmt: View findings", "outcome": "ntnu.casemgmt: View findings"}


def _text(value):
    return escape(str(value)).replace("\n", "<br/>")


def case_report(case):
    """The report of ``case`` for the current user, as PDF bytes."""
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
    rows = []
    for name, label in FIELDS[case.portal_type]:
        permission = PROTECTED.get(name)
        if permission and not api.user.has_permission(permission, obj=case):
            continue
        value = getattr(case, name, None)
        if value not in (None, "", []):
            rows.append([Paragraph(f"<b>{label}</b>", normal), Paragraph(_text(value), normal)])
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
    if api.user.has_permission("CMFEditions: Access previous versions", obj=case):
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
