"""PDF/A-2b files for the archive (fpdf2's PDF/A mode).

fpdf2 writes real PDF/A when asked (``enforce_compliance``): the XMP
metadata with ``pdfaid:part``/``pdfaid:conformance``, an sRGB output intent
(the ICC profile ships inside fpdf2) and it refuses what PDF/A forbids. PDF/A
wants every font embedded: DejaVu Sans, which ships inside matplotlib (a
pinned dependency of the add-on already), covers Norwegian and Sami letters.
The case record and letter downloads keep reportlab; only the archive
needs PDF/A.
"""

from dataclasses import dataclass
from dataclasses import field
from fpdf import FPDF
from fpdf.enums import DocumentCompliance
from PIL import Image
from PIL import UnidentifiedImageError

import io
import matplotlib
import pathlib


#: PDF/A-2b: PDF 1.7 based; what fpdf2 writes with a TrueType font.
COMPLIANCE = DocumentCompliance.PDFA_2B
#: PRONOM's id of PDF/A-2b (Noark 5 ``format``), and how the archive names it
PRONOM = "fmt/477"
LABEL = "PDF/A-2b"

FONTS = pathlib.Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT = "DejaVu"

#: Image formats embedded into the PDF/A as they are (others are originals).
IMAGE_FORMATS = ("PNG", "JPEG", "GIF", "TIFF", "BMP", "WEBP")

#: usable width and height of an A4 page with 20 mm margins, in mm
WIDTH = 170
HEIGHT = 250


@dataclass
class Page:
    """What one archive PDF says.

    :param title: the heading (and the PDF's title)
    :param reference: the case number, in the footer of every page
    :param notice: a line above the heading (the exemption from public access)
    :param facts: ``[(label, value)]`` listed under the heading
    :param paragraphs: the texts, one paragraph each
    :param image: a Pillow image (``image_of``) shown under the texts
    """

    title: str
    reference: str = ""
    notice: str = ""
    facts: list = field(default_factory=list)
    paragraphs: list = field(default_factory=list)
    image: Image.Image | None = None


def image_of(data):
    """``data`` as an RGB Pillow image, or None when it is no image Pillow
    reads safely (another format, broken, a decompression bomb)."""
    if not data:
        return None
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in IMAGE_FORMATS:
                return None
            probe.verify()
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
    if image.mode in ("RGBA", "LA", "P", "PA"):
        # flattened on white: the same look without a soft mask
        image = image.convert("RGBA")
        flat = Image.new("RGB", image.size, (255, 255, 255))
        flat.paste(image, mask=image.getchannel("A"))
        return flat
    return image.convert("RGB")


class _PDF(FPDF):
    """A4, 20 mm margins, DejaVu Sans embedded, the reference and the page
    number in the footer."""

    def __init__(self, reference):
        super().__init__(format="A4", unit="mm", enforce_compliance=COMPLIANCE)
        self.reference = reference
        self.set_margins(20, 20, 20)
        self.set_auto_page_break(True, margin=20)
        self.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_creator("ntnu.casemgmt")
        self.set_lang("nb")

    def footer(self):
        self.set_y(-15)
        self.set_font(FONT, "", 8)
        self.cell(
            0, 5, f"{self.reference}  \N{MIDDLE DOT}  {self.page_no()}", align="R"
        )

    def text_block(self, text, size, height, style=""):
        self.set_font(FONT, style, size)
        self.multi_cell(0, height, text, new_x="LMARGIN", new_y="NEXT")

    def picture(self, image):
        """``image`` as large as fits the width and one page."""
        width_px, height_px = image.size
        width = WIDTH
        height = width * height_px / width_px
        if height > HEIGHT:
            height = HEIGHT
            width = height * width_px / height_px
        if self.get_y() + height > self.h - 20:
            self.add_page()
        self.image(image, x=20, w=width, h=height)


def render(page):
    """The PDF/A-2b bytes of ``page``.

    :raises fpdf.errors.FPDFException: what fpdf2 refuses for PDF/A
    """
    pdf = _PDF(page.reference)
    pdf.set_title(page.title)
    pdf.add_page()
    if page.notice:
        pdf.text_block(page.notice, 9, 5, "B")
        pdf.ln(2)
    pdf.text_block(page.title, 15, 8, "B")
    pdf.ln(2)
    for label, value in page.facts:
        pdf.text_block(f"{label}: {value}", 10, 5)
    if page.facts:
        pdf.ln(3)
    for paragraph in page.paragraphs:
        text = str(paragraph or "").replace("\r\n", "\n").strip()
        if text:
            pdf.text_block(text, 11, 6)
            pdf.ln(3)
    if page.image is not None:
        pdf.picture(page.image)
    return bytes(pdf.output())
