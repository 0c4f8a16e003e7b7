"""Rate limits: wrong receipt codes, anonymous notifications, wrong
passwords (SPEC §6).

What is limited, and how much, is a :class:`Limit`; its maximum is a site
setting in the registry (0 turns it off). Events are counted per client in
a sliding window, in a store that every Zope instance of the site shares:
the PostgreSQL database named by the instance configuration::

    <product-config ntnu.casemgmt>
      rate_limit_dsn dbname='casemgmt' host='127.0.0.1' user='zope'
      rate_limit_key <a long random string, the same for every instance>
    </product-config>

or, without it (a FileStorage site, which only one process can open), this
process's memory. The ZODB holds no client data at all.

A client is ``request.getClientAddr()`` (behind a reverse proxy named in
Zope's ``trusted-proxy`` setting, the forwarded address), an IPv6 client
by its /64 network (one subscriber's devices can take any address in it).
Only a keyed hash of it is stored; the key comes from the instance
configuration (``rate_limit_key``) or the environment
(``CASEMGMT_RATE_LIMIT_KEY``), else it is random per process.

A client over a limit is not locked out: it is asked for a proof of work
(hashcash, as GlobaLeaks does). The answer carries a *challenge*, a
stateless token signed with a key derived from a secret kept once in the
site's annotations; the client repeats the request with the header
``X-Casemgmt-Proof: <challenge>:<counter>`` (browser forms: the field
``casemgmt_proof``), where SHA-256 of ``<challenge>:<counter>:<binding>``
begins with ``difficulty`` zero bits. ``binding`` is the hex SHA-256 of
what the request is about (the receipt code, the notification), so a proof
is good for that one request only; each proof is also accepted once. A
person who shares the address of an attacker (a campus NAT) gets through at
the cost of a second of their browser's time; a script pays it for every
guess. Wrong passwords are different: see :mod:`ntnu.casemgmt.core.logins`.
"""

from collections import deque
from collections import namedtuple
from dataclasses import dataclass
from ntnu.casemgmt import logger
from plone.registry.interfaces import IRegistry
from zope.component import queryUtility

import contextlib
import hashlib
import hmac
import html
import ipaddress
import os
import re
import secrets
import threading
import time


#: Leading zero bits a proof must have: 2**16 SHA-256 hashes on average,
#: about a second for a browser's WebCrypto (one asynchronous digest at a
#: time: some 65 000 a second measured in Node 20; 18 bits would take four
#: seconds, 20 a quarter of a minute).
DIFFICULTY = 16

#: Seconds a challenge in a 429 answer is good for.
CHALLENGE_LIFETIME = 10 * 60

#: Seconds a challenge in a form is good for: people take their time to
#: write a notification.
FORM_CHALLENGE_LIFETIME = 60 * 60

#: The header a REST client sends its proof in.
PROOF_HEADER = "X-Casemgmt-Proof"

#: The hidden fields of the browser forms.
CHALLENGE_FIELD = "casemgmt_challenge"
PROOF_FIELD = "casemgmt_proof"

#: The site annotation holding the secret that challenges are signed with.
SECRET_KEY = "ntnu.casemgmt.ratelimit.secret"  # noqa: S105 (the annotation's name)

#: The environment variable and product-config keys of the instance.
KEY_ENVIRONMENT = "CASEMGMT_RATE_LIMIT_KEY"
PRODUCT = "ntnu.casemgmt"

#: Seconds between two deletions of old rows/entries by one process.
PRUNE_INTERVAL = 60


def clock():
    """Seconds since the epoch: wall-clock time, since several processes
    compare their times. Tests replace this function to move time."""
    return time.time()


def _now(now):
    return clock() if now is None else now


# -- limits -------------------------------------------------------------


@dataclass(frozen=True)
class Limit:
    """At most ``maximum()`` events of ``kind`` per client within
    ``window`` seconds; the maximum is the registry record ``record``
    (``default`` when the record is missing or not a number >= 0)."""

    kind: str
    record: str
    default: int
    window: int

    def maximum(self):
        """The registry's value; 0 means no limit."""
        registry = queryUtility(IRegistry)
        value = (
            registry.get(self.record, self.default)
            if registry is not None
            else self.default
        )
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            return self.default
        return value

    def over(self, key, now=None):
        """Whether the client ``key`` has had ``maximum()`` events within
        the window. Never true when the limit is off or the store fails
        (a broken store must not close the site)."""
        maximum = self.maximum()
        if not maximum:
            return False
        now = _now(now)
        try:
            return get_store().count(key, self.kind, now - self.window) >= maximum
        except StoreError:
            logger.exception("rate limit store failed; %s not limited", self.kind)
            return False

    def hit(self, key, now=None):
        """Count one event of the client ``key`` (nothing when the limit is
        off)."""
        if not self.maximum():
            return
        try:
            get_store().add(key, self.kind, _now(now), self.window)
        except StoreError:
            logger.exception("rate limit store failed; %s not counted", self.kind)


#: Notifications sent anonymously, per client and hour.
SUBMISSIONS = Limit(
    "submission", "ntnu.casemgmt.anonymous_submissions_per_hour", 5, 3600
)

#: Receipt codes that match no case, per client and quarter of an hour.
WRONG_RECEIPTS = Limit("receipt", "ntnu.casemgmt.wrong_receipts_per_quarter", 10, 900)

#: Wrong passwords, per login name and client and quarter of an hour.
WRONG_PASSWORDS = Limit(
    "password", "ntnu.casemgmt.wrong_passwords_per_quarter", 10, 900
)


# -- clients ------------------------------------------------------------


_PROCESS_KEY = secrets.token_bytes(32)


def _product_config():
    """The ``<product-config ntnu.casemgmt>`` section, or ``{}``."""
    from App.config import getConfiguration

    config = getattr(getConfiguration(), "product_config", None) or {}
    return config.get(PRODUCT) or {}


def _client_secret():
    configured = os.environ.get(KEY_ENVIRONMENT) or _product_config().get(
        "rate_limit_key"
    )
    return configured.encode("utf-8") if configured else _PROCESS_KEY


def client_address(request):
    """The client's address as the limits see it: ``getClientAddr()``
    (which honours Zope's ``trusted-proxy``), an IPv6 address reduced to
    its /64 network, an IPv4-mapped one to the IPv4 address."""
    get_address = getattr(request, "getClientAddr", None)
    address = (get_address() or "") if get_address is not None else ""
    try:
        parsed = ipaddress.ip_address(address.strip())
    except ValueError:
        return address.strip()
    if parsed.version == 6:
        if parsed.ipv4_mapped:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.IPv6Network((int(parsed) >> 64 << 64, 64)))
    return str(parsed)


def client_key(request, *qualifiers):
    """A keyed hash (HMAC-SHA256) of the client's address and
    ``qualifiers`` (e.g. a login name): what the store keeps instead of
    the address."""
    message = "\0".join((client_address(request), *tuple(qualifiers)))
    return hmac.new(_client_secret(), message.encode("utf-8"), "sha256").hexdigest()


# -- stores -------------------------------------------------------------


class StoreError(Exception):
    """The store could not be reached or failed."""


class MemoryStore:
    """Events in this process's memory: for a site only one process serves
    (FileStorage). Entries of clients gone quiet are dropped as they age.

    Every store has ``count``, ``add``, ``spend`` and ``clear``.
    """

    def __init__(self):
        self._events = {}  # (key, kind) -> deque of times, oldest first
        self._windows = {}  # kind -> window, for dropping old entries
        self._spent = {}  # nonce -> expiry
        self._lock = threading.Lock()
        self._pruned = 0.0

    def count(self, key, kind, since):
        """Events of ``key`` and ``kind`` after ``since``."""
        with self._lock:
            events = self._events.get((key, kind))
            if not events:
                return 0
            while events and events[0] <= since:
                events.popleft()
            return len(events)

    def add(self, key, kind, at, window):
        """Record an event at time ``at``; events older than ``window``
        seconds need not be kept."""
        with self._lock:
            self._events.setdefault((key, kind), deque()).append(at)
            self._windows[kind] = max(window, self._windows.get(kind, 0))
            self._prune(at)

    def spend(self, nonce, expires, now):
        """True the first time ``nonce`` is spent (until ``expires``)."""
        with self._lock:
            self._prune(now)
            if nonce in self._spent:
                return False
            self._spent[nonce] = expires
            return True

    def clear(self):
        """Forget everything (tests)."""
        with self._lock:
            self._events.clear()
            self._spent.clear()

    def _prune(self, now):
        if now - self._pruned < PRUNE_INTERVAL:
            return
        self._pruned = now
        for (key, kind), events in list(self._events.items()):
            if not events or events[-1] <= now - self._windows.get(kind, 0):
                del self._events[(key, kind)]
        for nonce, expires in list(self._spent.items()):
            if expires <= now:
                del self._spent[nonce]


class PostgresStore:
    """Events in PostgreSQL, shared by every instance that names the same
    database. Two small tables, created on first use: one row per event
    (a hashed client key, a kind, a time), pruned as rows leave their
    window; and the spent challenge nonces until they expire.

    Statements run in autocommit, outside the ZODB transaction: a count
    holds even when the request's transaction is aborted.

    :param dsn: a libpq connection string.
    :param prefix: the tables' name prefix (a throwaway one in tests).
    """

    def __init__(self, dsn, prefix="casemgmt_ratelimit"):
        if not re.fullmatch(r"[a-z_][a-z0-9_]{0,40}", prefix):
            raise ValueError(f"not a table name prefix: {prefix!r}")
        self.dsn = dsn
        self.events = f"{prefix}_events"
        self.spent = f"{prefix}_spent"
        self._connection = None
        self._lock = threading.Lock()
        self._pruned = {}

    def _connect(self):
        import psycopg2  # only where a DSN is configured

        connection = psycopg2.connect(self.dsn, connect_timeout=10)
        try:
            self._create_tables(connection)
        except BaseException:
            connection.close()
            raise
        connection.autocommit = True
        return connection

    def _create_tables(self, connection):
        with connection.cursor() as cursor:
            # Instances starting together would race to create the tables.
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (self.events,))
            cursor.execute(
                self._sql(
                    "CREATE TABLE IF NOT EXISTS {events} (client text NOT NULL,"
                    " kind text NOT NULL, at double precision NOT NULL)"
                )
            )
            cursor.execute(
                self._sql(
                    "CREATE INDEX IF NOT EXISTS {index} ON {events} (client, kind, at)"
                )
            )
            cursor.execute(
                self._sql(
                    "CREATE TABLE IF NOT EXISTS {spent} ("
                    " nonce text PRIMARY KEY, expires double precision NOT NULL)"
                )
            )
        connection.commit()

    def _sql(self, template):
        """``template`` with the store's table names quoted as identifiers
        (``{events}``, ``{index}``, ``{spent}``)."""
        from psycopg2 import sql

        return sql.SQL(template).format(
            events=sql.Identifier(self.events),
            index=sql.Identifier(f"{self.events}_idx"),
            spent=sql.Identifier(self.spent),
        )

    def _run(self, statement, params=(), result=None):
        """Run one statement, reconnecting once if the connection was lost.

        :param result: ``"one"`` for the first column of the first row,
            ``"rowcount"`` for the number of rows changed.
        :raises StoreError: the database cannot be reached or fails.
        """
        import psycopg2

        with self._lock:
            for attempt in (1, 2):
                try:
                    if self._connection is None or self._connection.closed:
                        self._connection = self._connect()
                    with self._connection.cursor() as cursor:
                        cursor.execute(self._sql(statement), params)
                        if result == "one":
                            return cursor.fetchone()[0]
                        if result == "rowcount":
                            return cursor.rowcount
                        return None
                except (psycopg2.OperationalError, psycopg2.InterfaceError) as exc:
                    self._close()
                    if attempt == 2:
                        raise StoreError(str(exc)) from exc
                except psycopg2.Error as exc:
                    self._close()
                    raise StoreError(str(exc)) from exc

    def _close(self):
        if self._connection is not None:
            # a broken connection may fail to close: it is dropped anyway
            with contextlib.suppress(Exception):
                self._connection.close()
        self._connection = None

    def _due(self, what, now):
        """Whether this process should delete old rows of ``what`` now."""
        if now - self._pruned.get(what, 0.0) < PRUNE_INTERVAL:
            return False
        self._pruned[what] = now
        return True

    def count(self, key, kind, since):
        return self._run(
            "SELECT count(*) FROM {events} WHERE client = %s AND kind = %s AND at > %s",
            (key, kind, since),
            "one",
        )

    def add(self, key, kind, at, window):
        self._run(
            "INSERT INTO {events} (client, kind, at) VALUES (%s, %s, %s)",
            (key, kind, at),
        )
        if self._due(kind, at):
            self._run(
                "DELETE FROM {events} WHERE kind = %s AND at <= %s",
                (kind, at - window),
            )

    def spend(self, nonce, expires, now):
        if self._due("spent", now):
            self._run("DELETE FROM {spent} WHERE expires <= %s", (now,))
        inserted = self._run(
            "INSERT INTO {spent} (nonce, expires) VALUES (%s, %s)"
            " ON CONFLICT DO NOTHING",
            (nonce, expires),
            "rowcount",
        )
        return inserted == 1

    def clear(self):
        self._run("DELETE FROM {events}")
        self._run("DELETE FROM {spent}")

    def drop(self):
        """Remove the tables (tests)."""
        self._run("DROP TABLE IF EXISTS {events}, {spent}")
        self._close()


_store = None
_store_lock = threading.Lock()


def get_store():
    """This process's store: PostgreSQL when the instance configuration
    names ``rate_limit_dsn``, else memory."""
    global _store
    with _store_lock:
        if _store is None:
            dsn = _product_config().get("rate_limit_dsn")
            if dsn:
                if not (
                    os.environ.get(KEY_ENVIRONMENT)
                    or _product_config().get("rate_limit_key")
                ):
                    logger.warning(
                        "rate_limit_dsn without rate_limit_key: each process hashes "
                        "clients with its own key, so the instances do not share "
                        "their counts"
                    )
                _store = PostgresStore(dsn)
            else:
                _store = MemoryStore()
        return _store


def set_store(store):
    """Use ``store`` from now on (``None``: choose again from the
    configuration)."""
    global _store
    with _store_lock:
        _store = store


def reset():
    """Forget every count and spent challenge (tests)."""
    get_store().clear()


# -- challenges and proofs ----------------------------------------------


Challenge = namedtuple("Challenge", "challenge difficulty")


def _challenge_key():
    """The key challenges are signed with, the same in every instance:
    derived from a random secret kept once in the site's annotations (it
    says nothing about anybody)."""
    from plone import api
    from zope.annotation.interfaces import IAnnotations

    portal = api.portal.get()
    secret = IAnnotations(portal).get(SECRET_KEY)
    if secret is None:
        secret = _create_secret(portal)
    return hmac.new(
        secret.encode("ascii"), b"ntnu.casemgmt.core.ratelimit challenge", "sha256"
    ).digest()


def _create_secret(portal):
    """Store the site's secret, in a transaction of its own: the request
    that first needs it may well end in an error (a 429), whose
    transaction is doomed, or be a GET. Returns the secret, ours or the
    one another process stored first."""
    from ZODB.POSException import ConflictError
    from zope.annotation.interfaces import IAnnotations

    import transaction

    db = portal._p_jar.db()
    for attempt in range(3):
        manager = transaction.TransactionManager()
        connection = db.open(transaction_manager=manager)
        try:
            manager.begin()
            annotations = IAnnotations(connection.get(portal._p_oid))
            secret = annotations.get(SECRET_KEY)
            if secret is None:
                secret = annotations[SECRET_KEY] = secrets.token_hex(32)
            manager.commit()
            return secret
        except ConflictError:
            manager.abort()
            if attempt == 2:
                raise
        finally:
            connection.close()


def _sign(payload):
    return hmac.new(_challenge_key(), payload.encode("ascii"), "sha256").hexdigest()


def new_challenge(kind, now=None, lifetime=CHALLENGE_LIFETIME, difficulty=None):
    """A signed challenge for requests of ``kind``:
    ``<kind>.<expiry>.<nonce>.<difficulty>.<signature>``."""
    difficulty = DIFFICULTY if difficulty is None else difficulty
    expires = int(_now(now) + lifetime)
    payload = f"{kind}.{expires}.{secrets.token_hex(16)}.{difficulty}"
    return Challenge(f"{payload}.{_sign(payload)}", difficulty)


def binding(value):
    """The hex SHA-256 that ties a proof to what it is for.

    :param value: ``bytes`` (a request body) or ``str`` (a receipt code,
        a form's text; line ends are made ``\\n``, as browsers send
        ``\\r\\n`` but scripts see ``\\n``).
    """
    if isinstance(value, str):
        value = value.replace("\r\n", "\n").replace("\r", "\n").encode("utf-8")
    return hashlib.sha256(value or b"").hexdigest()


def leading_zero_bits(digest):
    """Number of leading zero bits of ``digest`` (bytes)."""
    value = int.from_bytes(digest, "big")
    return len(digest) * 8 - value.bit_length()


def valid_proof(proof, kind, bound, now=None):
    """The nonce and expiry of ``proof`` when it is a solved, unexpired
    challenge of ours for ``kind`` and ``bound`` (a :func:`binding`),
    else None. Any string is safe to pass."""
    if not isinstance(proof, str) or len(proof) > 400:
        return None
    challenge, _, counter = proof.strip().rpartition(":")
    if not counter.isascii() or not counter.isdigit() or len(counter) > 20:
        return None
    parts = challenge.split(".")
    if len(parts) != 5 or not challenge.isascii():
        return None
    token_kind, expires, nonce, difficulty, signature = parts
    if token_kind != kind or not expires.isdigit() or not difficulty.isdigit():
        return None
    if not hmac.compare_digest(signature, _sign(".".join(parts[:4]))):
        return None
    if int(expires) <= _now(now):
        return None
    digest = hashlib.sha256(f"{challenge}:{counter}:{bound}".encode()).digest()
    if leading_zero_bits(digest) < int(difficulty):
        return None
    return nonce, int(expires)


def redeem(proof, kind, bound, now=None):
    """Accept ``proof`` once: true when it is valid (see
    :func:`valid_proof`) and was not accepted before, by any instance.

    Spent at once, not when the request's transaction commits: replays
    sent side by side must not all get through. (A request Zope retries
    after a conflict is therefore asked for a new proof: rare, and never
    more than a second of a browser's time.)"""
    now = _now(now)
    valid = valid_proof(proof, kind, bound, now)
    if valid is None:
        return False
    nonce, expires = valid
    try:
        return get_store().spend(nonce, expires, now)
    except StoreError:
        logger.exception("rate limit store failed; proof accepted unchecked for reuse")
        return True


def proof_of(request):
    """The proof a request carries: its header, else the form field."""
    proof = request.get_header(PROOF_HEADER)
    if not proof:
        proof = request.form.get(PROOF_FIELD)
    return proof if isinstance(proof, str) else None


def admit(request, limit, bound, now=None):
    """Whether the request may go on: None if so, else the
    :data:`Challenge` to answer with (429).

    A client within ``limit`` always goes on; one over it only with a
    valid proof for ``bound`` (see :func:`binding`).
    """
    now = _now(now)
    if not limit.over(client_key(request), now):
        return None
    if redeem(proof_of(request), limit.kind, bound, now):
        return None
    return new_challenge(limit.kind, now)


def record(request, limit, now=None):
    """Count one event of ``limit`` for the request's client."""
    limit.hit(client_key(request), now)


def record_after_commit(request, limit):
    """Count one event of ``limit`` for the request's client once the
    request's transaction is committed: a conflict retried by Zope, or an
    error, does not count."""
    import transaction

    key = client_key(request)

    def hook(committed):
        if committed:
            limit.hit(key)

    transaction.get().addAfterCommitHook(hook)


# -- browser forms ------------------------------------------------------


def form_fields(kind, bind):
    """Hidden fields for a form whose submission a limit of ``kind``
    guards: the current challenge, and the proof that :data:`FORM_SCRIPT`
    puts in on submit.

    :param bind: the name of the form field the proof is bound to.
    """
    token, difficulty = new_challenge(kind, lifetime=FORM_CHALLENGE_LIFETIME)
    return (
        f'<input type="hidden" name="{CHALLENGE_FIELD}" value="{token}"'
        f' data-difficulty="{difficulty}" data-bind="{html.escape(bind)}" />'
        f'<input type="hidden" name="{PROOF_FIELD}" value="" />'
    )


#: On submit of a form with :func:`form_fields`, find the proof with
#: WebCrypto (batches of digests at a time: one by one is slow), then send
#: the form on with the button that was pressed. Without WebCrypto (no
#: JavaScript, a page not served over HTTPS) the form goes without a proof:
#: the server asks for one only from a client over the limit, and then says
#: so in the page.
FORM_SCRIPT = """<script>
(function () {
  "use strict";
  var BATCH = 64;
  function digest(text) {
    return window.crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  }
  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }
  function zeroBits(buffer, bits) {
    var bytes = new Uint8Array(buffer);
    for (var i = 0; bits > 0; i++, bits -= 8) {
      var mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
      if (bytes[i] & mask) { return false; }
    }
    return true;
  }
  function solve(challenge, bits, binding) {
    function batch(start) {
      var work = [];
      for (var n = start; n < start + BATCH; n++) {
        work.push(digest(challenge + ":" + n + ":" + binding));
      }
      return Promise.all(work).then(function (digests) {
        for (var i = 0; i < digests.length; i++) {
          if (zeroBits(digests[i], bits)) { return start + i; }
        }
        return batch(start + BATCH);
      });
    }
    return batch(0);
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var challenge = form.querySelector("input[name=casemgmt_challenge]");
    var proof = form.querySelector("input[name=casemgmt_proof]");
    if (event.defaultPrevented || !challenge || !proof || proof.value) { return; }
    if (!(window.crypto && window.crypto.subtle && window.TextEncoder)) { return; }
    event.preventDefault();
    var submitter = event.submitter;
    var bound = form.elements.namedItem(challenge.getAttribute("data-bind"));
    var text = ((bound && bound.value) || "").replace(/\\r\\n?/g, "\\n");
    var bits = parseInt(challenge.getAttribute("data-difficulty"), 10);
    form.setAttribute("aria-busy", "true");
    digest(text).then(function (binding) {
      return solve(challenge.value, bits, hex(binding));
    }).then(function (counter) {
      proof.value = challenge.value + ":" + counter;
    }, function () {
      proof.value = "-";
    }).then(function () {
      // form.submit(), not requestSubmit(): Plone disables the pressed
      // button against double posts, and a disabled submitter cannot
      // submit; the button's name goes along in a hidden field.
      if (submitter && submitter.name) {
        var button = document.createElement("input");
        button.type = "hidden";
        button.name = submitter.name;
        button.value = submitter.value;
        form.appendChild(button);
      }
      form.submit();
    });
  });
})();
</script>
"""
