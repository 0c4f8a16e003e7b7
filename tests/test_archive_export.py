"""The archive export (SPEC §7 ``@archive-export``, §11; issue 20 "Archive"):
a closed case as a ZIP for the records system, ``arkivstruktur.xml`` after
Noark 5 and every document, sent letter and message as PDF/A.

The cases are the world's (``world.py``): every text field holds its
sentinel word, so a test can tell where each text went. Each test closes
the case it exports (the functional layer gives each test its own
DemoStorage) and adds the two files the world lacks: an image (PNG) and a
PDF.
"""

from helpers import Client
from io import BytesIO
from lxml import etree
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from pytest_plone import fixtures_factory
from world import PASSWORD
from world import WORLD_FUNCTIONAL_TESTING
from zope.globalrequest import getRequest
from zope.globalrequest import setRequest

import hashlib
import pytest
import re
import transaction
import zipfile


globals().update(
    fixtures_factory(
        ((WORLD_FUNCTIONAL_TESTING, "world_functional"),), keep_session=False
    )
)

N5 = "http://www.arkivverket.no/standarder/noark5/arkivstruktur"
NS = {"n": N5, "xsi": "http://www.w3.org/2001/XMLSchema-instance"}
PDFAID = "http://www.aiim.org/pdfa/ns/id/"


# --- the cases ---------------------------------------------------------------


def png_bytes():
    from PIL import Image

    image = Image.new("RGBA", (120, 80), (200, 30, 30, 255))
    buffer = BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def pdf_bytes():
    from reportlab.pdfgen import canvas

    buffer = BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(100, 750, "zqoriginalpdfk")
    page.save()
    return buffer.getvalue()


def add_files(case, user):
    """The image and the PDF the world's documents lack, added by ``user``."""
    from plone.namedfile.file import NamedBlobFile

    with api.env.adopt_user(username=user):
        image = api.content.create(
            container=case,
            type="CaseDocument",
            id="photo",
            title="zqphotoxtitlek",
            text="zqphotoxtextk",
            visibility="party",
            file=NamedBlobFile(png_bytes(), "image/png", "bilde.png"),
        )
        pdf = api.content.create(
            container=case,
            type="CaseDocument",
            id="scan",
            title="zqscanxtitlek",
            text="zqscanxtextk",
            visibility="party",
            file=NamedBlobFile(pdf_bytes(), "application/pdf", "Skannet brev.pdf"),
        )
    return image, pdf


def close(case, user, transition="close"):
    with api.env.adopt_user(username=user):
        api.content.transition(obj=case, transition=transition, comment="Ferdig.")


@pytest.fixture
def portal(world_functional):
    portal = world_functional["portal"]
    previous = getRequest()
    setRequest(portal.REQUEST)
    yield portal
    setRequest(previous)


@pytest.fixture
def world(world_functional):
    return world_functional["world"]


def case_of(portal, world, key):
    return portal.unrestrictedTraverse(world.objects[key].path)


@pytest.fixture
def closed_notification(portal, world):
    """nhid, with an image and a PDF, closed by its unit."""
    case = case_of(portal, world, "nhid")
    add_files(case, "varsling-ie")
    close(case, "varsling-ie")
    transaction.commit()
    return case


@pytest.fixture
def closed_deviation(portal, world):
    case = case_of(portal, world, "dev")
    close(case, "caseworker-ie")
    transaction.commit()
    return case


def export_as(user, case):
    from ntnu.casemgmt.records import export

    with api.env.adopt_user(username=user):
        return export.package(case)


# --- reading a package ----------------------------------------------------------


class Package:
    """A ZIP of the export, read back."""

    def __init__(self, data):
        self.zip = zipfile.ZipFile(BytesIO(data))
        self.names = self.zip.namelist()
        self.xml = self.zip.read("arkivstruktur.xml")
        self.tree = etree.fromstring(self.xml)

    def read(self, name):
        return self.zip.read(name)

    def pdfs(self):
        return [name for name in self.names if name.endswith(".pdf")]

    def text_of(self, name):
        from pypdf import PdfReader

        reader = PdfReader(BytesIO(self.read(name)))
        return "\n".join(page.extract_text() or "" for page in reader.pages)

    def all_text(self):
        return self.xml.decode() + "\n".join(
            self.text_of(name) for name in self.pdfs() if name.startswith("dokumenter/")
        )

    def find(self, path, node=None):
        return (self.tree if node is None else node).xpath(path, namespaces=NS)

    def text(self, path, node=None):
        found = self.find(path, node)
        return found[0].text if found else None

    def entries(self):
        return self.find("//n:registrering")

    def entry_with_title(self, title):
        (entry,) = [e for e in self.entries() if self.text("n:tittel", e) == title]
        return entry


def pdfa_problems(data):
    """What makes ``data`` not a PDF/A-2b file (the identification, the
    output intent, embedded fonts, no encryption)."""
    from pypdf import PdfReader

    reader = PdfReader(BytesIO(data))
    problems = []
    root = reader.trailer["/Root"]
    if "/Encrypt" in reader.trailer:
        problems.append("encrypted")
    if "/Metadata" not in root:
        return [*problems, "no XMP metadata"]
    xmp = etree.fromstring(root["/Metadata"].get_object().get_data())
    part = xmp.xpath(
        "//pdfaid:part/text() | //@pdfaid:part", namespaces={"pdfaid": PDFAID}
    )
    conformance = xmp.xpath(
        "//pdfaid:conformance/text() | //@pdfaid:conformance",
        namespaces={"pdfaid": PDFAID},
    )
    if [str(v) for v in part] != ["2"] or [str(v) for v in conformance] != ["B"]:
        problems.append(f"pdfaid part {part} conformance {conformance}")
    intents = root.get("/OutputIntents") or []
    if not any(
        intent.get_object().get("/S") == "/GTS_PDFA1"
        and "/DestOutputProfile" in intent.get_object()
        for intent in intents
    ):
        problems.append("no PDF/A output intent with an ICC profile")
    for number, page in enumerate(reader.pages):
        fonts = (page.get("/Resources") or {}).get("/Font") or {}
        for name, font in fonts.items():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            described = descendants[0].get_object() if descendants else font
            descriptor = (described.get("/FontDescriptor") or {}).get_object() or {}
            if not any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
            ):
                problems.append(f"page {number}: font {name} not embedded")
    return problems


def images_in(data):
    from pypdf import PdfReader

    reader = PdfReader(BytesIO(data))
    return sum(len(page.images) for page in reader.pages)


# --- the package ----------------------------------------------------------------


class TestPackage:
    layer = WORLD_FUNCTIONAL_TESTING

    def test_xml_validates_and_names_every_file(self, closed_notification):
        from ntnu.casemgmt.records import noark

        package = Package(export_as("varsling-ie", closed_notification).data)
        noark.schema().assertValid(package.tree)
        ids = [node.text for node in package.find("//n:systemID")]
        assert len(ids) == len(set(ids))
        referenced = package.find("//n:dokumentobjekt")
        paths = [package.text("n:referanseDokumentfil", obj) for obj in referenced]
        # every file of the ZIP is named once, and nothing else
        assert sorted(paths) == sorted(
            n for n in package.names if n != "arkivstruktur.xml"
        )
        for obj in referenced:
            data = package.read(package.text("n:referanseDokumentfil", obj))
            assert package.text("n:sjekksum", obj) == hashlib.sha256(data).hexdigest()
            assert package.text("n:sjekksumAlgoritme", obj) == "SHA-256"
            assert int(package.text("n:filstoerrelse", obj)) == len(data)

    def test_the_case_as_a_saksmappe(self, closed_notification, world):
        package = Package(export_as("varsling-ie", closed_notification).data)
        (folder,) = package.find("//n:mappe")
        assert folder.get(f"{{{NS['xsi']}}}type") == "saksmappe"
        number = world.objects["nhid"].case_number
        year, sequence = number.split("-")[1:]
        assert package.text("n:mappeID", folder) == number
        assert package.text("n:saksaar", folder) == year
        assert package.text("n:sakssekvensnummer", folder) == str(int(sequence))
        assert package.text("n:tittel", folder) == "zqnhidxtitlek"
        assert package.text("n:saksstatus", folder) == "Avsluttet"
        assert package.text("n:administrativEnhet", folder) == (
            "Fakultet for informasjonsteknologi og elektroteknikk"
        )
        unit = api.group.get(groupname="ie-notification-unit").getProperty("title")
        assert package.text("n:saksansvarlig", folder) == unit
        for node in ("n:opprettetDato", "n:saksdato", "n:avsluttetDato"):
            assert package.text(node, folder)

    def test_journalposts_documents_sent_letters_messages(
        self, closed_notification, world
    ):
        package = Package(export_as("varsling-ie", closed_notification).data)
        titles = [package.text("n:tittel", e) for e in package.entries()]
        for key in ("nhidinternal", "nhidparty", "nhidsent"):
            assert f"zq{key}xtitlek" in titles, key
        assert "zqphotoxtitlek" in titles and "zqscanxtitlek" in titles
        text = package.all_text()
        # drafts are not archived: neither the world's draft nor the
        # receipt confirmation the unit never sent
        for key in ("nhiddraft", "nhidreceipt"):
            if key in world.objects:
                assert f"zq{key}xtitlek" not in text
                assert f"zq{key}xbodyk" not in text
        # the messages, the case's own text, a sent letter's body
        for word in (
            "zqnhidmessagextextk",
            "zqnhidpmessagextextk",
            "zqnhidxeventdescriptionk",
            "zqnhidsentxbodyk",
            "zqnhidinternalxtextk",
        ):
            assert word in text, word
        for entry in package.entries():
            assert entry.get(f"{{{NS['xsi']}}}type") == "journalpost"
            assert package.find("n:dokumentbeskrivelse/n:dokumentobjekt", entry)
            assert package.text("n:journalposttype", entry)
            assert package.find("n:korrespondansepart", entry)

    def test_every_pdf_is_pdfa_with_readable_text(self, closed_notification):
        package = Package(export_as("varsling-ie", closed_notification).data)
        archive_pdfs = [n for n in package.pdfs() if n.startswith("dokumenter/")]
        assert len(archive_pdfs) == len(package.entries())
        for name in archive_pdfs:
            assert pdfa_problems(package.read(name)) == [], name
            assert package.text_of(name).strip(), name
        for obj in package.find("//n:dokumentobjekt"):
            if package.text("n:variantformat", obj) == "Arkivformat":
                assert package.text("n:format", obj) == "fmt/477"
                assert package.text("n:formatDetaljer", obj) == "PDF/A-2b"

    def test_image_embedded_pdf_kept_as_original(self, closed_notification):
        package = Package(export_as("varsling-ie", closed_notification).data)
        photo = package.entry_with_title("zqphotoxtitlek")
        (obj,) = package.find(".//n:dokumentobjekt", photo)  # no original
        assert images_in(package.read(package.text("n:referanseDokumentfil", obj))) == 1
        scan = package.entry_with_title("zqscanxtitlek")
        archived, original = package.find(".//n:dokumentobjekt", scan)
        assert package.text("n:variantformat", archived) == "Arkivformat"
        assert package.text("n:variantformat", original) == "Produksjonsformat"
        path = package.text("n:referanseDokumentfil", original)
        # a notification case's metadata keeps no file name (it may name
        # a person); the PDF/A lists it
        assert path == f"originals/{path[10:13]}-original.pdf"
        assert package.read(path) == closed_notification["scan"].file.data
        checksum = hashlib.sha256(package.read(path)).hexdigest()
        archived_text = package.text_of(
            package.text("n:referanseDokumentfil", archived)
        )
        assert "Skannet brev.pdf" in archived_text
        assert checksum in archived_text.replace("\n", "")
        assert "zqscanxtextk" in archived_text

    def test_confidential_and_names_no_person(self, closed_notification):
        package = Package(export_as("varsling-ie", closed_notification).data)
        for node in [*package.find("//n:mappe"), *package.entries()]:
            assert package.text("n:skjerming/n:tilgangsrestriksjon", node) == "13"
            assert package.text("n:skjerming/n:skjermingshjemmel", node) == (
                "Offl. § 13 jf. fvl. § 13 første ledd nr. 1"
            )
        xml = package.xml.decode()
        for person in ("vera", "pia", "varsling-ie", "dean-ie"):
            assert not re.search(rf"\b{re.escape(person)}\b", xml), person
        for name in ("Vera Varsler", "Pia Partsen"):
            assert name not in xml
        assert api.user.get(userid="varsling-ie").getProperty("fullname") not in xml

    def test_deviation(self, closed_deviation, world):
        from ntnu.casemgmt.records import noark

        package = Package(export_as("reception-ie", closed_deviation).data)
        noark.schema().assertValid(package.tree)
        titles = [package.text("n:tittel", e) for e in package.entries()]
        assert "zqdevsentxtitlek" in titles
        assert "zqdevinternalxtitlek" in titles
        assert "zqdevdraftxtitlek" not in package.all_text()
        # a deviation's originals keep their names
        assert "originals/002-zqdevinternalxfilek.txt" in package.names
        # it holds an internal document: exempt from public access
        assert package.text("//n:mappe/n:skjerming/n:tilgangsrestriksjon") == "13"
        assert package.text("//n:mappe/n:saksansvarlig") == "Case Worker IE"
        for name in package.pdfs():
            if name.startswith("dokumenter/"):
                assert pdfa_problems(package.read(name)) == [], name

    def test_open_case_is_refused(self, portal, world):
        from ntnu.casemgmt.records import export

        with pytest.raises(export.ExportRefused) as refused:
            export_as(SITE_OWNER_NAME, case_of(portal, world, "nopen"))
        assert refused.value.status == 400

    def test_the_check_can_fail(self):
        """``pdfa_problems`` tells a plain PDF from a PDF/A one."""
        assert pdfa_problems(pdf_bytes())


# --- over HTTP ------------------------------------------------------------------


def client(portal, user):
    url = portal.absolute_url()
    if user is None:
        return Client(url)
    if user == SITE_OWNER_NAME:
        return Client(url, SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
    return Client(url, user, PASSWORD)


def export_url(case):
    return f"{case.absolute_url()}/@archive-export"


class TestHTTP:
    layer = WORLD_FUNCTIONAL_TESTING

    @pytest.mark.parametrize("user", [SITE_OWNER_NAME, "varsling-ie"])
    def test_unit_and_manager_get_the_zip(self, portal, closed_notification, user):
        response = client(portal, user).get(export_url(closed_notification))
        assert response.status_code == 200, response.text[:300]
        assert response.headers["Content-Type"] == "application/zip"
        number = closed_notification.case_number
        assert (
            f'filename="{number}-noark5.zip"' in response.headers["Content-Disposition"]
        )
        assert "no-store" in response.headers["Cache-Control"]
        assert "arkivstruktur.xml" in Package(response.content).names

    @pytest.mark.parametrize(
        "user",
        [
            None,
            "student1",
            "staff1",
            "reception-ie",  # deviation staff of the same faculty
            "linemanager-ie",
            "caseworker-ie",
            "varsling-nv",
            "speakup",
            "quality",
            "pia",  # a party: sees the case, is no exporter
            "dean-ie",  # the responsible manager, likewise
        ],
    )
    def test_others_get_nothing(self, portal, closed_notification, user):
        response = client(portal, user).get(export_url(closed_notification))
        assert response.status_code in (401, 403, 404), (user, response.status_code)
        assert not response.content.startswith(b"PK")
        assert "zqnhid" not in response.text  # not even the title
        if response.status_code == 403:  # the add-on's own refusal
            assert response.json()["error"]["type"] == "Forbidden"

    def test_deviation_reception_and_not_its_case_worker(
        self, portal, closed_deviation
    ):
        response = client(portal, "reception-ie").get(export_url(closed_deviation))
        assert response.status_code == 200
        for user in ("caseworker-ie", "varsling-ie", "reception-nv", "student1"):
            response = client(portal, user).get(export_url(closed_deviation))
            assert response.status_code in (401, 403, 404), user

    def test_open_case_answers_400(self, portal, world):
        case = case_of(portal, world, "nopen")
        for user in (SITE_OWNER_NAME, "varsling-ie"):
            response = client(portal, user).get(export_url(case))
            assert response.status_code == 400
            assert "open" in response.json()["error"]["message"]

    def test_an_excluded_officer_gets_nothing(self, portal, world):
        case = case_of(portal, world, "nhid")
        close(case, "varsling-ie")
        case.excluded_officers = ["varsling-ie"]
        transaction.commit()
        response = client(portal, "varsling-ie").get(export_url(case))
        assert response.status_code in (401, 403, 404)


class TestCasePage:
    """The case page's "Export to archive" (a download for the browser)."""

    layer = WORLD_FUNCTIONAL_TESTING

    def page(self, portal, user, case):
        session = client(portal, user).session
        session.headers["Accept"] = "text/html"
        return session.get(case.absolute_url(), timeout=60).text

    def test_the_unit_sees_it_on_a_closed_case(self, portal, closed_notification):
        html = self.page(portal, "varsling-ie", closed_notification)
        assert 'id="action-archive-export"' in html
        session = client(portal, "varsling-ie").session
        session.headers["Accept"] = "text/html"
        response = session.get(
            f"{closed_notification.absolute_url()}/@@archive-export.zip", timeout=60
        )
        assert response.status_code == 200
        assert response.headers["Content-Type"] == "application/zip"
        assert "no-store" in response.headers["Cache-Control"]
        assert "arkivstruktur.xml" in Package(response.content).names

    def test_not_on_an_open_case_nor_for_others(self, portal, world, closed_deviation):
        open_case = case_of(portal, world, "nopen")
        assert 'id="action-archive-export"' not in self.page(
            portal, "varsling-ie", open_case
        )
        assert 'id="action-archive-export"' in self.page(
            portal, "reception-ie", closed_deviation
        )
        assert 'id="action-archive-export"' not in self.page(
            portal, "caseworker-ie", closed_deviation
        )
