"""Malformed HTTP basic credentials are no credentials (401), not a 500.

Zope decodes ``Authorization: Basic ...`` as UTF-8 ``user:password``
(``HTTPRequest._authUserPW``); bytes that are not valid base64 UTF-8 make
it raise, and the request ends in a server error. A schemathesis run sends
exactly such headers. At the start of each request this subscriber drops a
basic-auth header that cannot be decoded, so the request is anonymous and
is refused the ordinary way.
"""

import base64
import binascii


def _decodable(value):
    try:
        decoded = base64.b64decode(
            value.split()[-1].encode("ascii"), validate=True
        ).decode("utf-8")
    except (binascii.Error, UnicodeError, IndexError, ValueError):
        return False
    return ":" in decoded


def drop_malformed_basic_auth(event):
    """IPubStart subscriber."""
    request = event.request
    auth = getattr(request, "_auth", None)
    if isinstance(auth, str) and auth[:6].lower() == "basic " and not _decodable(auth):
        request._auth = None
        request.environ.pop("HTTP_AUTHORIZATION", None)
