"""Generic-path leak matrix (issue 14): no read path that Plone or
plone.restapi offers on every site tells a user case data they may not read.

Each viewer (every demo user of SPEC §9, anonymous, the notifier ``vera``
and the party ``pia``) asks each path about each kind of case data, over
real HTTP. The technique is chosen so that a new field or a new path is
covered without anyone remembering to add it:

* **World** (``world.py``): a deviation and three notification cases with
  every kind of part, built once in a layer. Every text field of every
  object, found by iterating the types' schemata, holds a *sentinel*: a
  unique lowercase word such as ``zqnhidxsummaryk`` (object ``nhid``, field
  ``summary``). Workflow comments get one too.
* **Contract** (the tables below, written from SPEC §4-§6 and issue 14, not
  from the code): each field of each type belongs to a *group*; each object
  names the viewers of each of its groups. A schema field missing from
  ``FIELD_GROUPS`` fails ``test_every_field_has_a_rule``. People are case
  data too: the notifier's id, full name and e-mail are the ``identity`` of
  a notification case, the party and the responsible manager its
  ``internals``. A person counts where the nearest JSON value or HTML/XML
  element around them that names a case (by URL, UID, case number or
  sentinel) names a case whose group the viewer may not read; a viewer's
  own name never counts.
* **Paths**: every ``GET`` service plone.rest has registered for the
  interfaces of the site, the folders, the cases and a part of each kind
  (enumerated from the component registry, so a new service is asked too);
  every object as JSON and as HTML; searches, listings, navigation,
  vocabularies, feeds, the sitemap, author pages, PDFs and downloads; and
  the status codes of cases a viewer may not know of.
* **Check**: each response (JSON, HTML, XML, gzip, PDF text and metadata,
  headers) is searched for every sentinel and person. Words of the request
  itself (a searched sentinel, ``Creator=vera``, ``/author/vera``) do not
  count as found, but a response that then lists an object tells the viewer
  that the object matches: a search oracle, which must be readable too. No
  response may be a 5xx.
* **Positive controls**: whoever may read a field finds its sentinel in the
  object's JSON; ``test_self_check`` shows that a leak is reported.

One test per viewer reports every problem of that viewer in one message.
"""

from helpers import Client
from helpers import DEMO_USER_IDS
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from world import CASES
from world import PASSWORD
from world import WORLD_FUNCTIONAL_TESTING
from zope.component import getSiteManager

import gzip
import io
import json
import lxml.etree
import lxml.html
import pytest
import re
import urllib.parse


# --- the contract: who may read what -------------------------------------------

ANONYMOUS = "anonymous"
ADMIN = "admin"

VIEWERS = [
    *DEMO_USER_IDS,
    ADMIN,
    ANONYMOUS,
    "vera",
    "pia",
]

REPORT = "report"
INTERNALS = "internals"
FINDINGS = "findings"
IDENTITY = "identity"

#: portal_type -> field -> group. A part is read whole ("part").
FIELD_GROUPS = {
    "Deviation": dict.fromkeys(
        [
            "title",
            "category",
            "event_description",
            "prior_attempts",
            "suggested_measures",
            "event_date",
            "course_code",
            "reporter_role",
            "case_number",
            "received",
            "deadline",
            "case_worker",
            "closing_comment",
            "rejection_reason",
            "form_answers",
        ],
        "fields",
    )
    # read with "View case internals", as the history is (retention, SPEC §11)
    | {"legal_hold": "history"},
    "NotificationCase": {
        **dict.fromkeys(
            [
                "title",
                "category",
                "event_description",
                "persons_involved",
                "witnesses",
                "accused_faculty",
                "anonymous",
                "case_number",
                "received",
                "case_officer",
                "form_answers",
            ],
            REPORT,
        ),
        **dict.fromkeys(
            [
                "previous_cases",
                "parties",
                "responsible_manager",
                "immediate_measures",
                "notifier_is_party",
                "hide_notifier_from_parties",
                "suitability_doubt",
                "external_committee",
                "forward_deadline",
                "confirmation_deadline",
                "severity",
                "channel",
                "excluded_officers",
                "deadline",
                "legal_hold",
                "copied_units",
            ],
            INTERNALS,
        ),
        **dict.fromkeys(["summary", "outcome"], FINDINGS),
        **dict.fromkeys(["notifier", "notifier_name", "notifier_email"], IDENTITY),
    },
    "Measure": dict.fromkeys(
        ["title", "description", "responsible", "due_date", "kind", "result"], "part"
    ),
    "Hearing": dict.fromkeys(
        ["title", "question", "participants", "deadline", "responses"], "part"
    ),
    "CaseDocument": dict.fromkeys(
        ["title", "text", "file", "visibility", "source"], "part"
    ),
    "Letter": dict.fromkeys(
        [
            "title",
            "template",
            "recipient",
            "recipient_email",
            "copy_to",
            "body",
            "exempt_from_public",
            "sent",
        ],
        "part",
    ),
    "CaseMessage": dict.fromkeys(["text", "author_kind", "thread"], "part"),
}

#: portal_type -> the group of its workflow comments (the history)
COMMENT_GROUPS = {
    "Deviation": "history",
    "NotificationCase": INTERNALS,
    "Letter": "part",
}

DEV_STAFF = {"reception-ie", "linemanager-ie", "caseworker-ie", ADMIN}
HANDLERS = {
    "varsling-ie",
    "dean-ie",
    ADMIN,
}  # the unit, the responsible manager, Manager


#: The unit of nv is consulted in an open hearing of each investigated case:
#: it reads the case's report and its shared documents, nothing else.
CONSULTED = {"varsling-nv"}


def investigated_case(key, party_knows_notifier):
    """The readers of an acknowledged notification case and of its parts."""
    return {
        key: {
            REPORT: HANDLERS | {"pia", "vera"} | CONSULTED,
            INTERNALS: HANDLERS,
            FINDINGS: HANDLERS | {"pia"},
            IDENTITY: {"varsling-ie", "vera", ADMIN}
            | ({"pia"} if party_knows_notifier else set()),
        },
        f"{key}internal": {"part": HANDLERS},
        f"{key}party": {"part": HANDLERS | {"pia"} | CONSULTED},
        f"{key}hearing": {"part": HANDLERS | CONSULTED},
        f"{key}sent": {"part": HANDLERS | {"pia"}},  # sent to pia
        f"{key}draft": {"part": HANDLERS},
        # the receipt confirmation, a draft to "the notifier": it names them,
        # so only who may know who notified reads it (not the manager)
        f"{key}receipt": {"part": {"varsling-ie", ADMIN}},
        f"{key}measure": {"part": HANDLERS | {"staff1"}},  # staff1 is responsible
        # a conversation is the unit's and its participant's: not the
        # responsible manager's, never another party's (SPEC §3)
        f"{key}message": {"part": {"varsling-ie", ADMIN, "vera"}},
        f"{key}pmessage": {"part": {"varsling-ie", ADMIN, "pia"}},
        f"{key}pfile": {"part": {"varsling-ie", ADMIN, "pia"}},
    }


#: object key -> group -> its readers. Nobody else may read it.
READERS = {
    "dev": {
        "fields": DEV_STAFF | {"student1", "reception-nv"},
        "history": DEV_STAFF | {"reception-nv"},
    },
    "devmeasure": {"part": DEV_STAFF | {"staff1"}},
    "devhearing": {"part": DEV_STAFF | {"reception-nv"}},
    "devinternal": {"part": DEV_STAFF},
    "devparty": {"part": DEV_STAFF},
    "devdraft": {"part": DEV_STAFF},
    "devsent": {"part": DEV_STAFF | {"student1"}},
    "nrec": {
        REPORT: {"speakup", "vera", ADMIN},
        INTERNALS: {"speakup", ADMIN},
        FINDINGS: {"speakup", ADMIN},
        IDENTITY: {"speakup", "vera", ADMIN},
    },
    **investigated_case("nhid", party_knows_notifier=False),
    **investigated_case("nopen", party_knows_notifier=True),
}

#: The people named in the cases: case -> the group they are of that case.
PEOPLE = {
    "vera": {"nrec": IDENTITY, "nhid": IDENTITY, "nopen": IDENTITY},
    "pia": {"nhid": INTERNALS, "nopen": INTERNALS},
    "dean-ie": {"nhid": INTERNALS, "nopen": INTERNALS},
    "student1": {"dev": "fields"},
}
FULLNAMES = {
    "vera": "Vera Varsler",
    "pia": "Pia Partsen",
    "dean-ie": "Dean IE",
    "student1": "Student One",
}


def may_read(viewer, key, group):
    return viewer in READERS.get(key, {}).get(group, ())


def knows_case(viewer, case):
    """Whether ``viewer`` may know that the case exists."""
    return any(viewer in readers for readers in READERS[case].values())


def group_of(world, word):
    """The group of a sentinel, or None when the table does not say."""
    key, name = world.sentinels[word]
    portal_type = world.objects[key].portal_type
    if name.startswith("comment:"):
        return COMMENT_GROUPS.get(portal_type)
    return FIELD_GROUPS.get(portal_type, {}).get(name)


# --- finding leaks in a response ------------------------------------------------

#: Services that answer the same on every object: asked on a case, what
#: they list (``@querystring``: every user, as the Creator index's values)
#: is not about that case.
CONTEXT_FREE_SERVICES = ("@querystring",)


class LeakFinder:
    """Finds in a response what ``viewer`` may not read."""

    def __init__(self, world, viewer):
        self.world = world
        self.viewer = viewer
        self.sentinel_re = _alternatives(world.sentinels)
        # a case is named by its path (or a path below it), its UID, its
        # case number, the UID of a part, or a sentinel of it or a part
        self.case_of_name = {}
        for obj in world.objects.values():
            self.case_of_name[obj.uid] = obj.case
            if obj.key == obj.case:
                self.case_of_name[obj.path] = obj.case
                self.case_of_name[obj.case_number] = obj.case
        self.case_of_name.pop("", None)
        not_about = "".join(
            rf"(?![\w./-]*/{re.escape(s)}(?![\w-]))" for s in CONTEXT_FREE_SERVICES
        )
        self.case_re = _alternatives(self.case_of_name, after=r"(?![\w-])" + not_about)
        # a person is named by their id, full name or e-mail address
        self.person_of_name = {}
        for person in PEOPLE:
            if person != viewer:  # a viewer's own name never counts
                for name in (person, FULLNAMES[person], f"{person}@example.org"):
                    self.person_of_name[name] = person
        self.person_re = _alternatives(
            self.person_of_name, before=r"(?<![\w-])", after=r"(?![\w-])"
        )

    def leaks(self, body, request_text):
        """``[(problem, excerpt)]`` of one response.

        :param body: ``decode()``'s ``(kind, data, text)``
        :param request_text: the URL and body of the request
        """
        kind, data, text = body
        problems = {}  # problem -> excerpt
        asked = set(self.sentinel_re.findall(request_text))
        asked_people = {
            self.person_of_name[name] for name in self.person_re.findall(request_text)
        }
        for word in set(self.sentinel_re.findall(text)) - asked:
            key, name = self.world.sentinels[word]
            group = group_of(self.world, word)
            if group is not None and not may_read(self.viewer, key, group):
                problems.setdefault(
                    f"{word} ({key}.{name}, {group})", excerpt(text, word)
                )
        for person, cases, where, snippet in self.people_in(kind, data, text):
            for case in cases:
                group = PEOPLE[person].get(case)
                if (
                    person not in asked_people
                    and group
                    and not may_read(self.viewer, case, group)
                ):
                    problems.setdefault(
                        f"{person} ({case}.{group}) at {where}", snippet
                    )
        # an oracle: the request names something, the response lists an object
        if asked or asked_people:
            for problem in self.oracle(text, asked, asked_people):
                problems.setdefault(problem, "")
        return sorted(problems.items())

    def oracle(self, text, asked, asked_people):
        """Objects ``text`` lists that the viewer may not know of, found by
        the sentinels and people the request asked for."""
        listed = self.objects_listed(text, asked)
        for word in asked:
            key, name = self.world.sentinels[word]
            group = group_of(self.world, word)
            if key in listed and group and not may_read(self.viewer, key, group):
                yield f"lists {key} for a query on {word} ({key}.{name}, {group})"
        for person in asked_people:
            for case, group in PEOPLE[person].items():
                if case in listed and not may_read(self.viewer, case, group):
                    yield f"lists {case} for a query on {person} ({case}.{group})"

    def cases_in(self, text):
        found = {self.case_of_name[name] for name in self.case_re.findall(text)}
        return found | {
            self.world.objects[self.world.sentinels[w][0]].case
            for w in self.sentinel_re.findall(text)
        }

    def objects_listed(self, text, asked):
        """Keys of the objects ``text`` lists: by URL, UID, or a sentinel
        other than those asked for."""
        found = {
            self.world.sentinels[word][0]
            for word in set(self.sentinel_re.findall(text)) - asked
        }
        for obj in self.world.objects.values():
            if obj.uid in text or re.search(re.escape(obj.path) + r"(?![\w/-])", text):
                found.add(obj.key)
        return found

    def people_in(self, kind, data, text):
        """``(person, cases, where, excerpt)`` for every person named in the
        response; ``cases`` are those named by the nearest JSON value or
        HTML/XML element around the person that names any case."""
        if not self.person_of_name or not self.person_re.search(text):
            return
        if kind == "json":
            nodes = _json_nodes(data)
        elif kind == "markup":
            nodes = _markup_nodes(data)
        else:
            nodes = [(None, [text], "the text")]
        # the cases named in each node and below it (children follow parents)
        named = [
            set().union(*(self.cases_in(s) for s in strings))
            for _parent, strings, _where in nodes
        ]
        for index in range(len(nodes) - 1, 0, -1):
            parent = nodes[index][0]
            if parent is not None:
                named[parent] |= named[index]
        for index, (_parent, strings, where) in enumerate(nodes):
            for string in strings:
                for name in self.person_re.findall(string):
                    node = index
                    while node is not None and not named[node]:
                        node = nodes[node][0]
                    cases = named[node] if node is not None else set()
                    yield (
                        self.person_of_name[name],
                        sorted(cases),
                        where,
                        excerpt(string, name),
                    )


def _alternatives(words, before="", after=""):
    """A regular expression matching any of ``words`` (longest first)."""
    ordered = sorted(words, key=len, reverse=True)
    return re.compile("|".join(before + re.escape(word) + after for word in ordered))


def _json_nodes(data):
    """JSON as ``[(parent index, [strings], path)]``, parents first."""
    nodes = []

    def walk(value, parent, path):
        if isinstance(value, dict):
            nodes.append((parent, [str(key) for key in value], path))
            here = len(nodes) - 1
            for key, item in value.items():
                walk(item, here, f"{path}.{key}")
        elif isinstance(value, list):
            nodes.append((parent, [], path))
            here = len(nodes) - 1
            for item in value:
                walk(item, here, f"{path}[*]")
        else:
            nodes.append((parent, [str(value)], path))

    walk(data, None, "$")
    return nodes


def _markup_nodes(text):
    """HTML or XML as ``[(parent index, [text and attribute values], tag)]``,
    parents first."""
    try:
        root = lxml.html.fromstring(
            text.encode("utf-8")
        )  # bytes: XML may declare its encoding
    except (ValueError, lxml.etree.ParserError):
        return [(None, [text], "the text")]
    nodes = []
    index_of = {}
    for element in root.iter():
        strings = [s for s in (element.text, element.tail) if s]
        if isinstance(element.tag, str):
            strings += list(element.attrib.values())
            attributes = [
                f'{k}="{v}"'
                for k, v in element.attrib.items()
                if k in ("id", "class", "rel")
            ]
            where = "<" + " ".join([element.tag, *attributes]) + ">"
        else:  # a comment or a processing instruction
            where = "<!-- -->"
        index_of[element] = len(nodes)
        nodes.append((index_of.get(element.getparent()), strings, where))
    return nodes


def excerpt(text, word):
    at = text.find(word)
    return (
        " ".join(text[max(0, at - 60) : at + len(word) + 30].split()) if at >= 0 else ""
    )


def decode(response):
    """``(kind, data, text)`` of a response: ``json`` with the parsed data,
    ``markup`` (HTML, XML) with the markup, or ``text`` (also a PDF's text
    and metadata). ``text`` is searched for sentinels: the headers and the
    body."""
    content = response.content
    if content[:2] == b"\x1f\x8b":
        content = gzip.decompress(content)
    headers = "\n".join(f"{k}: {v}" for k, v in response.headers.items())
    if content[:4] == b"%PDF":
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(content))
        pages = "\n".join(page.extract_text() or "" for page in reader.pages)
        metadata = " ".join(str(value) for value in (reader.metadata or {}).values())
        return "text", None, f"{headers}\n{metadata}\n{pages}"
    text = content.decode("utf-8", "replace")
    content_type = response.headers.get("Content-Type", "")
    if "json" in content_type:
        try:
            return "json", json.loads(text), f"{headers}\n{text}"
        except ValueError:
            pass
    if "html" in content_type or "xml" in content_type or text.lstrip().startswith("<"):
        return "markup", text, f"{headers}\n{text}"
    return "text", None, f"{headers}\n{text}"


def missing(world, viewer, answers):
    """Positive controls: ``[(problem, where)]`` for each sentinel the viewer
    may read that ``GET <object>`` does not show them.

    :param answers: object key -> ``(status, body)`` of ``GET <object>``
    """
    problems = []
    for key, (status, body) in sorted(answers.items()):
        expected = sorted(
            word
            for word, (owner, name) in world.sentinels.items()
            if owner == key
            and not name.startswith("comment:")
            and may_read(viewer, key, group_of(world, word))
        )
        where = f"GET {world.objects[key].path}"
        if expected and status != 200:
            problems.append((
                f"MISSING: answers {status}, but the viewer may read {key}",
                where,
            ))
        elif expected:
            problems += [
                (
                    f"MISSING: {word} ({key}.{world.sentinels[word][1]}), which the viewer may read",
                    where,
                )
                for word in expected
                if word not in body
            ]
    return problems


# --- the paths ------------------------------------------------------------------


def get_services(context):
    """Names of the GET services (JSON) plone.rest has for ``context``."""
    prefix = "GET_application_json_"
    names = set()
    for registry in _registries(getSiteManager()):
        for registration in registry.registeredAdapters():
            name = registration.name
            if name.startswith(prefix + "@") and registration.required[0].providedBy(
                context
            ):
                names.add(name[len(prefix) :])
    return sorted(names)


def _registries(registry, seen=None):
    """``registry`` and all its bases (the test layers stack registries)."""
    seen = set() if seen is None else seen
    if id(registry) not in seen:
        seen.add(id(registry))
        yield registry
        for base in registry.__bases__:
            yield from _registries(base, seen)


def probes(world, portal):
    """Every request of the matrix as ``(method, url, options)``; the same
    for every viewer."""
    server = server_url(portal)
    site = "/".join(portal.getPhysicalPath())
    return [
        (method, server + path, options)
        for kind in (
            _service_probes,
            _object_probes,
            _search_probes,
            _listing_probes,
            _page_probes,
        )
        for method, path, options in kind(world, portal, site)
    ]


HTML = {"headers": {"Accept": "text/html"}}
ANY_OF = "plone.app.querystring.operation.selection.any"
BOTH_TYPES = ["NotificationCase", "Deviation"]


def _service_probes(world, portal, site):
    """Every GET service of the site, the folders, the cases and a part of
    each kind."""
    objects = world.objects
    parts = ("dev", "nrec", "nhid", "nhidmeasure", "nhidsent", "devhearing")
    parts += ("nhidinternal", "nhidmessage", "nhidpmessage", "nhidpfile")
    places = [site, f"{site}/faculties/ie", f"{site}/speakup"]
    places += [objects[key].path for key in parts]
    for path in places:
        for service in get_services(portal.unrestrictedTraverse(path)):
            yield "GET", f"{path}/{service}", {}


def _object_probes(world, portal, site):
    """Every object as JSON and as HTML, its file, its PDF, its history."""
    for obj in world.objects.values():
        yield "GET", obj.path, {}
        yield "GET", obj.path, HTML
        if obj.portal_type == "CaseDocument":
            yield "GET", f"{obj.path}/@@download/file", {}
        if obj.portal_type == "Letter":
            yield "GET", f"{obj.path}/@@letter.pdf", {}
    for case in CASES:
        path = world.objects[case].path
        yield "GET", f"{path}/@@case-report.pdf", {}
        for view in ("@@historyview", "@@content_status_history", "rss.xml"):
            yield "GET", f"{path}/{view}", HTML


def _search_probes(world, portal, site):
    """@search, @querystring-search and the search pages."""
    objects = world.objects
    for path in [site, f"{site}/faculties/ie", f"{site}/speakup"] + [
        objects[case].path for case in CASES
    ]:
        params = {"path": path, "metadata_fields": "_all", "fullobjects": 1}
        yield "GET", f"{site}/@search", {"params": params}
    for word in search_words(world):
        params = {"SearchableText": word, "metadata_fields": "_all"}
        yield "GET", f"{site}/@search", {"params": params}
    for params in (
        {"Creator": "vera", "metadata_fields": "_all"},
        {"portal_type": "NotificationCase", "metadata_fields": "_all"},
    ):
        yield "GET", f"{site}/@search", {"params": params}
    query = [{"i": "portal_type", "o": ANY_OF, "v": BOTH_TYPES}]
    body = {"query": query, "metadata_fields": "_all", "fullobjects": 1}
    yield "POST", f"{site}/@querystring-search", {"json": body}
    # the search pages run the same catalog queries: fewer words
    for word in search_words(world, keys={"dev", "nhid"}) + [
        world.sentinel_of(k, "title") for k in ("nrec", "nopen")
    ]:
        for view in ("@@search", "@@ajax-search", "search_rss"):
            yield "GET", f"{site}/{view}", {"params": {"SearchableText": word}, **HTML}
    params = [("query.i:records", "portal_type"), ("query.o:records", ANY_OF)]
    params += [("query.v:records:list", portal_type) for portal_type in BOTH_TYPES]
    yield "GET", f"{site}/@@querybuilder_html_results", {"params": params, **HTML}


def _listing_probes(world, portal, site):
    """Listings, navigation, principals, vocabularies, folder contents."""
    for path in (f"{site}/faculties/ie", f"{site}/speakup"):
        yield "GET", path, {"params": {"fullobjects": 1}}
        yield "GET", path, HTML
    for path in (site, f"{site}/faculties/ie"):
        yield "GET", f"{path}/@navigation", {"params": {"expand.navigation.depth": 4}}
    yield "GET", f"{site}/@principals", {"params": {"search": "a"}}
    yield "GET", f"{site}/@users", {"params": {"query": "a"}}
    for name in vocabulary_names(portal):
        yield "GET", f"{site}/@vocabularies/{name}", {}
    yield "GET", f"{site}/faculties/ie/@@folder_contents", HTML
    path_query = "plone.app.querystring.operation.string.path"
    for folder in (f"{site}/faculties/ie::1", site):
        criteria = [{"i": "path", "o": path_query, "v": folder}]
        params = {
            "name": "plone.app.vocabularies.Catalog",
            "query": json.dumps({"criteria": criteria}),
            "attributes": json.dumps(sorted(portal.portal_catalog.schema())),
            "batch": json.dumps({"page": 1, "size": 100}),
        }
        yield "GET", f"{site}/@@getVocabulary", {"params": params}
    for name in ("plone.app.vocabularies.Users", "plone.app.vocabularies.Groups"):
        params = {"name": name, "query": "e"}
        yield "GET", f"{site}/@@getVocabulary", {"params": params}


def _page_probes(world, portal, site):
    """Feeds, sitemap, author pages, the front page."""
    for path in ("sitemap.xml.gz", "RSS", "rss.xml"):
        yield "GET", f"{site}/{path}", HTML
    for person in ("vera", "pia", "student1"):
        yield "GET", f"{site}/author/{person}", HTML
    for folder in ("faculties/ie", "speakup"):
        for feed in ("RSS", "rss.xml", "atom.xml"):
            yield "GET", f"{site}/{folder}/{feed}", HTML
    yield "GET", site, HTML


def search_words(world, keys=None):
    """What the searches ask for: a sentinel of each group of each object
    (of the objects ``keys``), its title or text where it has one."""
    preferred = ("title", "text", "event_description")
    chosen = {}
    for word, (key, name) in sorted(world.sentinels.items()):
        if keys is None or key in keys:
            slot = (key, group_of(world, word))
            rank = preferred.index(name) if name in preferred else len(preferred)
            if slot not in chosen or rank < chosen[slot][0]:
                chosen[slot] = (rank, word)
    return sorted(word for _rank, word in chosen.values())


_VOCABULARIES = []


def vocabulary_names(portal):
    """The vocabularies ``@vocabularies`` lists to the site owner."""
    if not _VOCABULARIES:
        response = client_for(portal, ADMIN).get("@vocabularies")
        assert response.status_code == 200, response.text
        _VOCABULARIES.extend(
            sorted(item["@id"].rsplit("/", 1)[-1] for item in response.json())
        )
    return _VOCABULARIES


#: Where Plone sends someone who may not see a page: the log-in form (not
#: about any case, and slow to render for every viewer and page).
LOGIN = re.compile(r"/(require_login|login|login_form|insufficient-privileges)\b")


def fetch(client, method, url, options):
    """The responses to one request: redirects are followed, and each step
    is checked, except to the log-in form."""
    responses = []
    for _step in range(5):
        response = client.session.request(
            method, url, timeout=60, allow_redirects=False, **options
        )
        responses.append(response)
        location = response.headers.get("Location")
        if not response.is_redirect or not location or LOGIN.search(location):
            break
        url = urllib.parse.urljoin(url, location)
        method, options = "GET", {"headers": options.get("headers", {})}
    return responses


def server_url(portal):
    """``http://host:port``, to which the physical paths are appended."""
    return portal.absolute_url()[: -len(portal.absolute_url_path())]


def client_for(portal, viewer):
    url = portal.absolute_url()
    if viewer == ANONYMOUS:
        return Client(url)
    if viewer == ADMIN:
        return Client(url, SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
    return Client(url, viewer, PASSWORD)


def report(viewer, found):
    """One message for all problems of a viewer: each problem once, with an
    excerpt and the requests it was found in."""
    by_problem = {}
    for problem, snippet, where in found:
        entry = by_problem.setdefault(problem, [snippet, []])
        entry[0] = entry[0] or snippet
        if where not in entry[1]:
            entry[1].append(where)
    lines = [f"{viewer}: {len(by_problem)} problems"]
    for problem, (snippet, wheres) in sorted(by_problem.items()):
        lines.append(f"* {problem}" + (f"  [{snippet}]" if snippet else ""))
        lines += [f"      {where}" for where in wheres[:4]]
        if len(wheres) > 4:
            lines.append(f"      ... and {len(wheres) - 4} more")
    return "\n".join(lines)


# --- the tests ------------------------------------------------------------------


@pytest.fixture
def world(world_functional):
    return world_functional["world"]


@pytest.fixture
def portal(world_functional):
    return world_functional["portal"]


class TestGenericPaths:
    """(``layer`` keeps the world's layer up from one test to the next.)"""

    layer = WORLD_FUNCTIONAL_TESTING

    def test_every_field_has_a_rule(self, world):
        undecided = []
        for key, names in world.schema_fields.items():
            portal_type = world.objects[key].portal_type
            undecided += [
                f"decide who may read {portal_type}.{name}"
                for name in names
                if name not in FIELD_GROUPS.get(portal_type, {})
            ]
            if key not in READERS:
                undecided.append(f"decide who may read {key} ({portal_type})")
        assert not undecided, "\n".join(sorted(set(undecided)))

    def test_self_check(self, world):
        """A leaking response is reported; an allowed one is not."""
        finder = LeakFinder(world, "pia")
        summary = world.sentinel_of("nhid", "summary")
        internal = world.sentinel_of("nhid", "immediate_measures")
        nhid = f"http://host{world.objects['nhid'].path}"
        nopen = f"http://host{world.objects['nopen'].path}"

        def leaks(kind, data, request="http://host/x"):
            text = json.dumps(data) if kind == "json" else data
            return [
                problem
                for problem, _excerpt in finder.leaks((kind, data, text), request)
            ]

        problems = leaks(
            "json",
            {
                "@id": nhid,
                "summary": summary,
                "immediate_measures": internal,
                "Creator": "vera",
            },
        )
        assert problems == [
            "vera (nhid.identity) at $.Creator",
            f"{internal} (nhid.immediate_measures, internals)",
        ]
        # pia may know who notified nopen
        assert leaks("json", {"items": [{"@id": nopen, "Creator": "vera"}]}) == []
        # the byline of a search result; an author link
        page = f'<ul><li><a href="{nhid}">x</a> by <a href="/author/vera">Vera Varsler</a></li></ul>'
        assert leaks("markup", page) == ["vera (nhid.identity) at <a>"]
        # what a service lists on every object is not about the case
        assert (
            leaks(
                "json", {"@id": f"{nhid}/nhidmeasure/@querystring", "values": ["vera"]}
            )
            == []
        )
        # an oracle: a search for an internal word finds the case
        page = f'<ul><li><a href="{nhid}">case</a></li></ul>'
        assert leaks(
            "markup", page, f"http://host/@@search?SearchableText={internal}"
        ) == [
            f"lists nhid for a query on {internal} (nhid.immediate_measures, internals)"
        ]
        # a positive control fails when a readable field is not shown
        assert missing(world, "pia", {"nhid": (200, f'{{"summary": "{summary}"}}')})
        assert not missing(world, "staff1", {"nhid": (401, "")})

    @pytest.mark.parametrize("viewer", VIEWERS)
    def test_no_leak(self, world, portal, viewer):
        client = client_for(portal, viewer)
        finder = LeakFinder(world, viewer)
        server = server_url(portal)
        found = []  # (problem, excerpt, where)
        answers = {}  # object key -> (status, body) of GET <object>
        objects_at = {server + obj.path: key for key, obj in world.objects.items()}
        for method, url, options in probes(world, portal):
            for response in fetch(client, method, url, options):
                where = f"{response.request.method} {unquote(response.request.url)[len(server) :]}"
                if "html" in response.request.headers.get("Accept", ""):
                    where += " (text/html)"
                elif url in objects_at and not options:
                    answers[objects_at[url]] = (response.status_code, response.text)
                if response.status_code >= 500:
                    found.append((f"status {response.status_code}", "", where))
                request_text = unquote(response.request.url) + str(
                    options.get("json", "")
                )
                found += [
                    (problem, snippet, where)
                    for problem, snippet in finder.leaks(decode(response), request_text)
                ]
        found += self.status_problems(world, client, viewer, server)
        found += [
            (problem, "", where) for problem, where in missing(world, viewer, answers)
        ]
        assert not found, report(viewer, found)

    def status_problems(self, world, client, viewer, server):
        """A case the viewer may not know of answers as a name that never
        existed, at its place and at the place it was forwarded from: 401
        over REST (Zope's answer to an object the user may not see, which
        the add-on gives a name that leads nowhere inside a faculty, the
        central reception or a case: content/traversal.py), the same status
        in HTML, and never a redirect to a faculty."""
        problems = []
        for case in CASES:
            if knows_case(viewer, case):
                continue
            path = world.objects[case].path
            for place in [path] + (
                [world.old_paths[case]] if case in world.old_paths else []
            ):
                never = re.sub("[0-9]{5}$", "99999", place)
                for accept in ("application/json", "text/html"):
                    known, unknown = (
                        client.get(
                            server + p,
                            allow_redirects=False,
                            headers={"Accept": accept},
                        )
                        for p in (place, never)
                    )
                    where = f"GET {place} ({accept})"
                    if known.status_code != unknown.status_code:
                        problems.append((
                            f"tells that {case} exists: {known.status_code}, "
                            f"a name that never existed {unknown.status_code}",
                            "",
                            where,
                        ))
                    expected = 401
                    if accept == "application/json" and known.status_code != expected:
                        problems.append((
                            f"{case} answers {known.status_code} (expected {expected}, "
                            f"as for a name that never existed)",
                            "",
                            where,
                        ))
                    location = known.headers.get("Location", "")
                    if "/faculties/" in urllib.parse.urlsplit(location).path:
                        problems.append((
                            f"tells where {case} went: redirect to {location[len(server) :]}",
                            "",
                            where,
                        ))
        return problems


def unquote(url):
    return urllib.parse.unquote_plus(url)
