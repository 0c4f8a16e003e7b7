"""POST <folder>/@copy and @move: never for cases and their parts.

A case moves only by its own rules (``@transfer``, ``@forward``), which
keep its case number, history and audience; a copy of a case or a part
would be confidential content outside those rules. plone.restapi's
services answer a paste that the target refuses with a server error, and a
user without the permission with an empty body; here every refusal is a 400
that names the source, or a 401/403 with an error body.
"""

from Acquisition import aq_chain
from ntnu.casemgmt.content.case import ICase
from ntnu.casemgmt.content.case import ICasePart
from ntnu.casemgmt.rest.errors import RequestRefused
from ntnu.casemgmt.services import error
from OFS.CopySupport import CopyError
from plone.restapi.deserializer import json_body
from plone.restapi.services.copymove.copymove import Copy
from plone.restapi.services.copymove.copymove import Move


def _in_a_case(obj):
    return any(
        ICase.providedBy(item) or ICasePart.providedBy(item) for item in aq_chain(obj)
    )


class CheckedCopyMove:
    def reply(self):
        sources = json_body(self.request).get("source")
        for source in sources if isinstance(sources, list) else [sources]:
            if not isinstance(source, str):
                raise RequestRefused(
                    "source: a URL, path or UID, or a list of them", ["source"]
                )
            obj = self.get_object(source)
            if obj is not None and _in_a_case(obj):
                raise RequestRefused(
                    "source: cases and their parts are not copied or moved; "
                    "a case changes faculty by @transfer or @forward",
                    ["source"],
                )
        try:
            result = super().reply()
        except (CopyError, ValueError) as exc:
            raise RequestRefused(f"source: {exc}", ["source"]) from exc
        status = self.request.response.getStatus()
        if result is None and status in (401, 403):
            # plone.restapi sets the status and answers no body at all
            return error(
                self.request,
                status,
                "You may not add content here, or not remove the source.",
                type_="Unauthorized",
            )
        return result


class CaseAwareCopy(CheckedCopyMove, Copy):
    """@copy"""


class CaseAwareMove(CheckedCopyMove, Move):
    """@move"""
