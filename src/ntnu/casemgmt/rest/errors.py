"""Errors of the add-on's REST answers and their one JSON shape.

SPEC §7: ``{"error": {"type": ..., "message": ...}}`` with 400 for bad
input, 413 for too large, 415 for a body that is not JSON; for a field
error ``fields`` names the fields. Exceptions of this module (and
plone.restapi's ``BadRequest`` of a deserializer) raised anywhere in an
API request are answered in that shape by ``ErrorView``, so the standard
endpoints answer like the add-on's own services.
"""

from ntnu.casemgmt.interfaces import IBrowserLayer
from plone.rest.errors import ErrorHandling
from zExceptions import BadRequest

import json


class RequestRefused(Exception):
    """Bad input, refused before anything is written (400)."""

    status = 400
    type = "BadRequest"

    def __init__(self, message, fields=()):
        super().__init__(message)
        self.fields = [field for field in fields if field]


class PayloadTooLarge(RequestRefused):
    """A request, a text or a file over its size limit (413)."""

    status = 413
    type = "PayloadTooLarge"


class UnsupportedMediaType(RequestRefused):
    """A write whose body is not JSON (415)."""

    status = 415
    type = "UnsupportedMediaType"


class WriteForbidden(RequestRefused):
    """A write the user may not make this way (403).

    Not named ``Forbidden``: Zope turns an exception into the zExceptions
    class of the same name (``upgradeException``), which would lose this
    shape."""

    status = 403
    type = "Forbidden"


def describe(exception):
    """``(status, body)`` of the SPEC's error shape for ``exception``."""
    if isinstance(exception, RequestRefused):
        body = {"type": exception.type, "message": str(exception)}
        if exception.fields:
            body["fields"] = exception.fields
        return exception.status, body
    errors = exception.args[0] if exception.args else ""
    if isinstance(errors, list):  # plone.restapi's deserializer: one per field
        fields = [
            e.get("field") for e in errors if isinstance(e, dict) and e.get("field")
        ]
        message = "; ".join(
            f"{e.get('field') or 'invariant'}: {e.get('message')}"
            for e in errors
            if isinstance(e, dict)
        )
        return 400, {"type": "BadRequest", "message": message, "fields": fields}
    return 400, {"type": "BadRequest", "message": str(errors)}


class ErrorView(ErrorHandling):
    """The exception view of ``RequestRefused`` and ``BadRequest`` in API
    requests (plone.rest's own answers them as unhandled exceptions: a
    body without ``error``)."""

    def __call__(self):
        if not IBrowserLayer.providedBy(self.request):
            return super().__call__()  # another site in this Zope
        status, body = describe(self.context)
        response = self.request.response
        response.setHeader("Content-Type", "application/json")
        response.setStatus(status, lock=1)
        response.setBody(json.dumps({"error": body}, indent=2, sort_keys=True), lock=1)


__all__ = [
    "BadRequest",
    "PayloadTooLarge",
    "RequestRefused",
    "UnsupportedMediaType",
    "WriteForbidden",
]
