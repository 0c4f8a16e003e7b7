"""``arkivstruktur.xml`` after Noark 5: one case as a ``saksmappe`` with a
``journalpost`` per archived document.

Plain data in (``Folder``, ``Entry``, ``FileObject``), XML out; what goes
into a folder is decided by ``export``. The elements, their order and which
of them are mandatory are those of the Noark 5 ``arkivstruktur.xsd``; the
subset this module writes is ``noark5/arkivstruktur-subset.xsd`` beside
it, which the tests validate against.
"""

from dataclasses import dataclass
from dataclasses import field
from lxml import etree

import pathlib
import uuid


NAMESPACE = "http://www.arkivverket.no/standarder/noark5/arkivstruktur"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA = pathlib.Path(__file__).parent / "noark5" / "arkivstruktur-subset.xsd"

#: Exempt from public access (Noark 5 ``skjerming``): the code of the
#: Freedom of Information Act's section and the full legal basis.
ACCESS_RESTRICTION = "13"
LEGAL_BASIS = "Offl. § 13 jf. fvl. § 13 første ledd nr. 1"

#: Noark 5 values (metadatakatalog) used here
CLOSED = "Avsluttet"
ARCHIVED = "Arkivert"
FINISHED = "Dokumentet er ferdigstilt"
MAIN_DOCUMENT = "Hoveddokument"
ARCHIVE_FORMAT = "Arkivformat"
PRODUCTION_FORMAT = "Produksjonsformat"
SHA256 = "SHA-256"
INCOMING = "Inngående dokument"
OUTGOING = "Utgående dokument"
INTERNAL = "Organinternt notat uten oppfølging"
SENDER = "Avsender"
RECIPIENT = "Mottaker"
COPY_RECIPIENT = "Kopimottaker"
INTERNAL_SENDER = "Intern avsender"
INTERNAL_RECIPIENT = "Intern mottaker"


@dataclass
class FileObject:
    """A ``dokumentobjekt``: one file of the ZIP."""

    path: str  # in the ZIP: ``referanseDokumentfil``
    checksum: str  # SHA-256, hex
    size: int
    variant: str  # ARCHIVE_FORMAT or PRODUCTION_FORMAT
    format: str
    format_details: str
    created: str  # xs:dateTime
    created_by: str


@dataclass
class Entry:
    """A ``journalpost`` with one ``dokumentbeskrivelse``."""

    system_id: str  # a UUID
    number: int
    title: str
    kind: str  # INCOMING, OUTGOING, INTERNAL
    document_type: str  # Brev, Notat, ...
    created: str  # xs:dateTime
    created_by: str
    date: str  # xs:date: journaldato and dokumentetsDato
    correspondents: list  # [(korrespondanseparttype, name)], at least one
    files: list  # [FileObject], the archive PDF first
    public_title: str = ""
    description: str = ""
    restricted: bool = False
    received: str = ""  # xs:date, incoming only
    sent: str = ""  # xs:date, outgoing only


@dataclass
class Folder:
    """A ``saksmappe``."""

    system_id: str
    case_number: str  # mappeID
    year: int  # saksaar
    sequence: int  # sakssekvensnummer
    title: str
    created: str  # xs:dateTime
    created_by: str
    closed: str  # xs:dateTime
    closed_by: str
    case_date: str  # xs:date
    unit: str  # administrativEnhet
    responsible: str  # saksansvarlig
    public_title: str = ""
    restricted: bool = False
    entries: list = field(default_factory=list)


@dataclass
class Deposit:
    """The ``arkiv`` and ``arkivdel`` around the folder."""

    system_id: str
    part_system_id: str
    title: str
    part_title: str
    creator_id: str  # arkivskaperID
    creator_name: str
    created: str  # xs:dateTime (of the export)
    created_by: str


def _add(parent, name, text=None):
    element = etree.SubElement(parent, f"{{{NAMESPACE}}}{name}")
    if text is not None:
        element.text = str(text)
    return element


def _restriction(parent, shielded):
    """``skjerming``: exempt from public access, and which metadata."""
    skjerming = _add(parent, "skjerming")
    _add(skjerming, "tilgangsrestriksjon", ACCESS_RESTRICTION)
    _add(skjerming, "skjermingshjemmel", LEGAL_BASIS)
    for name in shielded:
        _add(skjerming, "skjermingMetadata", name)
    _add(skjerming, "skjermingDokument", "Hele dokumentet")


def _file(parent, file):
    element = _add(parent, "dokumentobjekt")
    _add(element, "versjonsnummer", 1)
    _add(element, "variantformat", file.variant)
    _add(element, "format", file.format)
    if file.format_details:
        _add(element, "formatDetaljer", file.format_details)
    _add(element, "opprettetDato", file.created)
    _add(element, "opprettetAv", file.created_by)
    _add(element, "referanseDokumentfil", file.path)
    _add(element, "sjekksum", file.checksum)
    _add(element, "sjekksumAlgoritme", SHA256)
    _add(element, "filstoerrelse", file.size)


def _description(parent, entry, archived, archived_by):
    element = _add(parent, "dokumentbeskrivelse")
    _add(element, "systemID", str(uuid.uuid5(uuid.UUID(entry.system_id), "1")))
    _add(element, "dokumenttype", entry.document_type)
    _add(element, "dokumentstatus", FINISHED)
    _add(element, "tittel", entry.title)
    _add(element, "opprettetDato", entry.created)
    _add(element, "opprettetAv", entry.created_by)
    _add(element, "tilknyttetRegistreringSom", MAIN_DOCUMENT)
    _add(element, "dokumentnummer", 1)
    _add(element, "tilknyttetDato", archived[:10])
    _add(element, "tilknyttetAv", archived_by)
    if entry.restricted:
        _restriction(element, ("tittel",))
    for file in entry.files:
        _file(element, file)


def _entry(parent, entry, folder, archived, archived_by):
    """A ``registrering`` of type ``journalpost``: the elements of
    registrering, basisregistrering and journalpost, in this order."""
    element = _add(parent, "registrering")
    element.set(f"{{{XSI}}}type", "journalpost")
    _add(element, "systemID", entry.system_id)
    _add(element, "opprettetDato", entry.created)
    _add(element, "opprettetAv", entry.created_by)
    _add(element, "arkivertDato", archived)
    _add(element, "arkivertAv", archived_by)
    if entry.restricted:
        _restriction(element, ("tittel", "korrespondansepart"))
    _description(element, entry, archived, archived_by)
    _add(element, "registreringsID", f"{folder.year}/{folder.sequence}-{entry.number}")
    _add(element, "tittel", entry.title)
    if entry.public_title:
        _add(element, "offentligTittel", entry.public_title)
    if entry.description:
        _add(element, "beskrivelse", entry.description)
    _add(element, "journalaar", entry.date[:4])
    _add(element, "journalpostnummer", entry.number)
    _add(element, "journalposttype", entry.kind)
    _add(element, "journalstatus", ARCHIVED)
    _add(element, "journaldato", entry.date)
    _add(element, "dokumentetsDato", entry.date)
    if entry.received:
        _add(element, "mottattDato", entry.received)
    if entry.sent:
        _add(element, "sendtDato", entry.sent)
    for kind, name in entry.correspondents:
        part = _add(element, "korrespondansepart")
        _add(part, "korrespondanseparttype", kind)
        _add(part, "korrespondansepartNavn", name)


def _folder(parent, folder, archived, archived_by):
    """A ``mappe`` of type ``saksmappe``: the elements of mappe (with its
    registreringer), then those of saksmappe, as the schema extends."""
    element = _add(parent, "mappe")
    element.set(f"{{{XSI}}}type", "saksmappe")
    _add(element, "systemID", folder.system_id)
    _add(element, "mappeID", folder.case_number)
    _add(element, "tittel", folder.title)
    if folder.public_title:
        _add(element, "offentligTittel", folder.public_title)
    _add(element, "opprettetDato", folder.created)
    _add(element, "opprettetAv", folder.created_by)
    _add(element, "avsluttetDato", folder.closed)
    _add(element, "avsluttetAv", folder.closed_by)
    if folder.restricted:
        _restriction(element, ("tittel",))
    for entry in folder.entries:
        _entry(element, entry, folder, archived, archived_by)
    _add(element, "saksaar", folder.year)
    _add(element, "sakssekvensnummer", folder.sequence)
    _add(element, "saksdato", folder.case_date)
    _add(element, "administrativEnhet", folder.unit)
    _add(element, "saksansvarlig", folder.responsible)
    _add(element, "saksstatus", CLOSED)


def arkivstruktur(deposit, folder):
    """The bytes of ``arkivstruktur.xml`` (UTF-8) for ``folder``."""
    root = etree.Element(f"{{{NAMESPACE}}}arkiv", nsmap={None: NAMESPACE, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{NAMESPACE} arkivstruktur.xsd")
    _add(root, "systemID", deposit.system_id)
    _add(root, "tittel", deposit.title)
    _add(root, "opprettetDato", deposit.created)
    _add(root, "opprettetAv", deposit.created_by)
    _add(root, "avsluttetDato", deposit.created)
    _add(root, "avsluttetAv", deposit.created_by)
    creator = _add(root, "arkivskaper")
    _add(creator, "arkivskaperID", deposit.creator_id)
    _add(creator, "arkivskaperNavn", deposit.creator_name)
    part = _add(root, "arkivdel")
    _add(part, "systemID", deposit.part_system_id)
    _add(part, "tittel", deposit.part_title)
    _add(part, "arkivdelstatus", "Avsluttet periode")
    _add(part, "opprettetDato", deposit.created)
    _add(part, "opprettetAv", deposit.created_by)
    _add(part, "avsluttetDato", deposit.created)
    _add(part, "avsluttetAv", deposit.created_by)
    _folder(part, folder, deposit.created, deposit.created_by)
    return etree.tostring(
        root, xml_declaration=True, encoding="UTF-8", pretty_print=True
    )


def schema():
    """The subset of ``arkivstruktur.xsd`` written here, as an lxml schema."""
    return etree.XMLSchema(etree.parse(str(SCHEMA)))
