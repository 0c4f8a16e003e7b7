"""Bad input over REST (issue 14, items 12-16 and "REST writes"; SPEC §3,
§7): every malformed or wrongly typed write is refused with a 4xx in the
error shape ``{"error": {"type": ..., "message": ...}}``, names the field,
and writes nothing.

Technique
---------
* **Enumeration.** The add-on's REST services are read from the component
  registry: plone.rest registers each service as a named multi-adapter
  ``<METHOD>_<type>_<subtype>_<name>`` (``POST_application_json_@notify``);
  those whose factory comes from ``ntnu.casemgmt`` are the add-on's. Its
  content types are the types of ``portal_types`` whose schema lives in
  ``ntnu.casemgmt``. ``test_every_service_and_type_has_a_recipe`` fails
  naming any service or type this module does not know how to reach, so a
  new one cannot slip by unprobed: add its recipe below and every probe of
  this module runs against it.
* **Recipes.** ``SERVICES`` and ``CONTENT`` say, for each service and type,
  who may call it, on which context (a place of the ``World``) and with
  which valid body. ``test_*_control`` sends exactly that valid request and
  must succeed: it proves the recipe reaches the endpoint, so a refusal in
  a probe is the product's answer, not a mistake of the test. Recipes of
  services that SPEC §7 names but that are not registered yet skip.
* **Shapes.** ``MALFORMED`` is the table of malformed bodies (wrong media
  type: 415; invalid UTF-8 or JSON, nesting 100 000 deep, a JSON value that
  is not an object: 400). Every write service and every content type (POST
  to a container that may hold it, PATCH of an existing one, as admin) gets
  every shape.
* **Wrong types.** Generated at run time from the fields of the type's
  schemata (its behaviors' too), a few values of the wrong JSON type per
  zope.schema field class (``WRONG``), so a new field is covered by default;
  the services' own fields are listed in their recipes.
* **Nothing written.** The test server commits before it answers, so the
  ZODB's ``lastTransaction()`` is read before each request and again after
  it (``transaction.begin()`` first): a refused request leaves it unchanged.
  One write is intended: every request that reaches a notification case is
  recorded in the case's audit trail (``ntnu.casemgmt.notification.audit``, a LOBTree),
  so the records of new transactions are read back from the storage and
  those of the trail's classes are left out (``written_since``).
* **The world** (deviations in ``ie`` in each useful state, a notification
  case in ``/speakup`` and one forwarded to ``ie``, parts of each type) is
  built over HTTP through the public contract, lazily, per test; after a
  probe that wrote something it is built anew, so the next probe meets the
  same state and not what the previous probe left behind.
* Sizes, out-of-range dates, foreign origins and the single defects of
  issue 14 have their own tests at the end.
"""

from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date
from datetime import timedelta
from helpers import Client
from helpers import DEVIATION
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from urllib.parse import urlsplit

import base64
import contextlib
import json
import pytest
import re
import requests
import transaction


ADMIN = SITE_OWNER_NAME
FOREIGN_ORIGIN = "https://evil.example.org"
WRITE_METHODS = ("POST", "PATCH", "PUT", "DELETE")

NOTIFICATION = {
    "title": "Comments in the lab group",
    "category": "harassment",
    "event_description": "Repeated comments about my background in lab sessions.",
    "accused_faculty": "ie",
}


# --- the world ------------------------------------------------------------


class WorldError(AssertionError):
    """A step of building the world failed: a problem of the product's
    normal path or of this test, never the answer to a probe."""


class World:
    """The objects the probes need, built over HTTP as the demo users,
    lazily; ``forget`` makes the next ``place`` build anew."""

    def __init__(self, portal):
        self.portal = portal
        self.url = portal.absolute_url()
        self.origin = "{0.scheme}://{0.netloc}".format(urlsplit(self.url))
        self.db = portal._p_jar.db()
        self._places = {}
        self._clients = {}
        self._serial = 0

    def client(self, user):
        if user not in self._clients:
            if user == ADMIN:
                self._clients[user] = Client(self.url, ADMIN, SITE_OWNER_PASSWORD)
            else:
                self._clients[user] = Client(self.url, user)
        return self._clients[user]

    def forget(self):
        self._places.clear()

    def place(self, name):
        """The URL of a place (the receipt code for ``receipt``)."""
        if name not in self._places:
            self._places[name] = getattr(self, "_build_" + name)()
        return self._places[name]

    def obj(self, url):
        """The object at ``url``, as committed by the server."""
        transaction.begin()
        path = urlsplit(url).path[len(urlsplit(self.url).path) :].strip("/")
        return self.portal.unrestrictedTraverse(path) if path else self.portal

    def serial(self):
        self._serial += 1
        return self._serial

    @staticmethod
    def expect(response, statuses, what):
        if response.status_code not in statuses:
            raise WorldError(
                f"world: {what} answered {response.status_code}: {response.text[:500]}"
            )
        return response

    # fixed places
    def _build_site(self):
        return self.url

    def _build_faculties(self):
        return f"{self.url}/faculties"

    def _build_faculty(self):
        return f"{self.url}/faculties/ie"

    def _build_speakup(self):
        return f"{self.url}/speakup"

    def _build_guidelines(self):
        return f"{self.url}/guidelines"

    # places made for the test
    def _build_probe_faculty(self):
        body = {
            "@type": "Faculty",
            "title": "Probe faculty",
            "code": f"probe{self.serial()}",
        }
        response = self.client(ADMIN).post(self.place("faculties"), body)
        return self.expect(response, (201,), "admin adds a faculty").json()["@id"]

    def _build_guideline(self):
        body = {"@type": "Guideline", "title": f"Probe guideline {self.serial()}"}
        response = self.client(ADMIN).post(self.place("guidelines"), body)
        return self.expect(response, (201,), "admin adds a guideline").json()["@id"]

    def _build_deviation_submitted(self):
        response = self.client("student1").post("@report-deviation", dict(DEVIATION))
        return self.expect(response, (201,), "student1 reports a deviation").json()[
            "@id"
        ]

    def _build_deviation_in_progress(self):
        url = self._build_deviation_submitted()
        reception = self.client("reception-ie")
        response = reception.patch(url, {"case_worker": "caseworker-ie"})
        self.expect(response, (204,), "reception-ie names the case worker")
        self.expect(
            reception.post(url + "/@workflow/approve", {}),
            (200,),
            "reception-ie approves",
        )
        return url

    def _build_notification_received(self):
        response = self.client("student1").post("@notify", dict(NOTIFICATION))
        return self.expect(response, (201,), "student1 notifies").json()["@id"]

    def _build_notification_investigation(self):
        url = self._build_notification_received()
        response = self.client("speakup").post(url + "/@forward", {"faculty": "ie"})
        url = self.expect(response, (200,), "speakup forwards to ie").json()["@id"]
        response = self.client("varsling-ie").post(url + "/@workflow/acknowledge", {})
        self.expect(response, (200,), "varsling-ie acknowledges")
        return url

    def _build_notification_hidden(self):
        """A case in investigation whose notifier is withheld from its
        party, student2 (identity access, Fvl. § 19)."""
        url = self._build_notification_investigation()
        response = self.client("varsling-ie").patch(
            url, {"parties": ["student2"], "hide_notifier_from_parties": True}
        )
        self.expect(response, (204,), "varsling-ie names the party, hides the notifier")
        return url

    def _build_receipt(self):
        response = self.client(None).post("@notify", dict(NOTIFICATION))
        return self.expect(response, (201,), "an anonymous notification").json()[
            "receipt"
        ]

    def _part(self, case, user, body):
        response = self.client(user).post(self.place(case), body)
        return self.expect(response, (201,), f"{user} adds a {body['@type']}").json()[
            "@id"
        ]

    def _build_measure(self):
        return self._part(
            "deviation_in_progress", "caseworker-ie", CONTENT["Measure"].add(self)
        )

    def _build_letter(self):
        return self._part(
            "deviation_in_progress", "caseworker-ie", CONTENT["Letter"].add(self)
        )

    def _build_hearing(self):
        return self._part(
            "deviation_in_progress", "caseworker-ie", CONTENT["Hearing"].add(self)
        )

    def _build_casedocument(self):
        return self._part(
            "deviation_in_progress", "caseworker-ie", CONTENT["CaseDocument"].add(self)
        )

    def _build_casemessage(self):
        return self._part(
            "notification_investigation",
            "varsling-ie",
            CONTENT["CaseMessage"].add(self),
        )


def lift_rate_limits(portal):
    """Anonymous submissions and wrong receipt codes are rate-limited per
    client (SPEC §6) and every probe comes from the same address: 0 turns
    a limit off (registry records of SPEC §6, where they exist)."""
    for name in (
        "ntnu.casemgmt.anonymous_submissions_per_hour",
        "ntnu.casemgmt.wrong_receipts_per_quarter",
    ):
        # the record may not exist (yet)
        with contextlib.suppress(api.exc.InvalidParameterError):
            api.portal.set_registry_record(name, 0)
    reset_rate_limiters()


def reset_rate_limiters():
    """Forget the clients counted by in-process limiters, where there are
    such (the test server runs in this process)."""
    from ntnu.casemgmt.notification import receipts

    for limiter in ("SUBMISSIONS", "WRONG_CODES"):
        reset = getattr(getattr(receipts, limiter, None), "reset", None)
        if reset is not None:
            reset()


@pytest.fixture
def world(demo_functional):
    portal = demo_functional["portal"]
    lift_rate_limits(portal)
    transaction.commit()
    return World(portal)


# --- probes ------------------------------------------------------------------


@dataclass
class Probe:
    label: str
    method: str
    url: str
    user: str | None
    json: object = None  # a JSON value, or
    raw: bytes | None = None  # a raw body
    content_type: str | None = "application/json"
    form: dict | None = None  # application/x-www-form-urlencoded
    files: dict | None = None  # multipart/form-data
    headers: dict = dataclass_field(default_factory=dict)
    session: requests.Session | None = None  # else the user's basic-auth client


#: Written by every request that reaches a notification case, refused or
#: not: the case's audit trail (``ntnu.casemgmt.notification.audit``), a LOBTree.
AUDIT_TRAIL = {"BTrees.LOBTree.LOBTree", "BTrees.LOBTree.LOBucket"}


@dataclass
class Outcome:
    probe: Probe
    response: requests.Response
    written: list  # classes of the objects the request wrote (audit trail aside)

    @property
    def wrote(self):
        return bool(self.written)

    def describe(self, problems):
        response = self.response
        excerpt = re.sub(r"\s+", " ", response.text[:240])
        wrote = ""
        if self.wrote:
            names = sorted({
                name.rsplit(".", 1)[-1]
                for name in self.written
                if not name.startswith("BTrees.")
            })
            wrote = f" [WROTE {', '.join(names[:5]) or 'catalog'} and {len(self.written)} records in all]"
        return (
            f"{self.probe.label}: {self.probe.method} {urlsplit(self.probe.url).path} as "
            f"{self.probe.user or 'anonymous'} -> {response.status_code} {excerpt!r}{wrote}: "
            f"{'; '.join(problems)}"
        )


def written_since(db, before):
    """Classes of the objects stored by the transactions committed after
    transaction id ``before``, but for the audit trail."""
    from ZODB.utils import get_pickle_metadata
    from ZODB.utils import p64
    from ZODB.utils import u64

    transaction.begin()
    if db.lastTransaction() == before:
        return []
    written = []
    for record_set in db.storage.iterator(p64(u64(before) + 1)):
        for record in record_set:
            name = ".".join(get_pickle_metadata(record.data))
            if name not in AUDIT_TRAIL:
                written.append(name)
    return written


def send(world, probe):
    """Send ``probe``; return the response and what it wrote."""
    session = probe.session or world.client(probe.user).session
    headers = dict(probe.headers)
    kwargs = {}
    if probe.form is not None:
        kwargs["data"] = probe.form
    elif probe.files is not None:
        kwargs["files"] = probe.files
    elif probe.raw is not None or probe.json is not None:
        kwargs["data"] = (
            probe.raw if probe.raw is not None else json.dumps(probe.json).encode()
        )
        if probe.content_type:
            headers["Content-Type"] = probe.content_type
    reset_rate_limiters()
    transaction.begin()
    before = world.db.lastTransaction()
    response = session.request(
        probe.method, probe.url, headers=headers, timeout=300, **kwargs
    )
    return Outcome(probe, response, written_since(world.db, before))


def error_problems(response, status, field=None):
    """What is wrong with ``response`` as a refusal with ``status``
    (a number or a tuple of accepted numbers)."""
    problems = []
    statuses = status if isinstance(status, tuple) else (status,)
    expected = "4xx" if len(statuses) > 3 else "/".join(map(str, statuses))
    if response.status_code >= 500:
        problems.append(f"server error {response.status_code} (expected {expected})")
    elif response.status_code not in statuses:
        problems.append(f"status {response.status_code}, expected {expected}")
    try:
        data = response.json()
    except ValueError:
        problems.append("body is not JSON")
    else:
        error = data.get("error") if isinstance(data, dict) else None
        if not (
            isinstance(error, dict)
            and isinstance(error.get("type"), str)
            and isinstance(error.get("message"), str)
        ):
            problems.append('body is not {"error": {"type": ..., "message": ...}}')
        elif field and field not in error["message"]:
            problems.append(f"message does not name {field!r}")
    if "traceback" in response.text.lower():
        problems.append("body carries a traceback")
    return problems


def refused(world, probe, status, field=None, also=None):
    """Problems of ``probe``, which must be refused with ``status`` and
    write nothing. ``also(outcome)`` may accept a refusal with another
    status (returns True; the error shape still counts). After a probe that
    wrote, the world is built anew."""
    outcome = send(world, probe)
    problems = error_problems(outcome.response, status, field)
    if problems and also is not None and also(outcome):
        problems = error_problems(outcome.response, outcome.response.status_code)
    if outcome.wrote:
        problems.append("a transaction was committed")
        world.forget()
    return [outcome.describe(problems)] if problems else []


def report(problems, total):
    return f"{len(problems)} of {total} probes failed:\n  - " + "\n  - ".join(problems)


# --- malformed bodies ----------------------------------------------------


def _flat(body):
    return {
        key: value if isinstance(value, str) else json.dumps(value)
        for key, value in body.items()
    }


#: id -> (make the probe's body from the valid one, expected status)
MALFORMED = {
    # the valid body, as another media type: a browser sends these cross-site
    "text/plain": (
        lambda valid: {"raw": json.dumps(valid).encode(), "content_type": "text/plain"},
        415,
    ),
    "form-urlencoded": (lambda valid: {"form": _flat(valid) or {"x": "y"}}, 415),
    "multipart": (
        lambda valid: {
            "files": {k: (None, v) for k, v in (_flat(valid) or {"x": "y"}).items()}
        },
        415,
    ),
    # JSON that is not
    "invalid-utf8": (lambda valid: {"raw": b'{"title": "\xff\xfe caf\xe9"}'}, 400),
    "invalid-json": (lambda valid: {"raw": b'{"title": '}, 400),
    "nested-100000": (lambda valid: {"raw": b"[" * 100_000}, 400),
    # JSON that is not an object
    "null": (lambda valid: {"raw": b"null"}, 400),
    "array": (lambda valid: {"raw": b"[]"}, 400),
    "string": (lambda valid: {"raw": b'"a string"'}, 400),
    "number": (lambda valid: {"raw": b"42"}, 400),
}


# --- wrong types ------------------------------------------------------------


def wrong_values(kind, valid=None):
    """``(label, value)`` pairs of the wrong JSON type for a field of
    ``kind``; ``valid`` is a valid value (wrapped in a list for choices)."""
    listed = [valid if valid is not None else "x"]
    return {
        "text": [
            ("number", 42),
            ("list", ["x"]),
            ("object", {"x": "y"}),
            ("lone surrogate", "\ud800"),
        ],
        "token": [("number", 42), ("list", ["x"]), ("object", {"x": "y"})],
        "choice": [
            ("list", listed),
            ("number", 42),
            ("unknown value", "no-such-value"),
        ],
        "bool": [("string", "yes"), ("list", [True]), ("number", 1)],
        "date": [("number", 42), ("list", ["2026-01-01"]), ("malformed", "2026-13-45")],
        "datetime": [("number", 42), ("malformed", "2026-13-45T25:00:00")],
        "list": [("number", 42), ("object", {"x": "y"}), ("list of numbers", [42])],
        "file": [
            ("number", 42),
            ("list", ["x"]),
            ("object with numeric data", {"data": 42, "filename": "x.pdf"}),
        ],
        "relation": [("number", 42), ("list", ["x"]), ("object", {"x": "y"})],
        "richtext": [("number", 42), ("list", ["x"])],
        "number": [("string", "x"), ("list", [1])],
        "attachments": [("number", 42), ("string", "x"), ("list of numbers", [42])],
        "source": [("number", 42), ("object", {"x": "y"}), ("list of numbers", [42])],
    }[kind]


def kind_of(field):
    """The ``wrong_values`` kind of a zope.schema field, or None."""
    from plone.app.textfield import RichText
    from plone.namedfile.interfaces import INamedField
    from z3c.relationfield.interfaces import IRelationChoice
    from z3c.relationfield.interfaces import IRelationList
    from zope import schema
    from zope.schema._field import AbstractCollection

    if isinstance(field, RichText):
        return "richtext"
    if INamedField.providedBy(field):
        return "file"
    if IRelationChoice.providedBy(field) or IRelationList.providedBy(field):
        return "relation"
    # the first class the field is an instance of (Datetime before Date)
    kinds = (
        (schema.Choice, "choice"),
        (schema.Bool, "bool"),
        (schema.Datetime, "datetime"),
        (schema.Date, "date"),
        (AbstractCollection, "list"),
        ((schema.Text, schema.ASCII, schema.Bytes), "text"),
        ((schema.Int, schema.Float, schema.Decimal), "number"),
    )
    return next((kind for classes, kind in kinds if isinstance(field, classes)), None)


def schema_fields(type_name):
    """``{name: field}`` of the writable fields of the type's schemata."""
    from plone.dexterity.utils import iterSchemataForType
    from zope.schema import getFieldsInOrder

    fields = {}
    for schema in iterSchemataForType(type_name):
        for name, field in getFieldsInOrder(schema):
            if not field.readonly and name not in fields:
                fields[name] = field
    return fields


def a_choice(field, context):
    """A valid value of a Choice field (None if there is none to find)."""
    from zope.component import getUtility
    from zope.schema.interfaces import IVocabularyFactory

    try:
        bound = field.bind(context)
        vocabulary = bound.vocabulary
        if vocabulary is None:
            vocabulary = getUtility(IVocabularyFactory, bound.vocabularyName)(context)
        for term in vocabulary:
            return term.value
    except Exception:
        return None


def typed_fields(world, type_name, names, context_url, valid):
    """``[(name, kind, valid value)]`` for ``names`` of the schema of
    ``type_name`` (all writable fields when ``names`` is None)."""
    fields = schema_fields(type_name)
    context = world.obj(context_url)
    result, unknown = [], []
    for name in names if names is not None else fields:
        field = fields.get(name)
        kind = kind_of(field) if field is not None else None
        if kind is None:
            unknown.append(
                f"{type_name}.{name} ({type(field).__name__ if field else 'not in the schema'})"
            )
            continue
        value = valid.get(name)
        if kind == "choice" and value is None:
            value = a_choice(field, context)
        result.append((name, kind, value))
    assert not unknown, (
        f"no wrong values known for {unknown}: add the field's class to kind_of()"
    )
    return result


# --- recipes: the add-on's services ---------------------------------------


@dataclass
class Service:
    method: str
    name: str  # as registered
    user: str | None
    context: str  # a place of the World
    body: Callable  # world -> the valid body
    ok: tuple  # statuses of success
    subpath: str = ""
    fields: dict = dataclass_field(
        default_factory=dict
    )  # name -> kind, "schema" (of schema_type)
    schema_type: str | None = None

    def url(self, world):
        return world.place(self.context) + "/" + self.name + self.subpath


def _schema(names):
    return dict.fromkeys(names, "schema")


REPORT_FIELDS = (
    "title",
    "category",
    "event_description",
    "prior_attempts",
    "suggested_measures",
    "event_date",
    "course_code",
    "reporter_role",
)
NOTIFY_FIELDS = (
    "title",
    "category",
    "event_description",
    "persons_involved",
    "witnesses",
    "previous_cases",
    "notifier_is_party",
    "anonymous",
    "accused_faculty",
)

SERVICES = {
    "report-deviation": Service(
        "POST",
        "@report-deviation",
        "student1",
        "site",
        lambda w: dict(DEVIATION, faculty="ie"),
        (201,),
        fields=dict(_schema(REPORT_FIELDS), faculty="choice"),
        schema_type="Deviation",
    ),
    "notify": Service(
        "POST",
        "@notify",
        None,
        "site",
        lambda w: dict(NOTIFICATION),
        (201,),
        fields=_schema(NOTIFY_FIELDS),
        schema_type="NotificationCase",
    ),
    "receipt": Service(
        "POST",
        "@receipt",
        None,
        "site",
        lambda w: {"receipt": w.place("receipt")},
        (200,),
        fields={"receipt": "token"},
    ),
    "receipt-message": Service(
        "POST",
        "@receipt",
        None,
        "site",
        lambda w: {
            "receipt": w.place("receipt"),
            "text": "One more thing I remembered.",
        },
        (200, 201),
        subpath="/message",
        fields={"receipt": "token", "text": "text", "attachments": "attachments"},
    ),
    "transfer": Service(
        "POST",
        "@transfer",
        "reception-ie",
        "deviation_submitted",
        lambda w: {"faculty": "nv", "comment": "Belongs to NV."},
        (200,),
        fields={"faculty": "choice", "comment": "text"},
    ),
    "forward": Service(
        "POST",
        "@forward",
        "speakup",
        "notification_received",
        lambda w: {"faculty": "ie", "comment": "The accused studies at IE."},
        (200,),
        fields={"faculty": "choice", "comment": "text"},
    ),
    "deadline": Service(
        "POST",
        "@deadline",
        "caseworker-ie",
        "deviation_in_progress",
        lambda w: {"deadline": in_a_week(), "reason": "Waiting for the lecturer."},
        (200,),
        fields={"deadline": "date", "reason": "text"},
    ),
    "workflow-approve": Service(
        "POST",
        "@workflow",
        "reception-ie",
        "deviation_submitted",
        lambda w: {},
        (200,),
        subpath="/approve",
        fields={"comment": "text"},
    ),
    "workflow-reject": Service(
        "POST",
        "@workflow",
        "reception-ie",
        "deviation_submitted",
        lambda w: {
            "comment": "Not a deviation: no attempt through the ordinary channels."
        },
        (200,),
        subpath="/reject",
        fields={"comment": "text"},
    ),
    "casemgmt-jobs": Service(
        "POST",
        "@casemgmt-jobs",
        ADMIN,
        "site",
        lambda w: {"dry_run": True},
        (200,),
        fields={"date": "date", "dry_run": "bool"},
    ),
    # plone.restapi's services, taken over by the add-on
    "copy": Service(
        "POST",
        "@copy",
        ADMIN,
        "guidelines",
        lambda w: {"source": w.place("guideline")},
        (200,),
        fields={"source": "source"},
    ),
    "move": Service(
        "POST",
        "@move",
        ADMIN,
        "faculty",
        lambda w: {"source": w.place("guideline")},
        (200,),
        fields={"source": "source"},
    ),
    "messages": Service(
        "POST",
        "@messages",
        "student1",
        "notification_investigation",
        lambda w: {"text": "A question about my case."},
        (200, 201),
        fields={"text": "text", "attachments": "attachments"},
    ),
    "identity-access": Service(
        "POST",
        "@identity-access",
        "varsling-ie",
        "notification_hidden",
        lambda w: {
            "party": "student2",
            "granted": False,
            "reason": "A real risk of retaliation.",
        },
        (201,),
        fields={"party": "token", "granted": "bool", "reason": "text"},
    ),
    "register-notification": Service(
        "POST",
        "@register-notification",
        "speakup",
        "speakup",
        lambda w: dict(
            NOTIFICATION,
            channel="phone",
            notifier_name="Kari Nordmann",
            notifier_email="kari@example.org",
        ),
        (201,),
        fields=dict(
            _schema((*NOTIFY_FIELDS, "channel")),
            notifier_name="text",
            notifier_email="text",
        ),
        schema_type="NotificationCase",
    ),
    # a participant answers a hearing (issue 17)
    "hearing-answer": Service(
        "POST",
        "@hearing-answer",
        "staff1",
        "hearing",
        lambda w: {"text": "Move the exam to June."},
        (201,),
        fields={"text": "text"},
    ),
}

#: Read services: no body; their query parameters are probed in the date tests.
READ_SERVICES = {
    "@cases",
    "@case-statistics",
    "@notification-report",
    "@audit-log",
    "@casemgmt-openapi",
    "@messages",
    "@identity-access",
    "@users-search",
    "@archive-export",
    # plone.restapi's, made safe for cases (their answers: test_generic_paths)
    "@contextnavigation",
    "@vocabularies",
}


def registry_services():
    """``{(method, name): [dotted factory]}`` of the add-on's services, read
    from the component registry (the layer stacks registries: walk bases)."""
    from zope.component import getSiteManager

    pattern = re.compile(r"^(GET|POST|PATCH|PUT|DELETE)_[^_]+_[^_]+_(.*)$")
    found, seen, stack = {}, set(), [getSiteManager()]
    while stack:
        registry = stack.pop()
        if id(registry) in seen:
            continue
        seen.add(id(registry))
        stack.extend(registry.__bases__)
        for registration in registry.registeredAdapters():
            match = pattern.match(registration.name or "")
            factory = registration.factory
            bases = getattr(factory, "__mro__", ())[1:2]  # plone.rest wraps the factory
            modules = [base.__module__ for base in bases] + [
                getattr(factory, "__module__", "")
            ]
            if match and any(module.startswith("ntnu.casemgmt") for module in modules):
                found.setdefault((match.group(1), match.group(2)), []).append(
                    f"{bases[0].__module__}.{bases[0].__name__}"
                    if bases
                    else repr(factory)
                )
    return found


def registered(service):
    if (service.method, service.name) not in registry_services():
        pytest.skip(f"{service.method} {service.name} is not registered (yet)")


# --- recipes: the add-on's content types ----------------------------------


@dataclass
class Content:
    container: str | None  # a place that may hold the type (None: no container may)
    existing: str  # a place that is one
    add: Callable | None  # world -> a valid POST body
    patch: dict  # a valid PATCH body
    case: bool = False  # a case type: its generic add may be closed (SPEC §4)


def in_a_week():
    return (date.today() + timedelta(days=7)).isoformat()


CONTENT = {
    "Faculty": Content(
        "faculties",
        "probe_faculty",
        lambda w: {
            "@type": "Faculty",
            "title": "Probe faculty",
            "code": f"probe{w.serial()}",
        },
        {"title": "Renamed faculty"},
    ),
    "CentralReception": Content(None, "speakup", None, {"title": "SpeakUp"}),
    "Deviation": Content(
        "faculty",
        "deviation_submitted",
        lambda w: dict(DEVIATION, **{"@type": "Deviation"}),
        {"title": "A better summary"},
        case=True,
    ),
    "NotificationCase": Content(
        "speakup",
        "notification_received",
        lambda w: dict(NOTIFICATION, **{"@type": "NotificationCase"}),
        {"title": "A better summary"},
        case=True,
    ),
    "Measure": Content(
        "deviation_in_progress",
        "measure",
        lambda w: {
            "@type": "Measure",
            "title": "Counselling for the group",
            "kind": "counselling",
        },
        {"title": "Counselling for the whole group"},
    ),
    "Letter": Content(
        "deviation_in_progress",
        "letter",
        lambda w: {"@type": "Letter", "template": "preliminary_reply"},
        {"body": "We need four more weeks."},
    ),
    "Hearing": Content(
        "deviation_in_progress",
        "hearing",
        lambda w: {
            "@type": "Hearing",
            "title": "Hearing round",
            "question": "Which measure do you suggest?",
            "participants": ["staff1"],
            "deadline": in_a_week(),
        },
        {"question": "Which measure do you suggest now?"},
    ),
    "CaseDocument": Content(
        "deviation_in_progress",
        "casedocument",
        lambda w: {
            "@type": "CaseDocument",
            "title": "Minutes of the meeting",
            "visibility": "internal",
        },
        {"title": "Minutes of the first meeting"},
    ),
    "CaseMessage": Content(
        "notification_investigation",
        "casemessage",
        lambda w: {
            "@type": "CaseMessage",
            "text": "A question for you.",
            "author_kind": "officer",
        },
        {"text": "A question for you, rephrased."},
    ),
    "Guideline": Content(
        "guidelines",
        "guideline",
        lambda w: {"@type": "Guideline", "title": "Probe guideline"},
        {"title": "A renamed guideline"},
    ),
}

CONTENT_OPS = [(t, "POST") for t, c in CONTENT.items() if c.container] + [
    (t, "PATCH") for t in CONTENT
]


def addon_types(portal):
    return sorted(
        fti.getId()
        for fti in portal.portal_types.objectValues()
        if str(getattr(fti, "schema", "") or "").startswith("ntnu.casemgmt")
    )


def content_target(world, type_name, op):
    """URL and valid body of ``op`` (POST or PATCH) on ``type_name``."""
    if type_name not in world.portal.portal_types.objectIds():
        pytest.skip(f"no content type {type_name}")
    recipe = CONTENT[type_name]
    if op == "POST":
        return world.place(recipe.container), recipe.add(world)
    return world.place(recipe.existing), dict(recipe.patch)


def add_is_closed(world, type_name):
    """True when admin may not add the case type ``type_name`` through the
    generic POST at all (SPEC §4: cases only through the add-on's
    services): then any 401/403 is a fine answer to a malformed POST."""
    if not CONTENT[type_name].case:
        return False
    url, body = content_target(world, type_name, "POST")
    outcome = send(world, Probe("control", "POST", url, ADMIN, json=body))
    if outcome.wrote:
        world.forget()
    return outcome.response.status_code in (401, 403)


# --- coverage ------------------------------------------------------------


def test_every_service_and_type_has_a_recipe(world):
    services = registry_services()
    assert ("POST", "@notify") in services, f"enumeration broken: {sorted(services)}"
    known = {(s.method, s.name) for s in SERVICES.values()}
    unknown_writes = sorted(
        k for k in services if k[0] in WRITE_METHODS and k not in known
    )
    unknown_reads = sorted(
        k for k in services if k[0] == "GET" and k[1] not in READ_SERVICES
    )
    types = addon_types(world.portal)
    assert "Deviation" in types, f"enumeration broken: {types}"
    unknown_types = sorted(set(types) - set(CONTENT))
    assert not (unknown_writes or unknown_reads or unknown_types), (
        "This module does not know how to reach: "
        f"write services {[f'{m} {n} ({services[(m, n)]})' for m, n in unknown_writes]}, "
        f"read services {[f'{m} {n}' for m, n in unknown_reads]}, "
        f"content types {unknown_types}. Add a recipe to SERVICES / READ_SERVICES / CONTENT."
    )


# --- the add-on's services -----------------------------------------------


@pytest.mark.parametrize("key", SERVICES)
def test_service_control(world, key):
    """The recipe's valid request succeeds (no Origin header)."""
    service = SERVICES[key]
    registered(service)
    response = world.client(service.user).session.request(
        service.method, service.url(world), json=service.body(world), timeout=60
    )
    assert response.status_code in service.ok, response.text[:1000]


@pytest.mark.parametrize("shape", MALFORMED)
@pytest.mark.parametrize("key", SERVICES)
def test_service_refuses_malformed_body(world, key, shape):
    service = SERVICES[key]
    registered(service)
    make, status = MALFORMED[shape]
    probe = Probe(
        f"{key} {shape}",
        service.method,
        service.url(world),
        service.user,
        **make(service.body(world)),
    )
    problems = refused(world, probe, status)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("key", SERVICES)
def test_service_refuses_wrong_types(world, key):
    """Each field of the service, one wrong value at a time: 400 naming it."""
    service = SERVICES[key]
    registered(service)
    valid = service.body(world)
    targets = {name: (kind, valid.get(name)) for name, kind in service.fields.items()}
    schema_names = [name for name, (kind, _) in targets.items() if kind == "schema"]
    if schema_names:
        context = world.place("faculty")
        for name, kind, value in typed_fields(
            world, service.schema_type, schema_names, context, valid
        ):
            targets[name] = (kind, value)
    problems, total = [], 0
    for name, (kind, example) in targets.items():
        for label, value in wrong_values(kind, example):
            total += 1
            body = dict(service.body(world), **{name: value})
            probe = Probe(
                f"{key} {name}={label}",
                service.method,
                service.url(world),
                service.user,
                json=body,
            )
            problems += refused(world, probe, 400, field=name)
    assert not problems, report(problems, total)


def test_empty_body_on_a_transition_is_fine(world):
    """A POST that needs no data may come without a body."""
    for headers in ({}, {"Content-Type": "application/json"}):
        url = world.place("deviation_submitted") + "/@workflow/approve"
        response = world.client("reception-ie").session.post(
            url, headers=headers, timeout=60
        )
        assert response.status_code == 200, (headers, response.text[:500])
        world.forget()


# --- plone.restapi's content endpoints on the add-on's types --------------


@pytest.mark.parametrize(
    "type_name,op", CONTENT_OPS, ids=[f"{t}-{o}" for t, o in CONTENT_OPS]
)
def test_content_control(world, type_name, op):
    """The recipe's valid POST or PATCH as admin succeeds (a generic add
    that is closed for the type altogether, SPEC §4, is fine too)."""
    url, body = content_target(world, type_name, op)
    response = world.client(ADMIN).session.request(op, url, json=body, timeout=60)
    allowed = {"POST": (201,), "PATCH": (204, 200)}[op]
    if op == "POST" and CONTENT[type_name].case:
        allowed += (401, 403)
    assert response.status_code in allowed, response.text[:1000]


@pytest.mark.parametrize("shape", MALFORMED)
@pytest.mark.parametrize(
    "type_name,op", CONTENT_OPS, ids=[f"{t}-{o}" for t, o in CONTENT_OPS]
)
def test_content_refuses_malformed_body(world, type_name, op, shape):
    url, valid = content_target(world, type_name, op)
    make, status = MALFORMED[shape]
    probe = Probe(f"{type_name} {op} {shape}", op, url, ADMIN, **make(valid))

    def closed(outcome):
        return (
            op == "POST"
            and outcome.response.status_code in (401, 403)
            and add_is_closed(world, type_name)
        )

    problems = refused(world, probe, status, also=closed)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "type_name,op", CONTENT_OPS, ids=[f"{t}-{o}" for t, o in CONTENT_OPS]
)
def test_content_refuses_wrong_types(world, type_name, op):
    """Every writable field of the type's schemata, one wrong value at a
    time: 400 naming the field, nothing written."""
    url, valid = content_target(world, type_name, op)
    fields = typed_fields(world, type_name, None, url, valid)
    problems, total = [], 0
    closed = None
    for name, kind, value in fields:
        for label, wrong in wrong_values(kind, value):
            total += 1
            url, valid = content_target(world, type_name, op)
            probe = Probe(
                f"{type_name} {op} {name}={label}",
                op,
                url,
                ADMIN,
                json=dict(valid, **{name: wrong}),
            )

            def is_closed(outcome):
                nonlocal closed
                if op != "POST" or outcome.response.status_code not in (401, 403):
                    return False
                if closed is None:
                    closed = add_is_closed(world, type_name)
                return closed

            problems += refused(world, probe, 400, field=name, also=is_closed)
    assert not problems, report(problems, total)


# --- single defects of issue 14 ------------------------------------------


def still_at(world, url):
    """The object still at ``url`` (None if it moved or vanished)."""
    try:
        return world.obj(url)
    except (KeyError, AttributeError):
        return None


def test_transfer_with_a_list_for_faculty(world):
    url = world.place("deviation_submitted")
    probe = Probe(
        "transfer faculty=[nv]",
        "POST",
        url + "/@transfer",
        "reception-ie",
        json={"faculty": ["nv"]},
    )
    problems = refused(world, probe, 400, field="faculty")
    if still_at(world, url) is None:
        problems.append("the case moved out of ie")
    assert not problems, "\n".join(problems)


def test_forward_with_a_list_for_faculty(world):
    url = world.place("notification_received")
    probe = Probe(
        "forward faculty=[ie]",
        "POST",
        url + "/@forward",
        "speakup",
        json={"faculty": ["ie"]},
    )
    problems = refused(world, probe, 400, field="faculty")
    case = still_at(world, url)
    if case is None:
        problems.append("the case left /speakup")
    elif api.content.get_state(case) != "received":
        problems.append(f"the case is {api.content.get_state(case)}")
    assert not problems, "\n".join(problems)


def test_measure_without_its_kind(world):
    """The case worker adds a measure without its required ``kind``."""
    url = world.place("deviation_in_progress")
    probe = Probe(
        "Measure without kind",
        "POST",
        url,
        "caseworker-ie",
        json={"@type": "Measure", "title": "x"},
    )
    problems = refused(world, probe, 400, field="kind")
    assert not problems, "\n".join(problems)


def test_transition_no_longer_available(world):
    """The losing side of a race (approve twice) reads a plain message."""
    url = world.place("deviation_submitted") + "/@workflow/approve"
    world.expect(
        world.client("reception-ie").post(url, {}), (200,), "the first approve"
    )
    outcome = send(world, Probe("approve twice", "POST", url, "reception-ie", json={}))
    problems = error_problems(outcome.response, 400)
    if "${" in outcome.response.text:
        problems.append("message holds an uninterpolated ${...}")
    if outcome.wrote:
        problems.append("a transaction was committed")
    assert not problems, outcome.describe(problems)


def test_copy_of_a_part_into_a_faculty(world):
    measure = world.place("measure")
    url = world.place("faculty") + "/@copy"
    probe = Probe(
        "@copy Measure -> faculty", "POST", url, ADMIN, json={"source": measure}
    )
    problems = refused(world, probe, tuple(range(400, 500)))
    faculty = world.obj(world.place("faculty"))
    assert not problems, "\n".join(problems)
    assert not [o for o in faculty.objectValues() if o.portal_type == "Measure"]


def test_copy_without_permission_answers_an_error_body(world):
    """plone.restapi answers a member who may not add here with 403 and the
    body ``null``: the add-on's @copy and @move say why."""
    for service in ("@copy", "@move"):
        url = world.place("faculty") + "/" + service
        source = world.place("faculty")
        probe = Probe(
            f"{service} by a student", "POST", url, "student1", json={"source": source}
        )
        problems = refused(world, probe, (401, 403))
        assert not problems, "\n".join(problems)


def test_receipt_message_to_a_closed_case(world):
    """An anonymous notifier cannot write to a case that is closed."""
    code = world.place("receipt")
    transaction.begin()
    brains = world.portal.portal_catalog.unrestrictedSearchResults(
        portal_type="NotificationCase"
    )
    url = next(b.getURL() for b in brains if b._unrestrictedGetObject().anonymous)
    response = world.client("speakup").post(url + "/@forward", {"faculty": "ie"})
    url = world.expect(response, (200,), "forward").json()["@id"]
    officer = world.client("varsling-ie")
    world.expect(
        officer.post(url + "/@workflow/acknowledge", {}), (200,), "acknowledge"
    )
    world.expect(
        officer.post(url + "/@workflow/close", {"comment": "Closed with a warning."}),
        (200,),
        "close",
    )
    before = len([
        o for o in world.obj(url).objectValues() if o.portal_type == "CaseMessage"
    ])
    probe = Probe(
        "receipt message to a closed case",
        "POST",
        world.url + "/@receipt/message",
        None,
        json={"receipt": code, "text": "One more thing."},
    )
    problems = refused(world, probe, 400)
    after = len([
        o for o in world.obj(url).objectValues() if o.portal_type == "CaseMessage"
    ])
    assert not problems and after == before, (
        "\n".join(problems) or f"{after - before} message(s) stored"
    )


@pytest.mark.parametrize("user", ["speakup", "student1"])
def test_cases_with_a_case_in_the_central_reception(world, user):
    """The central reception's work list and the notifier's own list."""
    url = world.place("notification_received")
    number = world.obj(url).case_number
    response = world.client(user).get("@cases")
    assert response.status_code == 200, response.text[:1000]
    assert number in {item["case_number"] for item in response.json()["items"]}


# --- sizes -------------------------------------------------------------------

MB = 1_000_000


def over_the_attachment_limit():
    """A little more than the registry's limit for one file (SPEC §3,
    ``ntnu.casemgmt.max_attachment_mb``, default 20): over the limit of the
    field, within what a request with one attachment may carry."""
    try:
        limit = api.portal.get_registry_record("ntnu.casemgmt.max_attachment_mb")
    except Exception:  # the record does not exist (yet)
        limit = 20
    return int(limit) * 1024 * 1024 + 512 * 1024


def _upload(size):
    data = base64.b64encode(b"%PDF-1.4\n" + b"\0" * size).decode()
    return {
        "data": data,
        "encoding": "base64",
        "filename": "x.pdf",
        "content-type": "application/pdf",
    }


#: id -> (user, place, subpath, body(world), field)
TOO_LARGE = {
    "@hearing-answer text over the limit": (
        "staff1",
        "hearing",
        "/@hearing-answer",
        lambda w: {"text": "x" * 20_001},
        "text",
    ),
    "@messages attachment over the limit": (
        "student1",
        "notification_investigation",
        "/@messages",
        lambda w: {
            "text": "The screenshot.",
            "attachments": [_upload(over_the_attachment_limit())],
        },
        "attachments",
    ),
    "@messages eleven attachments": (
        "student1",
        "notification_investigation",
        "/@messages",
        lambda w: {"text": "Screenshots.", "attachments": [_upload(10)] * 11},
        "attachments",
    ),
    "@receipt/message attachment over the limit": (
        None,
        "site",
        "/@receipt/message",
        lambda w: {
            "receipt": w.place("receipt"),
            "text": "The screenshot.",
            "attachments": [_upload(over_the_attachment_limit())],
        },
        "attachments",
    ),
    "report title 1 MB": (
        "student1",
        "site",
        "/@report-deviation",
        lambda w: dict(DEVIATION, title="T" * MB),
        "title",
    ),
    "Measure title 1 MB": (
        "caseworker-ie",
        "deviation_in_progress",
        "",
        lambda w: {"@type": "Measure", "title": "T" * MB, "kind": "corrective"},
        "title",
    ),
    "event_description 10 MB": (
        "student1",
        "site",
        "/@report-deviation",
        lambda w: dict(DEVIATION, event_description="D" * (10 * MB)),
        "event_description",
    ),
    "Letter body 10 MB": (
        "caseworker-ie",
        "deviation_in_progress",
        "",
        lambda w: {
            "@type": "Letter",
            "template": "preliminary_reply",
            "body": "B" * (10 * MB),
        },
        "body",
    ),
    "Hearing question 10 MB": (
        "caseworker-ie",
        "deviation_in_progress",
        "",
        lambda w: dict(CONTENT["Hearing"].add(w), question="Q" * (10 * MB)),
        "question",
    ),
    "CaseDocument file over the limit": (
        "caseworker-ie",
        "deviation_in_progress",
        "",
        lambda w: dict(
            CONTENT["CaseDocument"].add(w), file=_upload(over_the_attachment_limit())
        ),
        "file",
    ),
}


@pytest.mark.parametrize("key", TOO_LARGE)
def test_too_large(world, key):
    user, place, subpath, body, field = TOO_LARGE[key]
    probe = Probe(key, "POST", world.place(place) + subpath, user, json=body(world))
    problems = refused(world, probe, 413, field=field)
    assert not problems, "\n".join(problems)


# --- dates ---------------------------------------------------------------


OUT_OF_RANGE = {
    "statistics from 0001-01-01": (
        "GET",
        "/@case-statistics?from=0001-01-01",
        "quality",
        None,
        400,
    ),
    "report month 0001-01": (
        "GET",
        "/@notification-report?month=0001-01",
        "quality",
        None,
        400,
    ),
    "jobs date 0001-01-01": (
        "POST",
        "/@casemgmt-jobs",
        ADMIN,
        {"date": "0001-01-01"},
        400,
    ),
    "jobs date 0001-01-01 dry run": (
        "POST",
        "/@casemgmt-jobs",
        ADMIN,
        {"date": "0001-01-01", "dry_run": True},
        (200, 400),
    ),
    "jobs future date without dry run": (
        "POST",
        "/@casemgmt-jobs",
        ADMIN,
        {"date": (date.today() + timedelta(days=400)).isoformat()},
        400,
    ),
}


@pytest.mark.parametrize("key", OUT_OF_RANGE)
def test_date_out_of_range(world, key):
    method, path, user, body, status = OUT_OF_RANGE[key]
    world.place("deviation_in_progress")  # something for the jobs to do
    world.place("notification_received")
    outcome = send(world, Probe(key, method, world.url + path, user, json=body))
    accepted = status if isinstance(status, tuple) else (status,)
    if outcome.response.status_code == 200 and 200 in accepted:
        problems = (
            ["body carries a traceback"]
            if "traceback" in outcome.response.text.lower()
            else []
        )
    else:
        problems = error_problems(outcome.response, status)
    if outcome.wrote:
        problems.append("a transaction was committed")
    assert not problems, outcome.describe(problems)


def test_jobs_dry_run_of_another_date_changes_nothing(world):
    """SPEC §7: another date only as a dry run, which changes nothing."""
    world.place("deviation_in_progress")
    world.place("notification_received")
    body = {"date": (date.today() + timedelta(days=400)).isoformat(), "dry_run": True}
    outcome = send(
        world,
        Probe("jobs dry run", "POST", world.url + "/@casemgmt-jobs", ADMIN, json=body),
    )
    problems = (
        []
        if outcome.response.status_code == 200 and not outcome.wrote
        else ["must answer 200, write nothing"]
    )
    assert not problems, outcome.describe(problems)


# --- foreign origins -----------------------------------------------------


def cookie_session(world, user):
    """A browser-like session: logged in through the login form (``__ac``)."""
    session = requests.Session()
    response = session.post(
        world.url + "/login",
        data={
            "__ac_name": user,
            "__ac_password": "demodemo",
            "buttons.login": "Log in",
        },
        timeout=60,
        allow_redirects=False,
    )
    assert "__ac" in session.cookies, response.status_code
    session.headers["Accept"] = "application/json"
    return session


#: id -> (user, place, method, subpath, body, success status)
ORIGIN_TARGETS = {
    "add-on approve": (
        "reception-ie",
        "deviation_submitted",
        "POST",
        "/@workflow/approve",
        {},
        200,
    ),
    "restapi PATCH": (
        "editor",
        "guideline",
        "PATCH",
        "",
        {"title": "Changed from somewhere"},
        204,
    ),
}


@pytest.mark.parametrize("origin", ["foreign", "own", "none"])
@pytest.mark.parametrize("auth", ["basic", "cookie"])
@pytest.mark.parametrize("target", ORIGIN_TARGETS)
def test_origin_of_a_write(world, target, auth, origin):
    """A write with credentials the browser adds by itself (cookie, basic
    auth) from another site's page is refused; from the site's own pages,
    or from a client that sends no Origin, it works."""
    user, place, method, subpath, body, success = ORIGIN_TARGETS[target]
    url = world.place(place) + subpath
    session = cookie_session(world, user) if auth == "cookie" else None
    headers = (
        {"Origin": {"foreign": FOREIGN_ORIGIN, "own": world.origin}[origin]}
        if origin != "none"
        else {}
    )
    probe = Probe(
        f"{target} {auth} origin={origin}",
        method,
        url,
        user,
        json=body,
        headers=headers,
        session=session,
    )
    if origin == "foreign":
        problems = refused(world, probe, 403)
        assert not problems, "\n".join(problems)
    else:
        outcome = send(world, probe)
        assert outcome.response.status_code == success and outcome.wrote, (
            outcome.describe(["must work"])
        )


def test_cross_site_text_plain_post_with_a_login_cookie(world):
    """Issue 14 item 9: a text/plain form post from another site."""
    url = world.place("deviation_submitted") + "/@workflow/reject"
    probe = Probe(
        "cross-site reject",
        "POST",
        url,
        "reception-ie",
        raw=b'{"comment": "rejected by evil"}',
        content_type="text/plain",
        headers={"Origin": FOREIGN_ORIGIN},
        session=cookie_session(world, "reception-ie"),
    )
    problems = refused(world, probe, (403, 415))
    assert not problems, "\n".join(problems)
