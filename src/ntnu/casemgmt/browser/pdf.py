"""Downloads: a letter as PDF, the case record (the case as the user
may see it) as PDF, and a closed case's archive package (Noark 5 ZIP)."""

from Acquisition import aq_parent
from ntnu.casemgmt.parts.letters import language_of
from ntnu.casemgmt.parts.letters import pdf
from ntnu.casemgmt.records import export
from ntnu.casemgmt.reporting.caserecord import case_record
from Products.Five.browser import BrowserView
from Products.statusmessages.interfaces import IStatusMessage
from zExceptions import Unauthorized


class LetterPDF(BrowserView):
    """``<letter>/@@letter.pdf``: the letter as a PDF download."""

    def __call__(self):
        letter = self.context
        case = aq_parent(letter)
        sender = ""
        for item in case.aq_chain:
            if getattr(item, "portal_type", None) in ("Faculty", "CentralReception"):
                sender = item.title
                break
        data = pdf.render(
            title=letter.title or letter.template,
            body=letter.body,
            sender=sender,
            reference=getattr(case, "case_number", "") or "",
            exempt=letter.exempt_from_public,
            language=language_of(letter.recipient, case),
        )
        name = f"{getattr(case, 'case_number', 'letter')}-{letter.getId()}.pdf"
        response = self.request.response
        response.setHeader("Content-Type", "application/pdf")
        response.setHeader("Content-Disposition", f'attachment; filename="{name}"')
        response.setHeader("Content-Length", str(len(data)))
        # confidential: never in a shared cache
        response.setHeader("Cache-Control", "private, no-store")
        return data


class CaseRecordPDF(BrowserView):
    """``<case>/@@case-report.pdf``: the case record, as the user may see it."""

    def __call__(self):
        data = case_record(self.context)
        response = self.request.response
        response.setHeader("Content-Type", "application/pdf")
        response.setHeader(
            "Content-Disposition",
            f'attachment; filename="{self.context.case_number}.pdf"',
        )
        response.setHeader("Cache-Control", "private, no-store")
        return data


class ArchiveExportZip(BrowserView):
    """``<case>/@@archive-export.zip``: the case page's "Export to archive",
    the same package as ``@archive-export`` (records.export)."""

    def __call__(self):
        try:
            package = export.package(self.context)
        except export.ExportRefused as exc:
            if exc.status == 403:
                raise Unauthorized(str(exc)) from exc
            IStatusMessage(self.request).add(str(exc), type="error")
            return self.request.response.redirect(self.context.absolute_url())
        response = self.request.response
        response.setHeader("Content-Type", "application/zip")
        response.setHeader(
            "Content-Disposition", f'attachment; filename="{package.filename}"'
        )
        response.setHeader("Content-Length", str(len(package.data)))
        response.setHeader("Cache-Control", "private, no-store")
        return package.data
