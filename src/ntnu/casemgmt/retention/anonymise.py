"""Anonymising a case whose retention has ended (SPEC §11).

What goes, from the case and every part of it: every free-text and person
field of the schemas (texts, titles, user ids, names, addresses), files,
message texts, letter bodies, hearing responses, measure texts, the
notifier, the comments of the workflow histories, the versions kept by
CMFEditions, creators and owners, and what the processes remember of the
people (receipt code, decisions on identity, whom they told). The people
the case was about (reporter, notifier, parties, letter recipients) are
also replaced where the histories and the audit trail name them as actors.

What stays: the case number, the faculty (the place), category and the
other choices, yes/no fields, dates and states, and the closing time, so
``@case-statistics`` counts the case as before. The workflow history (and
for notification cases the audit trail, ``notification/audit.py``) records
the anonymisation. Only this case and its parts are reindexed.
"""

from Acquisition import aq_base
from DateTime import DateTime
from ntnu.casemgmt import _
from ntnu.casemgmt.content.notification import INotificationCase
from ntnu.casemgmt.core.mail import site_language
from ntnu.casemgmt.core.people import reporter_of
from ntnu.casemgmt.core.roles import IDENTITY_ACCESS_KEY
from ntnu.casemgmt.core.security import as_system
from ntnu.casemgmt.core.security import roles_changed
from ntnu.casemgmt.core.security import SYSTEM_USER
from ntnu.casemgmt.notification import audit
from ntnu.casemgmt.notification.receipts import INDEX_KEY as RECEIPTS_KEY
from persistent.mapping import PersistentMapping
from plone import api
from plone.dexterity.utils import iterSchemata
from Products.CMFEditions.interfaces.IStorage import StoragePurgeError
from zope import schema
from zope.annotation.interfaces import IAnnotations
from zope.i18n import translate
from zope.interface import alsoProvides
from zope.interface import Interface

import re


#: What the histories and the audit trail say (in the site's language).
ANONYMISED = _("Anonymised under the retention rule.")

#: Stands for a person the case was about, where a history named them.
ANONYMOUS_PERSON = "anonymised"

#: Kinds of field that stay: what the statistics count and what says
#: nothing about a person (choices, yes/no, dates, numbers).
KEPT_KINDS = (
    schema.Choice,
    schema.Bool,
    schema.Date,
    schema.Datetime,
    schema.Int,
    schema.Float,
)
KEPT_FIELDS = {"case_number"}

#: What the processes remember of the people on a case (user ids) besides
#: its fields.
PERSON_ATTRIBUTES = (
    "_notified_manager",
    "_notified_case_worker",
    "_excluded_indexed",
    IDENTITY_ACCESS_KEY,
)


class IAnonymised(Interface):
    """Marker of a case anonymised under the retention rule."""


def is_anonymised(case):
    return IAnonymised.providedBy(case)


def parts_of(case):
    """The parts of ``case`` (its contents; parts hold nothing)."""
    return list(case.objectValues())


def people_of(case):
    """User ids, names and addresses of the people ``case`` is about: the
    reporter or notifier, the parties, the letters' recipients and the
    participants of its conversations (not the staff handling it)."""
    people = {reporter_of(case)}
    for name in ("notifier", "notifier_name", "notifier_email"):
        people.add(getattr(case, name, None))
    people.update(getattr(case, "parties", None) or ())
    people.update((getattr(case, IDENTITY_ACCESS_KEY, None) or {}).keys())
    for part in parts_of(case):
        if part.portal_type == "Letter":
            people.update((part.recipient, part.recipient_email))
        thread = getattr(part, "thread", None) or ""
        if thread.startswith("party:"):
            people.add(thread[len("party:") :])
    people.discard("notifier")  # a letter's recipient "the notifier"
    return {person for person in people if person}


def _cleared(field, value):
    """The value ``field`` keeps after anonymisation."""
    if isinstance(field, schema.List | schema.Tuple | schema.Set):
        if isinstance(field.value_type, KEPT_KINDS):
            return value  # faculty codes and other choices
        return type(value)() if value is not None else value
    return None


def clear_fields(obj):
    """Empty every free-text, person and file field of ``obj``'s schemas;
    its title becomes its case number (a case) or its id (a part)."""
    for iface in iterSchemata(obj):
        store = iface(obj)
        for name, field in schema.getFieldsInOrder(iface):
            if name in KEPT_FIELDS or name == "title":
                continue
            if isinstance(field, KEPT_KINDS):
                continue
            value = getattr(aq_base(store), name, None)
            if name == "thread" and value:
                # a conversation stays one, without naming its participant
                cleared = "party:" if value.startswith("party:") else value
            else:
                cleared = _cleared(field, value)
            if value != cleared:
                setattr(store, name, cleared)
    obj.title = getattr(obj, "case_number", None) or obj.getId()
    if hasattr(aq_base(obj), "description"):
        obj.description = ""  # a measure's text; Dublin Core's otherwise
    if getattr(aq_base(obj), "thread", None) and obj.portal_type == "CaseDocument":
        obj.thread = "party:" if obj.thread.startswith("party:") else obj.thread


def _replace_people(text, people):
    for person in sorted(people, key=len, reverse=True):
        text = re.sub(
            rf"(?<![\w.@-]){re.escape(person)}(?![\w.@-])", ANONYMOUS_PERSON, text
        )
    return text


def scrub_workflow_history(obj, people):
    """Drop the comments of ``obj``'s workflow histories; a person the
    case was about is no longer named as an actor."""
    histories = getattr(aq_base(obj), "workflow_history", None)
    if not histories:
        return
    for workflow_id, entries in list(histories.items()):
        histories[workflow_id] = tuple(
            dict(
                entry,
                comments="",
                actor=ANONYMOUS_PERSON
                if entry.get("actor") in people
                else entry.get("actor"),
            )
            for entry in entries
        )


#: An audit entry of a transition: "<transition>: <from> -> <to> (<comment>)".
TRANSITION_COMMENT = re.compile(r"^(\S+: \S+ -> \S+) \(.*\)$", re.DOTALL)


def scrub_audit_trail(case, people):
    """Drop transition comments from the audit trail of a notification
    case and the people it was about (as actors and in what was done)."""
    log = IAnnotations(case).get(audit.KEY)
    if log is None:
        return
    for key, entry in list(log.items()):
        what = TRANSITION_COMMENT.sub(r"\1", entry.get("what") or "")
        scrubbed = dict(
            entry,
            actor=ANONYMOUS_PERSON if entry.get("actor") in people else entry["actor"],
            what=_replace_people(what, people),
        )
        if scrubbed != entry:
            log[key] = scrubbed


def purge_versions(obj):
    """Purge every version CMFEditions keeps of ``obj`` (the data and the
    version comments; what remains is a placeholder per version)."""
    handler = api.portal.get_tool("portal_historyidhandler")
    storage = api.portal.get_tool("portal_historiesstorage")
    history_id = handler.queryUid(obj, None)
    if history_id is None or not storage.isRegistered(history_id):
        return
    metadata = {
        "app_metadata": {},
        "sys_metadata": {
            "comment": "",
            "timestamp": DateTime().timeTime(),
            "principal": SYSTEM_USER,
        },
    }
    for selector in range(len(storage.getHistory(history_id, countPurged=True))):
        try:
            storage.purge(history_id, selector, metadata, countPurged=True)
        except StoragePurgeError:
            continue  # purged already


def disown(obj):
    """The add-on becomes creator and owner of ``obj``; nobody keeps a
    local Owner role on it (a deviation's reporter had one)."""
    for principal, roles in list(obj.get_local_roles()):
        if "Owner" in roles and principal != SYSTEM_USER:
            obj.manage_delLocalRoles([principal])
    obj.setCreators((SYSTEM_USER,))
    if getattr(aq_base(obj), "contributors", None):
        obj.setContributors(())
    with as_system():
        obj.changeOwnership(api.user.get_current())


def forget_people(case):
    """What the processes remember of the people on ``case`` besides its
    fields: whom they told, decisions on identity, the receipt code."""
    for name in PERSON_ATTRIBUTES:
        if name in case.__dict__:
            delattr(case, name)
    receipt = case.__dict__.get("_receipt")
    if receipt:
        index = IAnnotations(api.portal.get()).get(RECEIPTS_KEY)
        if index is not None and receipt[0] in index:
            del index[receipt[0]]
        del case._receipt
    if getattr(aq_base(case), "_open_hearings", None):
        case._open_hearings = PersistentMapping()


def note(case, action, text):
    """Record ``action`` in the case's workflow history (same state) and,
    for a notification case, its audit trail."""
    workflow_tool = api.portal.get_tool("portal_workflow")
    for workflow in workflow_tool.getWorkflowsFor(case):
        status = dict(workflow_tool.getStatusOf(workflow.getId(), case) or {})
        status.update(action=action, actor=SYSTEM_USER, comments=text, time=DateTime())
        workflow_tool.setStatusOf(workflow.getId(), case, status)
    if INotificationCase.providedBy(case):
        audit.record(case, action, text, actor=SYSTEM_USER)


def anonymise(case):
    """Anonymise ``case`` and its parts (see the module docstring)."""
    people = people_of(case)
    objects = [case, *parts_of(case)]
    for obj in objects:
        clear_fields(obj)
        scrub_workflow_history(obj, people)
        purge_versions(obj)
        disown(obj)
    forget_people(case)
    if INotificationCase.providedBy(case):
        scrub_audit_trail(case, people)
    note(case, "anonymise", translate(ANONYMISED, target_language=site_language()))
    alsoProvides(case, IAnonymised)
    for obj in objects:
        obj.reindexObject()
    roles_changed(case)
