"""Receipt codes of anonymous notifiers (SPEC §6).

A code is ``<lookup>-<secret>``: the lookup part finds the case in a
site-wide index, the secret part is checked against the only thing stored
of it, its SHA-256 hash, with a constant-time comparison. The code itself
is shown once and never stored. Wrong codes are rate-limited by
:mod:`ntnu.casemgmt.core.ratelimit`.
"""

from BTrees.OOBTree import OOBTree
from plone import api
from zope.annotation.interfaces import IAnnotations

import hashlib
import hmac
import secrets


INDEX_KEY = "ntnu.casemgmt.receipts"


def _hash(secret):
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _index():
    annotations = IAnnotations(api.portal.get())
    index = annotations.get(INDEX_KEY)
    if index is None:
        index = annotations[INDEX_KEY] = OOBTree()
    return index


def issue(case):
    """Give ``case`` a new receipt code and return it (the only time it is
    seen). 8 bytes of lookup and 32 bytes of secret, URL-safe."""
    lookup = secrets.token_hex(8)
    secret = secrets.token_urlsafe(32)
    index = _index()
    while lookup in index:  # pragma: no cover - 64 bits rarely collide
        lookup = secrets.token_hex(8)
    index[lookup] = case.UID()
    case._receipt = (lookup, _hash(secret))
    return f"{lookup}-{secret}"


def find(code):
    """The case of a receipt code, or None; the same None for a malformed,
    unknown or wrong code."""
    if not isinstance(code, str) or len(code) > 200 or "-" not in code:
        return None
    lookup, secret = code.strip().split("-", 1)
    uid = _index().get(lookup)
    if uid is None:
        # Compare anyway, so an unknown lookup takes as long as a wrong secret.
        hmac.compare_digest(_hash(secret), _hash(""))
        return None
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(UID=uid)
    case = brains[0]._unrestrictedGetObject() if brains else None
    stored = getattr(case, "_receipt", None) if case is not None else None
    if not stored or not hmac.compare_digest(_hash(secret), stored[1]):
        return None
    return case
