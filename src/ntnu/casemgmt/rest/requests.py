"""What every REST write must satisfy before any service runs (issue 14).

For a REST service (plone.rest) asked to write (POST, PUT, PATCH), right
after traversal:

* a request from a foreign origin (the ``Origin`` header names another
  site) is refused (403) unless its credentials came in an
  ``Authorization: Bearer`` header, which a browser never adds on its own:
  a login cookie or cached basic credentials would otherwise let any page
  the user visits write as them (CSRF; plone.protect leaves JSON
  requests to the service);
* a body must be JSON (415 otherwise), valid UTF-8, a JSON object, not
  nested deeper than ``MAX_DEPTH`` and without lone surrogates (400), and
  not larger than the endpoint's limit (413);

then plone.protect's token check is off for the request (these rules are
the CSRF protection of JSON requests); and whatever answers 4xx or 5xx
writes nothing: ``request_answered`` dooms
the transaction, so not even an audit entry or a half-made object stays.
"""

from ntnu.casemgmt.core.validation import max_attachment_bytes
from ntnu.casemgmt.interfaces import IBrowserLayer
from ntnu.casemgmt.rest.errors import PayloadTooLarge
from ntnu.casemgmt.rest.errors import RequestRefused
from ntnu.casemgmt.rest.errors import UnsupportedMediaType
from ntnu.casemgmt.rest.errors import WriteForbidden
from plone.protect.interfaces import IDisableCSRFProtection
from plone.rest.interfaces import IAPIRequest
from plone.rest.interfaces import IService
from urllib.parse import urlsplit
from zope.interface import alsoProvides

import json
import re
import transaction


WRITES = ("POST", "PUT", "PATCH")

#: Endpoints that take evidence (SPEC §3 "Attachments"): up to ten files.
ATTACHMENT_ENDPOINTS = ("@notify", "@messages", "@receipt", "@register-notification")
MAX_FILES = 10

#: A JSON body's deepest nesting (the add-on's bodies need three levels).
MAX_DEPTH = 20

#: Endpoints that take something else than JSON (plone.restapi's TUS upload).
RAW_ENDPOINTS = ("@tus-upload", "@tus-replace")

SURROGATE = re.compile("[\ud800-\udfff]")


def body_limit(request):
    """The largest body the endpoint of ``request`` takes, in bytes: room
    for one attachment (base64 makes it 4/3 larger) and the text, or ten
    where evidence is handed in."""
    files = (
        MAX_FILES
        if any(
            f"/{name}" in request.get("PATH_INFO", "") for name in ATTACHMENT_ENDPOINTS
        )
        else 1
    )
    return files * (max_attachment_bytes() * 4 // 3 + 1024) + 1024 * 1024


def own_origin(request):
    """``scheme://host[:port]`` of the site as the request addressed it."""
    parts = urlsplit(request.get("SERVER_URL", ""))
    return f"{parts.scheme}://{parts.netloc}".lower()


def check_origin(request):
    """:raises WriteForbidden: a write from another site with ambient credentials."""
    origin = (request.getHeader("Origin") or "").strip().lower()
    if not origin:
        return  # not a browser's cross-site request (browsers send Origin)
    # Zope moves the Authorization header out of the headers into _auth.
    if str(getattr(request, "_auth", None) or "").lower().startswith("bearer "):
        return
    if origin != own_origin(request):
        raise WriteForbidden(
            "Cross-site requests may not change anything here (Origin)."
        )


def _depth(value, limit):
    """True when ``value`` nests deeper than ``limit`` (without recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            if depth > limit:
                return True
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return False


def _surrogate_field(value, path=""):
    """The path of the first string with a lone surrogate, or None."""
    stack = [(value, path)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            if SURROGATE.search(item):
                return where or "body"
        elif isinstance(item, dict):
            for key, child in item.items():
                if SURROGATE.search(key):
                    return key
                stack.append((child, key if not where else f"{where}.{key}"))
        elif isinstance(item, list):
            stack.extend((child, where) for child in item)
    return None


def _raw_body(request):
    """The request body as bytes, refused when over the endpoint's limit.

    :raises PayloadTooLarge: a body over the endpoint's limit.
    """
    limit = body_limit(request)
    too_large = PayloadTooLarge(
        f"The request is too large (at most {limit // (1024 * 1024)} MB)."
    )
    length = request.getHeader("Content-Length")
    if length and length.isdigit() and int(length) > limit:
        raise too_large
    raw = request.get("BODY") or b""
    if isinstance(raw, str):
        raw = raw.encode("utf-8", "surrogatepass")
    if len(raw) > limit:
        raise too_large
    return raw


def _json(raw):
    """``raw`` read as JSON.

    :raises RequestRefused: not UTF-8, malformed or too deep for the parser.
    """
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise RequestRefused("The body is not valid UTF-8.") from None
    except RecursionError:
        raise RequestRefused("The JSON body is nested too deeply.") from None
    except ValueError as exc:
        raise RequestRefused(f"The body is not valid JSON ({exc}).") from None


def parse_body(request):
    """The JSON object of the request body ({} for an empty body).

    :raises UnsupportedMediaType: a body that is not JSON.
    :raises PayloadTooLarge: a body over the endpoint's limit.
    :raises RequestRefused: malformed JSON, not an object, too deep, a lone
        surrogate.
    """
    raw = _raw_body(request)
    if not raw.strip():
        return {}
    content_type = (
        (request.getHeader("Content-Type") or "").split(";")[0].strip().lower()
    )
    if content_type != "application/json" and not content_type.endswith("+json"):
        raise UnsupportedMediaType(
            "Send the body as JSON (Content-Type: application/json)."
        )
    data = _json(raw)
    if not isinstance(data, dict):
        raise RequestRefused("The body must be a JSON object.")
    if _depth(data, MAX_DEPTH):
        raise RequestRefused("The JSON body is nested too deeply.")
    field = _surrogate_field(data)
    if field:
        raise RequestRefused(
            f"{field}: the text holds an invalid character (a lone surrogate).",
            [field],
        )
    return data


#: Where ``too_deep_for_authentication`` leaves its verdict for ``check_write``.
DEFERRED = "_ntnu_casemgmt_refused"


def too_deep_for_authentication(site, event):
    """Before traversing the site (the body is read, nobody authenticated
    yet): a JSON body nested too deeply for Python's parser would
    crash authentication, before any of the checks here: plone.restapi's
    JWT plugin parses every JSON write to look for a log-in in it (and PAS
    does not swallow a RecursionError). Such a body is put aside (the
    request goes on with an empty one) and refused after traversal."""
    request = event.request
    if request.get("REQUEST_METHOD", "GET").upper() not in WRITES:
        return
    if "json" not in (request.getHeader("Content-Type") or "").lower():
        return
    try:
        json.loads(request.get("BODY") or b"{}")
    except RecursionError:
        setattr(
            request, DEFERRED, RequestRefused("The JSON body is nested too deeply.")
        )
        # HTTPRequest reads BODY from its form storage while it has a file.
        request._file = None
        request.other.pop("BODY", None)
    except ValueError:
        pass  # malformed: the JWT plugin ignores it, check_write refuses it


def check_write(event):
    """IPubAfterTraversal: refuse a REST write that breaks the rules above."""
    request = event.request
    deferred = getattr(request, DEFERRED, None)
    if deferred is not None:
        raise deferred
    if not IBrowserLayer.providedBy(request) or not IAPIRequest.providedBy(request):
        return
    # A REST service, not one of Plone's own views that its pages ask with
    # "Accept: application/json" (@@getVocabulary posts a form): those
    # have plone.protect's token.
    if not IService.providedBy(request.get("PUBLISHED")):
        return
    if request.get("REQUEST_METHOD", "GET").upper() not in WRITES:
        return
    check_origin(request)
    if not any(f"/{name}" in request.get("PATH_INFO", "") for name in RAW_ENDPOINTS):
        parse_body(request)
    # This is the CSRF protection of REST writes (a JSON client has no
    # plone.protect token): plone.protect's would otherwise undo the
    # writes of a service that forgot to switch it off itself, as
    # plone.restapi's @logout does (its token stayed valid).
    alsoProvides(request, IDisableCSRFProtection)


def request_answered(event):
    """IPubBeforeCommit: a request answered with an error writes nothing."""
    if not IBrowserLayer.providedBy(event.request):
        return
    if event.request.response.getStatus() >= 400:
        transaction.doom()
