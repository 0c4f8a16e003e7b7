"""GET <case>/@archive-export: the closed case as a Noark 5 ZIP (SPEC §7)."""

from ntnu.casemgmt.records import export
from ntnu.casemgmt.services import error
from plone.restapi.services import Service

import json


class ArchiveExportGet(Service):
    """The ZIP (``application/zip``); 403 for who is not the case's
    reception, unit or a Manager, 400 while the case is open."""

    def render(self):
        self.check_permission()
        response = self.request.response
        try:
            package = export.package(self.context)
        except export.ExportRefused as exc:
            type_ = "Forbidden" if exc.status == 403 else "BadRequest"
            body = error(self.request, exc.status, str(exc), type_)
            response.setHeader("Content-Type", "application/json")
            return json.dumps(body, indent=2, sort_keys=True)
        response.setHeader("Content-Type", "application/zip")
        response.setHeader(
            "Content-Disposition", f'attachment; filename="{package.filename}"'
        )
        response.setHeader("Content-Length", str(len(package.data)))
        # confidential: never in a shared cache
        response.setHeader("Cache-Control", "private, no-store")
        return package.data
