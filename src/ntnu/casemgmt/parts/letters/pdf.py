"""Letters as PDF (reportlab): what is printed, signed and archived.

Helvetica, reportlab's built-in font, covers Latin-1 and so the Norwegian
letters æ, ø and å; no font file is needed at run time.
"""

from io import BytesIO
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph
from reportlab.platypus import SimpleDocTemplate
from reportlab.platypus import Spacer
from xml.sax.saxutils import escape


EXEMPT = {
    "nb": "Unntatt offentlighet, jf. offl. § 13",
    "en": "Exempt from public disclosure, cf. offl. § 13",
}


def _paragraphs(text):
    """Blank lines separate paragraphs; single line breaks are kept."""
    for block in (text or "").replace("\r\n", "\n").split("\n\n"):
        if block.strip():
            yield escape(block.strip()).replace("\n", "<br/>")


def render(title, body, sender="", reference="", exempt=False, language="nb"):
    """The PDF of a letter, as bytes."""
    buffer = BytesIO()
    styles = getSampleStyleSheet()
    normal = ParagraphStyle(
        "letter", parent=styles["Normal"], fontName="Helvetica", fontSize=11, leading=15
    )
    small = ParagraphStyle("small", parent=normal, fontSize=9, leading=12)
    heading = ParagraphStyle(
        "title", parent=styles["Heading1"], fontName="Helvetica-Bold", fontSize=15
    )

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(20 * mm, 12 * mm, reference)
        canvas.drawRightString(190 * mm, 12 * mm, str(doc.page))
        canvas.restoreState()

    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=title,
        author=sender,
    )
    story = []
    if sender:
        story.append(Paragraph(escape(sender), small))
    if exempt:
        story.append(
            Paragraph(f"<b>{escape(EXEMPT.get(language, EXEMPT['en']))}</b>", small)
        )
    story += [Spacer(1, 8 * mm), Paragraph(escape(title), heading), Spacer(1, 4 * mm)]
    for paragraph in _paragraphs(body):
        story += [Paragraph(paragraph, normal), Spacer(1, 3 * mm)]
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
