"""A closed case for the records system (SPEC §7 ``@archive-export``, §11):
a ZIP with ``arkivstruktur.xml`` (Noark 5) and every archived document as
PDF/A.

Who may: Manager, and on a closed case the people who receive cases of its
kind at its faculty (the deviation reception, the notification unit): the
roles the user has *on the case* (``core.roles`` derives them there, so a
member named in ``excluded_officers`` has none). The service asks ``View``
first, so whoever may not see the case gets Plone's own answer.

What is archived, oldest first, one ``journalpost`` each: the case itself
(what was reported, the fields, the history), every CaseDocument, every
sent Letter (drafts were never sent: they are not records) and every
CaseMessage. The archive copy is complete: parts are read without asking
the exporter's permission on each (the unit and the reception handle the
whole case).

Confidential cases are exempt from public access (``skjerming``): every
notification case, and a deviation that holds an internal document. A
notification case's metadata names no person: the unit stands for its
officers and "Varsler" / "Part" for the others, because a records system
publishes metadata (the public journal) long before it would show a
document. The documents themselves are complete.
"""

from ntnu.casemgmt.core.people import fullname
from ntnu.casemgmt.core.people import reporter_of
from ntnu.casemgmt.core.roles import CENTRAL_RECEPTION_GROUP
from ntnu.casemgmt.core.roles import faculty_group
from ntnu.casemgmt.notification.conversations import attachments_of
from ntnu.casemgmt.parts.letters.pdf import EXEMPT
from ntnu.casemgmt.records import noark
from ntnu.casemgmt.records import pdfa
from ntnu.casemgmt.reporting.caserecord import fields_of
from plone import api

import dataclasses
import datetime
import hashlib
import io
import pathlib
import re
import time
import uuid
import zipfile


#: Who may export a case of each kind, besides Manager (SPEC §7).
EXPORTERS = {
    "Deviation": "DeviationReceptionist",
    "NotificationCase": "NotificationOfficer",
}
#: The states in which a case is closed and may be archived.
CLOSED_STATES = {
    "Deviation": ("closed", "rejected"),
    "NotificationCase": ("closed",),
}
#: The parts of a case that are records, and how the archive names them.
PARTS = {"CaseDocument": "dokument", "Letter": "brev", "CaseMessage": "melding"}

EXEMPT_NOTICE = EXEMPT["nb"]
NOTIFIER = "Varsler"
ANONYMOUS_NOTIFIER = "Anonym varsler"
PARTY = "Part"
OTHER_RECIPIENT = "Annen mottaker"
SOURCES = {"officer": "saksbehandler", "notifier": "varsler", "party": "part"}
VISIBILITY = {
    "party": "partene har innsyn",
    "internal": "internt dokument, unntatt partsinnsyn (fvl. § 18)",
}
SYSTEM = "ntnu.casemgmt"


class ExportRefused(Exception):
    """The case may not be exported now, or not by this user.

    :param status: 403 (not one of the exporters) or 400 (the case is open)
    """

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


@dataclasses.dataclass
class Package:
    filename: str
    data: bytes


def check(case):
    """May the current user export ``case`` (which they may view) now?

    :raises ExportRefused: 403 when the user is not Manager nor the
        case's reception or unit; 400 when the case is still open
    """
    roles = set(api.user.get_roles(obj=case))
    if not roles & {"Manager", EXPORTERS.get(case.portal_type)}:
        raise ExportRefused(
            403,
            "Only the faculty's reception (deviations) or notification unit "
            "(notification cases), or a Manager, exports a case to the archive.",
        )
    state = api.content.get_state(case)
    if state not in CLOSED_STATES.get(case.portal_type, ()):
        raise ExportRefused(
            400,
            f"The case is still open (state {state}): only a closed case is "
            "exported to the archive.",
        )


def package(case):
    """The archive ZIP of ``case``, for the current user.

    :raises ExportRefused: see ``check``
    """
    check(case)
    return _Builder(case).build()


# --- helpers -----------------------------------------------------------------


def _uuid(uid):
    """A Plone UID (32 hex digits) as the UUID Noark's systemID is."""
    return str(uuid.UUID(uid))


def _iso(value):
    """A Zope DateTime or a datetime as xs:dateTime, with its time zone."""
    if value is None:
        return ""
    if hasattr(value, "asdatetime"):
        value = value.asdatetime()
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    return value.replace(microsecond=0).isoformat()


def _safe_name(name):
    """A file name that is a path segment anywhere (Noark's reference)."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", name or "").strip("._-")
    return name[:80] or "fil"


def _original_path(number, file, named=True):
    """Where the original of a document's ``file`` lies in the ZIP; not
    ``named``: only its extension (a file name may name a person)."""
    name = _safe_name(file.filename)
    if not named:
        suffix = pathlib.PurePosixPath(name).suffix
        name = f"original{suffix if 1 < len(suffix) <= 8 else ''}"
    return f"originals/{number:03d}-{name}"


def _sha256(data):
    return hashlib.sha256(data).hexdigest()


def _faculty(case):
    for item in case.aq_chain:
        if getattr(item, "portal_type", None) == "Faculty":
            return item
    return None


def _group_title(group_id):
    group = api.group.get(groupname=group_id)
    return (group.getProperty("title", "") if group else "") or group_id


class _Builder:
    """Gathers the files and the Noark 5 entries of one case."""

    def __init__(self, case):
        self.case = case
        self.notification = case.portal_type == "NotificationCase"
        self.faculty = _faculty(case)
        self.unit = _group_title(self._unit_group())
        self.now = _iso(datetime.datetime.now(datetime.UTC))
        self.exporter = self.who(api.user.get_current().getId())
        self.parts = self._parts()
        self.confidential = self.notification or any(
            getattr(part, "visibility", None) == "internal" for part in self.parts
        )
        self.files = {}  # path in the ZIP -> bytes

    # --- what and who

    def _unit_group(self):
        """The group that receives cases of this kind where the case lies."""
        if self.faculty is None:  # not forwarded: cannot be closed, but safe
            return CENTRAL_RECEPTION_GROUP
        suffix = "notification-unit" if self.notification else "deviation-reception"
        return faculty_group(self.faculty.code, suffix)

    def _parts(self):
        parts = [obj for obj in self.case.objectValues() if obj.portal_type in PARTS]
        parts = [
            obj
            for obj in parts
            if obj.portal_type != "Letter" or api.content.get_state(obj) == "sent"
        ]
        return sorted(parts, key=lambda obj: (obj.created(), obj.getId()))

    def who(self, user_id):
        """How the metadata names a person who works on the case."""
        if self.notification:
            return self.unit
        return user_id or SYSTEM

    def name_of(self, user_id):
        """How the metadata names a correspondent."""
        case = self.case
        if not self.notification:
            return fullname(user_id) or OTHER_RECIPIENT
        if user_id == "notifier" or (user_id and user_id == case.notifier):
            return ANONYMOUS_NOTIFIER if case.anonymous else NOTIFIER
        if user_id in (case.parties or ()) or (user_id or "").startswith("party:"):
            return PARTY
        return OTHER_RECIPIENT

    def closing(self):
        """``(time, actor)`` of the transition that closed the case."""
        states = CLOSED_STATES[self.case.portal_type]
        last = (self.case.modified(), None)
        for history in self.case.workflow_history.values():
            for entry in history:
                if entry.get("review_state") in states:
                    last = (entry.get("time") or last[0], entry.get("actor"))
        return last

    # --- files

    def add_pdf(self, number, kind, page, created, created_by):
        data = pdfa.render(page)
        path = f"dokumenter/{number:03d}-{kind}.pdf"
        self.files[path] = data
        return noark.FileObject(
            path=path,
            checksum=_sha256(data),
            size=len(data),
            variant=noark.ARCHIVE_FORMAT,
            format=pdfa.PRONOM,
            format_details=pdfa.LABEL,
            created=created,
            created_by=created_by,
        )

    def add_original(self, path, file, created, created_by):
        data = file.data
        self.files[path] = data
        return noark.FileObject(
            path=path,
            checksum=_sha256(data),
            size=len(data),
            variant=noark.PRODUCTION_FORMAT,
            format=file.contentType or "application/octet-stream",
            format_details="Originalfil, slik den ble levert",
            created=created,
            created_by=created_by,
        )

    def notice(self, restricted):
        return EXEMPT_NOTICE if restricted else ""

    # --- the entries

    def entry(self, obj, number, title, **values):
        """An entry of ``obj`` with what every entry has."""
        created = _iso(obj.created())
        restricted = values.pop("restricted", self.confidential)
        return noark.Entry(
            system_id=_uuid(obj.UID()),
            number=number,
            title=title or obj.getId(),
            created=created,
            created_by=self.who((obj.listCreators() or [None])[0]),
            date=created[:10],
            restricted=restricted,
            **values,
        )

    def record_entry(self):
        """The case itself: what was reported, its fields and history."""
        case = self.case
        kind = "Varsel" if self.notification else "Melding om avvik"
        received = _iso(case.received or case.created())
        page = pdfa.Page(
            title=f"{case.case_number}: {case.title}",
            reference=case.case_number,
            notice=self.notice(self.confidential),
            facts=[
                ("Mottatt", received[:10]),
                ("Status", self.state_title()),
                *[(label, value) for label, value in fields_of(case)],
            ],
            paragraphs=["Historikk", *self.history_lines()],
        )
        entry = self.entry(
            case,
            1,
            f"{kind}: {case.title}",
            kind=noark.INCOMING,
            document_type=kind,
            correspondents=[(noark.SENDER, self.name_of(reporter_of(case)))],
            files=[],
            public_title=kind if self.confidential else "",
            received=received[:10],
        )
        entry.date = received[:10]
        # the folder has the case's own id
        entry.system_id = str(uuid.uuid5(uuid.UUID(entry.system_id), "journalpost"))
        entry.files.append(
            self.add_pdf(1, "sak", page, entry.created, entry.created_by)
        )
        return entry

    def state_title(self):
        workflow = api.portal.get_tool("portal_workflow")
        state = api.content.get_state(self.case)
        return workflow.getTitleForStateOnType(state, self.case.portal_type) or state

    def history_lines(self):
        lines = []
        for history in self.case.workflow_history.values():
            for item in history:
                when = _iso(item.get("time"))[:16].replace("T", " ")
                line = " · ".join(
                    str(value)
                    for value in (
                        when,
                        item.get("action") or "opprettet",
                        item.get("review_state") or "",
                        item.get("actor") or "",
                    )
                )
                comment = item.get("comments") or ""
                lines.append(f"{line}\n{comment}" if comment else line)
        return lines

    def document_entry(self, document, number):
        source = getattr(document, "source", None) or "officer"
        file = document.file
        image = pdfa.image_of(file.data) if file is not None else None
        original = None
        if file is not None and image is None:
            original = _original_path(number, file, named=not self.notification)
        restricted = self.confidential or document.visibility == "internal"
        if source == "officer":
            kind, correspondent = noark.INTERNAL, noark.INTERNAL_SENDER
            name = self.unit if self.notification else fullname(document.Creator())
        else:
            kind, correspondent = noark.INCOMING, noark.SENDER
            name = self.name_of(
                "notifier" if source == "notifier" else document.thread or "party:"
            )
        entry = self.entry(
            document,
            number,
            document.title,
            kind=kind,
            document_type="Dokument",
            correspondents=[(correspondent, name or self.unit)],
            files=[],
            public_title="Dokument" if restricted else "",
            restricted=restricted,
        )
        if kind == noark.INCOMING:
            entry.received = entry.date
        facts = [
            ("Levert av", SOURCES.get(source, source)),
            ("Synlighet", VISIBILITY.get(document.visibility, document.visibility)),
        ]
        if file is not None:
            facts += [
                ("Fil", file.filename or ""),
                ("Filtype", file.contentType or ""),
                ("Størrelse", f"{file.getSize()} byte"),
                ("SHA-256", _sha256(file.data)),
            ]
        if original:
            facts.append(("Originalen i arkivpakken", original))
        page = pdfa.Page(
            title=document.title or document.getId(),
            reference=self.case.case_number,
            notice=self.notice(restricted),
            facts=facts,
            paragraphs=[document.text or ""],
            image=image,
        )
        entry.files.append(
            self.add_pdf(
                number, PARTS["CaseDocument"], page, entry.created, entry.created_by
            )
        )
        if original:
            entry.files.append(
                self.add_original(original, file, entry.created, entry.created_by)
            )
        return entry

    def letter_entry(self, letter, number):
        restricted = self.confidential or bool(letter.exempt_from_public)
        sent = letter.sent.isoformat() if letter.sent else ""
        recipient = self.name_of(letter.recipient)
        if letter.recipient_email and not self.notification:
            recipient = letter.recipient_email
        correspondents = [(noark.RECIPIENT, recipient or OTHER_RECIPIENT)]
        correspondents += [
            (noark.COPY_RECIPIENT, self.name_of(user_id))
            for user_id in letter.copy_to or ()
        ]
        entry = self.entry(
            letter,
            number,
            letter.title or letter.template,
            kind=noark.OUTGOING,
            document_type="Brev",
            correspondents=correspondents,
            files=[],
            public_title="Brev" if restricted else "",
            restricted=restricted,
            sent=sent,
        )
        if sent:
            entry.date = sent
        sender = self.faculty.title if self.faculty is not None else self.unit
        page = pdfa.Page(
            title=letter.title or letter.template,
            reference=self.case.case_number,
            notice=self.notice(restricted),
            facts=[("Fra", sender), ("Til", recipient), ("Sendt", sent)],
            paragraphs=(letter.body or "").replace("\r\n", "\n").split("\n\n"),
        )
        entry.files.append(
            self.add_pdf(number, PARTS["Letter"], page, entry.created, entry.created_by)
        )
        return entry

    def message_entry(self, message, number):
        participant = self.name_of(message.thread or "")
        if message.author_kind == "officer":
            kind, correspondents = noark.OUTGOING, [(noark.RECIPIENT, participant)]
        else:
            kind, correspondents = noark.INCOMING, [(noark.SENDER, participant)]
        entry = self.entry(
            message,
            number,
            f"Melding ({participant})",
            kind=kind,
            document_type="Melding",
            correspondents=correspondents,
            files=[],
            public_title="Melding" if self.confidential else "",
        )
        if kind == noark.INCOMING:
            entry.received = entry.date
        else:
            entry.sent = entry.date
        attachments = [
            (document.file.filename if document.file else "") or document.title
            for document in attachments_of(message)
        ]
        page = pdfa.Page(
            title=entry.title,
            reference=self.case.case_number,
            notice=self.notice(self.confidential),
            facts=[
                ("Skrevet av", SOURCES.get(message.author_kind, message.author_kind)),
                ("Samtale", participant),
                ("Dato", entry.created[:16].replace("T", " ")),
                *[("Vedlegg", name) for name in attachments],
            ],
            paragraphs=[message.text or ""],
        )
        entry.files.append(
            self.add_pdf(
                number, PARTS["CaseMessage"], page, entry.created, entry.created_by
            )
        )
        return entry

    # --- the package

    def folder(self):
        case = self.case
        number = case.case_number
        year, sequence = (int(value) for value in number.split("-")[-2:])
        closed, closed_by = self.closing()
        if self.notification:
            responsible = self.unit
        else:
            responsible = fullname(case.case_worker) or self.unit
        kind = "Varslingssak" if self.notification else "Avvikssak"
        return noark.Folder(
            system_id=_uuid(case.UID()),
            case_number=number,
            year=year,
            sequence=sequence,
            title=case.title,
            public_title=f"{kind} {number}" if self.confidential else "",
            created=_iso(case.created()),
            created_by=self.who((case.listCreators() or [None])[0]),
            closed=_iso(closed),
            closed_by=self.who(closed_by),
            case_date=_iso(case.received or case.created())[:10],
            unit=self.faculty.title if self.faculty is not None else self.unit,
            responsible=responsible,
            restricted=self.confidential,
        )

    def deposit(self):
        portal = api.portal.get()
        faculty = self.faculty
        place = faculty if faculty is not None else portal
        series = "Varslingssaker" if self.notification else "Avvikssaker"
        return noark.Deposit(
            system_id=str(uuid.uuid5(uuid.NAMESPACE_URL, portal.absolute_url())),
            part_system_id=str(
                uuid.uuid5(uuid.NAMESPACE_URL, f"{place.absolute_url()}#{series}")
            ),
            title=portal.Title() or "ntnu.casemgmt",
            part_title=f"{place.Title()}: {series}",
            creator_id=getattr(faculty, "code", None) or portal.getId(),
            creator_name=place.Title() or portal.getId(),
            created=self.now,
            created_by=self.exporter,
        )

    def build(self):
        folder = self.folder()
        folder.entries.append(self.record_entry())
        makers = {
            "CaseDocument": self.document_entry,
            "Letter": self.letter_entry,
            "CaseMessage": self.message_entry,
        }
        for number, part in enumerate(self.parts, start=2):
            folder.entries.append(makers[part.portal_type](part, number))
        xml = noark.arkivstruktur(self.deposit(), folder)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path, data in [("arkivstruktur.xml", xml), *self.files.items()]:
                info = zipfile.ZipInfo(path, date_time=time.gmtime()[:6])
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16  # readable when unpacked
                archive.writestr(info, data)
        return Package(f"{self.case.case_number}-noark5.zip", buffer.getvalue())
