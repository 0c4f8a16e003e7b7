"""Receipt codes of anonymous notifiers (SPEC §6).

A code is ``<lookup>-<secret>``: the lookup part finds the case in a
site-wide index, the secret part is checked against the only thing stored
of it, its SHA-256 hash, with a constant-time comparison. The code itself
is shown once and never stored. Wrong codes are counted per client in
memory (never in the database) and refused for a while after too many.
"""

from BTrees.OOBTree import OOBTree
from collections import deque
from plone import api
from zope.annotation.interfaces import IAnnotations

import hashlib
import hmac
import secrets
import threading
import time


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


class RateLimiter:
    """At most ``limit`` recorded events (failures, submissions) per client
    within ``window`` seconds.

    Kept in this process's memory only: nothing about the client is written
    to the database. Clients are told apart by a keyed hash of their
    address, the key being random per process.
    """

    def __init__(self, limit=10, window=900):
        self.limit = limit
        self.window = window
        self._failures = {}
        self._lock = threading.Lock()
        self._key = secrets.token_bytes(16)

    def client(self, request):
        address = request.get("REMOTE_ADDR", "") or ""
        return hmac.new(self._key, address.encode(), "sha256").hexdigest()

    def _recent(self, client, now):
        failures = self._failures.setdefault(client, deque())
        while failures and failures[0] < now - self.window:
            failures.popleft()
        return failures

    def blocked(self, request, now=None):
        now = now or time.monotonic()
        with self._lock:
            return len(self._recent(self.client(request), now)) >= self.limit

    def record(self, request, now=None):
        now = now or time.monotonic()
        with self._lock:
            self._recent(self.client(request), now).append(now)

    def reset(self):
        with self._lock:
            self._failures.clear()


#: Wrong receipt codes, per client.
WRONG_CODES = RateLimiter(limit=10, window=900)

#: Anonymous submissions, per client (abuse protection of @notify).
SUBMISSIONS = RateLimiter(limit=5, window=3600)
