"""The world of ``test_generic_paths.py``: one deviation and three
notification cases with every kind of part, every text field holding a
sentinel word.

A sentinel is ``zq`` + object key + ``x`` + field name (letters only) +
``k``, e.g. ``zqnhidxsummaryk``: lowercase letters only, so that it
survives HTML escaping, JSON, PDF text extraction and the catalog's word
splitting, and no sentinel is part of another. ``World.sentinels`` maps
each one back to ``(object key, field name)``; the test decides from its own
table who may read it.

The world is built once, in a layer stacked on the demo site (with its own
``DemoStorage``), so that every test of the module starts from the same
committed world without building it again. ``WORLD_FUNCTIONAL_TESTING``
serves it over HTTP; each test gets a fresh ``DemoStorage`` on top, as with
``DEMO_FUNCTIONAL_TESTING``.
"""

from Acquisition import aq_base
from Acquisition import aq_parent
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date
from datetime import timedelta
from ntnu.casemgmt.deviation import rules as deviation
from ntnu.casemgmt.notification import rules as notification
from ntnu.casemgmt.testing import DEMO_FIXTURE
from plone import api
from plone.app.testing import FunctionalTesting
from plone.app.testing import PloneSandboxLayer
from plone.app.testing import SITE_OWNER_NAME
from plone.base.interfaces.syndication import ISiteSyndicationSettings
from plone.dexterity.utils import iterSchemataForType
from plone.testing.zope import WSGI_SERVER_FIXTURE
from zope import schema
from zope.globalrequest import getRequest
from zope.globalrequest import setRequest
from zope.lifecycleevent import modified

import re
import transaction


PASSWORD = "demodemo"

#: The two people the demo does not have: a notifier and a party.
EXTRA_USERS = {"vera": "Vera Varsler", "pia": "Pia Partsen"}

#: Text fields that keep a real value: user ids (the test looks for people
#: by name, not by sentinel), values the system sets, values that must be
#: well formed.
USER_ID_FIELDS = {
    "case_worker",
    "case_officer",
    "responsible_manager",
    "responsible",
    "recipient",
    "notifier",
    "participants",
    "parties",
    "excluded_officers",
    "copy_to",
    "thread",
}
SYSTEM_FIELDS = {"case_number", "received", "sent"}
REAL_VALUES = {"course_code": "TDT4100"}

CASES = ("dev", "nrec", "nhid", "nopen")


def sentinel(key, name):
    """The sentinel word of field ``name`` of the object ``key``."""
    return f"zq{key}x{re.sub('[^a-z]', '', name.lower())}k"


@dataclass
class WorldObject:
    """What the tests need to know of one object (plain data, no ZODB)."""

    key: str
    case: str  # key of the case the object belongs to (its own for a case)
    portal_type: str
    path: str  # physical path, e.g. "/plone/faculties/ie/avvik-2026-00001"
    uid: str
    case_number: str = ""


@dataclass
class World:
    #: object key -> WorldObject
    objects: dict = dataclass_field(default_factory=dict)
    #: sentinel -> (object key, field name); a workflow comment's field
    #: name is ``comment:<transition>``
    sentinels: dict = dataclass_field(default_factory=dict)
    #: object key -> the field names of its type's schemata
    schema_fields: dict = dataclass_field(default_factory=dict)
    #: case key -> the path the case had before it was forwarded
    old_paths: dict = dataclass_field(default_factory=dict)

    def sentinel_of(self, key, name):
        value = sentinel(key, name)
        assert self.sentinels.get(value) == (key, name), f"no sentinel for {key}.{name}"
        return value


class _Builder:
    """Builds the world the way the users would, as the users would."""

    def __init__(self):
        self.world = World()
        self.objects = {}  # key -> content object

    def comment(self, key, transition):
        """The sentinel comment of ``transition`` on object ``key``."""
        value = sentinel(key, f"comment{transition}")
        self.world.sentinels[value] = (key, f"comment:{transition}")
        return value

    def part(self, key, case, portal_type, **values):
        obj = api.content.create(
            container=case, type=portal_type, id=key, title=key, **values
        )
        self.objects[key] = obj
        return obj

    # --- the cases ---------------------------------------------------------

    def deviation(self):
        """DEV: student1's deviation in ie, approved with caseworker-ie as
        case worker, with every kind of part."""
        key = "dev"
        with api.env.adopt_user(username="student1"):
            case = deviation.report(
                {
                    "title": sentinel(key, "title"),
                    "category": "teaching",
                    "event_description": sentinel(key, "event_description"),
                    "prior_attempts": sentinel(key, "prior_attempts"),
                    "course_code": "TDT4100",
                    "faculty": "ie",
                },
                getRequest(),
            )
        self.objects[key] = case
        with api.env.adopt_user(username="reception-ie"):
            case.case_worker = "caseworker-ie"
            api.content.transition(
                obj=case, transition="approve", comment=self.comment(key, "approve")
            )
        assert api.content.get_state(case) == "in_progress"
        with api.env.adopt_user(username="caseworker-ie"):
            self.part(
                "devmeasure", case, "Measure", responsible="staff1", kind="corrective"
            )
            self.part(
                "devhearing",
                case,
                "Hearing",
                question="?",
                participants=["reception-nv"],
                deadline=date.today() + timedelta(days=10),
            )
            self.part("devinternal", case, "CaseDocument", visibility="internal")
            self.part("devparty", case, "CaseDocument", visibility="party")
            self.part("devdraft", case, "Letter", template="preliminary_reply")
            self.part(
                "devsent",
                case,
                "Letter",
                template="closure_notice",
                recipient="student1",
            )

    def submit(self, key):
        """vera's notification (logged in, not anonymous, not a party)."""
        with api.env.adopt_user(username="vera"):
            case, receipt = notification.submit(
                {
                    "title": sentinel(key, "title"),
                    "category": "bullying",
                    "event_description": sentinel(key, "event_description"),
                    "persons_involved": sentinel(key, "persons_involved"),
                    "witnesses": sentinel(key, "witnesses"),
                    "previous_cases": sentinel(key, "previous_cases"),
                    "accused_faculty": "ie",
                    "notifier_is_party": False,
                },
                getRequest(),
            )
        assert receipt is None
        self.objects[key] = case
        return case

    def investigated(self, key, hide_notifier):
        """N_HID / N_OPEN: vera's notification about pia, forwarded to ie,
        acknowledged, with findings and every kind of part."""
        case = self.submit(key)
        self.world.old_paths[key] = "/".join(case.getPhysicalPath())
        with api.env.adopt_user(username="speakup"):
            case.parties = ["pia"]
            case.responsible_manager = "dean-ie"
            case.hide_notifier_from_parties = hide_notifier
            case.immediate_measures = sentinel(key, "immediate_measures")
            modified(case)
            case = notification.forward(case, comment=self.comment(key, "forward"))
        self.objects[key] = case
        with api.env.adopt_user(username="varsling-ie"):
            api.content.transition(
                obj=case,
                transition="acknowledge",
                comment=self.comment(key, "acknowledge"),
            )
            case.summary = sentinel(key, "summary")
            case.outcome = sentinel(key, "outcome")
            modified(case)
            self.part(f"{key}internal", case, "CaseDocument", visibility="internal")
            self.part(f"{key}party", case, "CaseDocument", visibility="party")
            self.part(
                f"{key}sent",
                case,
                "Letter",
                template="summons_accused",
                recipient="pia",
            )
            self.part(
                f"{key}draft",
                case,
                "Letter",
                template="written_warning",
                recipient="pia",
            )
            self.part(
                f"{key}measure",
                case,
                "Measure",
                responsible="staff1",
                kind="counselling",
            )
            # another faculty's unit consulted (SPEC §3 Hearing)
            self.part(
                f"{key}hearing",
                case,
                "Hearing",
                question="?",
                participants=["nv-notification-unit"],
                deadline=date.today() + timedelta(days=10),
            )
        assert api.content.get_state(case) == "investigation"
        message = notification.add_message(
            case, sentinel(f"{key}message", "text"), "officer"
        )
        self.objects[f"{key}message"] = message
        # pia's conversation with the unit, and a file she handed in
        from ntnu.casemgmt.notification import conversations

        pmessage = conversations.create_message(
            case,
            sentinel(f"{key}pmessage", "text"),
            "party:pia",
            "party",
            [conversations.Attachment("shot.png", "image/png", b"png")],
        )
        self.objects[f"{key}pmessage"] = pmessage
        (self.objects[f"{key}pfile"],) = conversations.attachments_of(pmessage)
        # made by the add-on at acknowledge: the receipt confirmation (draft)
        made = [
            o
            for o in case.objectValues()
            if o.portal_type == "Letter" and o.getId() != f"{key}sent"
        ]
        made = [o for o in made if o.getId() != f"{key}draft"]
        if len(made) == 1:
            self.objects[f"{key}receipt"] = made[0]

    # --- all of it ---------------------------------------------------------

    def build(self):
        self.deviation()
        self.submit("nrec")
        self.investigated("nhid", hide_notifier=True)
        self.investigated("nopen", hide_notifier=False)
        known = {id(aq_base(obj)) for obj in self.objects.values()}
        for key in CASES:
            for obj in self.objects[key].objectValues():
                if id(aq_base(obj)) not in known:
                    raise AssertionError(
                        f"{key} holds {obj.getId()}, which the world does not know: give it a key"
                    )
        with api.env.adopt_user(username=SITE_OWNER_NAME):
            for key, obj in self.objects.items():
                self.fill(key, obj)
        # a sent letter is frozen: sent with its sentinels in
        for key, user in (
            ("devsent", "caseworker-ie"),
            ("nhidsent", "varsling-ie"),
            ("nopensent", "varsling-ie"),
        ):
            with api.env.adopt_user(username=user):
                api.content.transition(
                    obj=self.objects[key],
                    transition="send",
                    comment=self.comment(key, "send"),
                )
        for key, obj in self.objects.items():
            case = (
                key
                if key in CASES
                else next(
                    k
                    for k in CASES
                    if aq_base(aq_parent(obj)) is aq_base(self.objects[k])
                )
            )
            self.world.objects[key] = WorldObject(
                key=key,
                case=case,
                portal_type=obj.portal_type,
                path="/".join(obj.getPhysicalPath()),
                uid=obj.UID(),
                case_number=getattr(obj, "case_number", "") or "",
            )
        words = sorted(self.world.sentinels)
        for word in words:
            others = [other for other in words if other != word and word in other]
            assert not others, f"sentinel {word} is part of {others}"
        return self.world

    def fill(self, key, obj):
        """Give every text-like field of ``obj`` its sentinel."""
        names = []
        for iface in iterSchemataForType(obj.portal_type):
            store = iface(obj)
            for name, field in schema.getFieldsInOrder(iface):
                names.append(name)
                value = self.sentinel_value(key, name, field)
                if value is not None:
                    setattr(store, name, value)  # also read-only fields
        self.world.schema_fields[key] = names
        obj.reindexObject()

    def sentinel_value(self, key, name, field):
        """What field ``name`` of object ``key`` is set to, or None to keep
        its value."""
        if name in USER_ID_FIELDS or name in SYSTEM_FIELDS:
            return None
        if name in REAL_VALUES:
            return REAL_VALUES[name]
        word = sentinel(key, name)
        kind = type(field).__name__
        if kind == "RichText":
            from plone.app.textfield.value import RichTextValue

            value = RichTextValue(word, "text/plain", "text/html")
        elif kind in ("NamedBlobFile", "NamedFile"):
            from plone.namedfile.file import NamedBlobFile

            value = NamedBlobFile(data=word.encode(), filename=f"{word}.txt")
        elif isinstance(field, (schema.Text, schema.ASCII)):
            value = (
                f"{word}@example.org"
                if kind == "Email" or name.endswith("email")
                else word
            )
        else:
            return None
        self.world.sentinels[word] = (key, name)
        return value


class WorldLayer(PloneSandboxLayer):
    """The demo site plus the world, committed into its own DemoStorage."""

    defaultBases = (DEMO_FIXTURE,)

    def setUpPloneSite(self, portal):
        # what a site administrator may switch on, so that these paths show
        # something: the sitemap, and the feeds of every folder with authors
        api.portal.set_registry_record("plone.enable_sitemap", True)
        api.portal.set_registry_record(
            "default_enabled", True, interface=ISiteSyndicationSettings
        )
        api.portal.set_registry_record(
            "show_author_info", True, interface=ISiteSyndicationSettings
        )
        for user_id, fullname in EXTRA_USERS.items():
            api.user.create(
                email=f"{user_id}@example.org",
                username=user_id,
                password=PASSWORD,
                properties={"fullname": fullname},
            )
        previous = getRequest()
        setRequest(portal.REQUEST)
        try:
            self["world"] = _Builder().build()
            # committed here: ploneSite() swallows an error of its own commit
            transaction.commit()
        finally:
            setRequest(previous)

    def tearDown(self):
        del self["world"]
        super().tearDown()


WORLD_FIXTURE = WorldLayer()

WORLD_FUNCTIONAL_TESTING = FunctionalTesting(
    bases=(WORLD_FIXTURE, WSGI_SERVER_FIXTURE), name="Casemgmt:GenericPathsWorld"
)
