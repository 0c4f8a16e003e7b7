"""Local roles derived from field values and location (borg.localrole).

A case blocks the local roles it would otherwise acquire from its faculty,
so that the audiences of deviations and notification cases can never mix:
the faculty's deviation reception does not see notification cases of the
same faculty, and its notification unit does not see deviations. Every
role inside a case comes from the providers below (and the reporter's own
``Owner`` role), all computed from the case's fields and where it lies.
"""

from Acquisition import aq_chain
from Acquisition import aq_inner
from Acquisition import aq_parent
from borg.localrole.interfaces import ILocalRoleProvider
from ntnu.casemgmt.content.casedocument import ICaseDocument
from ntnu.casemgmt.content.casemessage import ICaseMessage
from ntnu.casemgmt.content.deviation import IDeviation
from ntnu.casemgmt.content.faculty import IFaculty
from ntnu.casemgmt.content.hearing import IHearing
from ntnu.casemgmt.content.letter import ILetter
from ntnu.casemgmt.content.measure import IMeasure
from ntnu.casemgmt.content.notification import INotificationCase
from ntnu.casemgmt.content.reception import ICentralReception
from ntnu.casemgmt.parts.hearings import open_participants
from zope.component import adapter
from zope.interface import implementer


#: Groups of a faculty, by suffix of ``<code>-<suffix>``, and their role.
FACULTY_GROUP_ROLES = {
    "deviation-reception": "DeviationReceptionist",
    "line-managers": "LineManager",
    "notification-unit": "NotificationOfficer",
}

CENTRAL_RECEPTION_GROUP = "speakup-reception"
QUALITY_DIVISION_GROUP = "quality-division"


def faculty_group(code, suffix):
    """The id of a faculty's group, e.g. ``ie-deviation-reception``."""
    if suffix not in FACULTY_GROUP_ROLES:
        raise ValueError(f"unknown faculty group {suffix!r}")
    return f"{code}-{suffix}"


def _container(obj, interface):
    for item in aq_chain(aq_inner(obj))[1:]:
        if interface.providedBy(item):
            return item
    return None


def notification_case_of(obj):
    """The notification case ``obj`` is or lies in, or None."""
    for item in aq_chain(aq_inner(obj)):
        if INotificationCase.providedBy(item):
            return item
    return None


def excluded_officers(obj):
    """The user ids named in ``excluded_officers`` of the notification case
    ``obj`` is or lies in (SPEC §3, §4: conflict of interest); they get no
    role on it or its parts, and no mail about it."""
    case = notification_case_of(obj)
    return (
        frozenset(getattr(case, "excluded_officers", None) or ())
        if case
        else frozenset()
    )


class _FieldRoles:
    """Base: ``getAllRoles`` lists ``(principal, roles)``; ``getRoles``
    answers for one principal from the same list. Nobody excluded from the
    notification case (``excluded_officers``) is granted anything."""

    def __init__(self, context):
        self.context = context

    def _allowed_grants(self):
        excluded = excluded_officers(self.context)
        for principal, role in self._grants():
            if principal and principal not in excluded:
                yield principal, role

    def getAllRoles(self):
        merged = {}
        for principal, role in self._allowed_grants():
            merged.setdefault(principal, set()).add(role)
        for principal, roles in merged.items():
            yield principal, tuple(sorted(roles))

    def getRoles(self, principal_id):
        return tuple(
            sorted({
                role
                for principal, role in self._allowed_grants()
                if principal == principal_id
            })
        )

    def _grants(self):
        raise NotImplementedError


def _unit_grants(case):
    """The people handling a notification case: the central reception while
    it lies there, afterwards the notification unit of its faculty."""
    if _container(case, ICentralReception) is not None:
        yield from _group_grant(case, CENTRAL_RECEPTION_GROUP, "CentralReceptionist")
    faculty = _container(case, IFaculty)
    if faculty is not None:
        yield from _group_grant(
            case,
            faculty_group(faculty.code, "notification-unit"),
            "NotificationOfficer",
        )


def _principal_grant(case, principal, role):
    """``role`` for a user or a group (a hearing may consult a whole unit);
    a group's members one by one when some are excluded from the case."""
    if not excluded_officers(case):
        yield principal, role
        return
    from plone import api

    if api.group.get(groupname=principal) is None:
        yield principal, role  # a user: ``_FieldRoles`` filters the excluded
    else:
        yield from _group_grant(case, principal, role)


def _group_grant(case, group_id, role):
    """``role`` for the group; when the case names some of its members in
    ``excluded_officers``, for each other member instead (a group's grant
    would reach them too). Who joins the group later gets the role at
    once, and is found in the catalog once the case's security is
    reindexed."""
    excluded = excluded_officers(case)
    if not excluded:
        yield group_id, role
        return
    from plone import api

    if api.group.get(groupname=group_id) is None:
        return
    for user in api.user.get_users(groupname=group_id):
        if user.getId() not in excluded:
            yield user.getId(), role


@implementer(ILocalRoleProvider)
@adapter(IDeviation)
class DeviationRoles(_FieldRoles):
    """Reception and line managers of the faculty the case lies in; the
    case worker named in ``case_worker``; participants of open hearings."""

    def _grants(self):
        faculty = _container(self.context, IFaculty)
        if faculty is not None:
            yield (
                faculty_group(faculty.code, "deviation-reception"),
                "DeviationReceptionist",
            )
            yield faculty_group(faculty.code, "line-managers"), "LineManager"
        yield self.context.case_worker, "DeviationCaseWorker"
        for participant in open_participants(self.context):
            yield participant, "HearingParticipant"


def _state(case):
    history = (getattr(case, "workflow_history", None) or {}).get(
        "casemgmt_notification_workflow"
    )
    return history[-1]["review_state"] if history else None


#: Where a notification case keeps the unit's decisions on parties' requests
#: to know who notified (Fvl. § 19, guide § 2.3): party -> decision.
IDENTITY_ACCESS_KEY = "_identity_access"


def identity_granted(case):
    """The parties to whom the unit decided to disclose the notifier."""
    decisions = getattr(case, IDENTITY_ACCESS_KEY, None) or {}
    return {party for party, decision in decisions.items() if decision["granted"]}


@implementer(ILocalRoleProvider)
@adapter(INotificationCase)
class NotificationRoles(_FieldRoles):
    """The central reception while the case lies there; afterwards the
    notification unit of the faculty it was forwarded to; the responsible
    manager and the parties named in the case; the notifier (``Owner``,
    from the ``notifier`` field: the case's creator and owner are the
    add-on itself, so no catalog entry or author page names them); the
    people and units consulted in an open hearing or copied in; the
    Education Quality Division while the case is escalated."""

    def _grants(self):
        case = self.context
        yield from _unit_grants(case)
        yield case.responsible_manager, "ResponsibleManager"
        parties = list(case.parties or ())
        notifier = None if case.anonymous else getattr(case, "notifier", None)
        if notifier:
            yield notifier, "Owner"
            if case.notifier_is_party:
                # A notifier who is a party has a party's rights (SPEC §6).
                parties.append(notifier)
        granted = identity_granted(case)
        for party in parties:
            yield party, "CaseParty"
            if not case.hide_notifier_from_parties or party in granted:
                yield party, "NotifierIdentityReader"
        # consulted in an open hearing (answered on the hearing itself, see
        # HearingRoles) or copied in: the case and its shared documents
        for participant in open_participants(case):
            yield from _principal_grant(case, participant, "Consultee")
        for code in getattr(case, "copied_units", None) or ():
            yield from _group_grant(
                case, faculty_group(code, "notification-unit"), "Consultee"
            )
        if _state(case) == "escalated":
            yield QUALITY_DIVISION_GROUP, "EscalationHandler"


@implementer(ILocalRoleProvider)
@adapter(IMeasure)
class MeasureRoles(_FieldRoles):
    """The person responsible for a measure."""

    def _grants(self):
        yield self.context.responsible, "MeasureResponsible"


@implementer(ILocalRoleProvider)
@adapter(ILetter)
class LetterRoles(_FieldRoles):
    """The person a letter is addressed to (when it is a user id, or
    ``notifier``: the case's notifier) and those in ``copy_to``; the letter
    workflow lets them read it once it is sent. A letter to the notifier
    blocks the case's roles (content.letter): it is handled by the central
    reception while it holds the case, then by the faculty's notification
    unit."""

    def _grants(self):
        for user_id in getattr(self.context, "copy_to", None) or ():
            yield user_id, "LetterRecipient"
        if self.context.recipient != "notifier":
            yield self.context.recipient, "LetterRecipient"
            return
        case = aq_parent(aq_inner(self.context))
        yield from _unit_grants(case)
        if not getattr(case, "anonymous", False) and getattr(case, "notifier", None):
            yield case.notifier, "LetterRecipient"


def thread_participant(case, thread):
    """The user id of the participant of conversation ``thread`` of
    ``case`` (SPEC §3 ``CaseMessage.thread``): the named notifier for
    ``notifier`` (nobody when anonymous or without an account), the party
    for ``party:<user id>`` while they are a party; else None."""
    if not thread:
        return None
    if thread == "notifier":
        if getattr(case, "anonymous", False):
            return None
        return getattr(case, "notifier", None) or None
    if thread.startswith("party:"):
        user_id = thread[len("party:") :]
        notifier = getattr(case, "notifier", None)
        parties = set(getattr(case, "parties", None) or ())
        if notifier and getattr(case, "notifier_is_party", False):
            parties.discard(notifier)  # a notifier talks in ``notifier``
        return user_id if user_id in parties else None
    return None


@implementer(ILocalRoleProvider)
@adapter(ICaseMessage)
class MessageRoles(_FieldRoles):
    """A message blocks the case's roles (content.casemessage): the people
    handling the case and the participant of its conversation
    (``ConversationParticipant``) read it, never another party or the
    responsible manager."""

    def _grants(self):
        case = aq_parent(aq_inner(self.context))
        yield from _unit_grants(case)
        participant = thread_participant(case, self.context.thread)
        if participant:
            yield participant, "ConversationParticipant"


@implementer(ILocalRoleProvider)
@adapter(ICaseDocument)
class DocumentRoles(MessageRoles):
    """An attachment handed in through a conversation (it has a
    ``thread``) is read as the conversation's messages; other documents
    take the case's roles."""

    def _grants(self):
        if self.context.thread:
            yield from super()._grants()


@implementer(ILocalRoleProvider)
@adapter(IHearing)
class HearingRoles(_FieldRoles):
    """Participants of a hearing, on the hearing itself (the workflow gives
    them nothing once it is closed)."""

    def _grants(self):
        for participant in self.context.participants or ():
            yield from _principal_grant(self.context, participant, "HearingParticipant")
