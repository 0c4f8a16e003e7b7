"""Hearing rounds (høringsrunde) in a deviation or a notification case.

Participants of an open hearing (people, or a unit consulted as a group)
may read the case and answer in the hearing; their access ends when the
hearing is closed or its deadline has passed. The case keeps a small index
of its open hearings
(``_open_hearings``: hearing UID -> (participants, deadline)) so that the
local role provider does not have to wake every hearing on each security
check; the subscribers below keep it current and reindex the security of
that one case.
"""

from Acquisition import aq_parent
from datetime import date
from ntnu.casemgmt.content.case import ICase
from ntnu.casemgmt.core import dates
from ntnu.casemgmt.core.security import as_system
from ntnu.casemgmt.core.security import roles_changed
from ntnu.casemgmt.core.validation import TEXT_LENGTH
from ntnu.casemgmt.parts import mails
from persistent.mapping import PersistentMapping
from plone import api

import re


def open_participants(case, today=None):
    """User and group ids with access to ``case`` through an open hearing."""
    today = today or date.today()
    result = set()
    for participants, deadline in (
        getattr(case, "_open_hearings", None) or {}
    ).values():
        if deadline is None or deadline >= today:
            result.update(participants)
    return result


def _case_of(hearing):
    parent = aq_parent(hearing)
    return parent if ICase.providedBy(parent) else None


def _is_open(hearing):
    return api.content.get_state(hearing, default="open") == "open"


def refresh(hearing, removed=False):
    """Update the case's index for ``hearing`` and the case's security."""
    case = _case_of(hearing)
    if case is None:
        return
    index = getattr(case, "_open_hearings", None)
    if index is None:
        index = case._open_hearings = PersistentMapping()
    before = dict(index)
    if removed or not _is_open(hearing):
        index.pop(hearing.UID(), None)
    else:
        index[hearing.UID()] = (tuple(hearing.participants or ()), hearing.deadline)
    if dict(index) != before:
        roles_changed(case)


def hearing_added(hearing, event):
    refresh(hearing)
    mails.hearing_opened(hearing)


def hearing_modified(hearing, event):
    refresh(hearing)


def hearing_transitioned(hearing, event):
    refresh(hearing)


def hearing_removed(hearing, event):
    refresh(hearing, removed=True)


#: The answer form of a hearing (browser/transitions.py), and the
#: permission to answer (the hearing workflow gives it while open).
ANSWER_VIEW = "@@hearing-answer"
ANSWER_PERMISSION = "ntnu.casemgmt: Answer hearing"


class AnswerError(ValueError):
    """An answer that cannot be recorded: ``field``, and the REST status."""

    def __init__(self, message, field="text", status=400):
        super().__init__(message)
        self.field = field
        self.status = status


def check_answer(text):
    """The answer's text, stripped.

    :raises AnswerError: not text or empty (400), longer than
        ``TEXT_LENGTH`` (413, as every text of the add-on).
    """
    if not isinstance(text, str):
        raise AnswerError("text: write the answer as text.")
    text = text.strip()
    if not text:
        raise AnswerError("text: write the answer; it is empty.")
    if len(text) > TEXT_LENGTH:
        raise AnswerError(f"text: at most {TEXT_LENGTH} characters.", status=413)
    return text


def answer_url(hearing):
    """Where a participant answers ``hearing``."""
    return f"{hearing.absolute_url()}/{ANSWER_VIEW}"


def is_participant(hearing, user=None):
    """Is ``user`` (default: the current user) named in the hearing's
    participants, themselves or through a group (a consulted unit)?"""
    user = user or api.user.get_current()
    if user is None:
        return False
    principals = {user.getId(), *(getattr(user, "getGroups", list)() or ())}
    return bool(principals.intersection(hearing.participants or ()))


def may_answer(hearing, user=None):
    """May ``user`` (default: the current user) answer ``hearing`` now: a
    participant of the open hearing, excluded from nothing (the workflow's
    permission, from ``core.roles.HearingRoles``)?"""
    if api.user.is_anonymous() or not is_participant(hearing, user):
        return False
    return api.user.has_permission(ANSWER_PERMISSION, obj=hearing)


def has_answered(hearing, user=None):
    """Has ``user`` (default: the current user) answered ``hearing``:
    themselves, or, for a unit consulted as a whole, another member of it
    on the unit's behalf?"""
    user = user or api.user.get_current()
    answered = set(getattr(hearing, "answered_by", ()) or ())
    if user is None or not answered:
        return False
    if user.getId() in answered:
        return True
    if user.getId() in (hearing.participants or ()):
        return False  # asked in person: only their own answer counts
    groups = set(getattr(user, "getGroups", list)() or ()) & set(
        hearing.participants or ()
    )
    return any(groups & _groups_of(answerer) for answerer in answered)


def _groups_of(user_id):
    """The ids of the groups of ``user_id``; none for a user no longer
    there."""
    try:
        return {group.getId() for group in api.group.get_groups(username=user_id)}
    except api.exc.UserNotFoundError:
        return set()


def describe_waiting(hearing, today=None):
    """What the lists show of a hearing waiting for the user's answer."""
    today = today or date.today()
    case = _case_of(hearing)
    return {
        "answered": has_answered(hearing),
        "url": hearing.absolute_url(),
        "answer_url": answer_url(hearing),
        "title": hearing.title or hearing.getId(),
        "case_number": getattr(case, "case_number", "") or "",
        "case_url": case.absolute_url() if case is not None else "",
        "deadline": hearing.deadline,
        "overdue": bool(hearing.deadline and hearing.deadline < today),
    }


def waiting_for_answer(context=None, today=None):
    """The open hearings the current user is a participant of (themselves
    or through a group), may answer and have not answered yet, in
    ``context`` (a case) or anywhere, by deadline. The catalog finds only
    the hearings the user may see."""
    query = {"portal_type": "Hearing", "review_state": "open"}
    if context is not None:
        query.update(path="/".join(context.getPhysicalPath()), depth=1)
    if api.user.is_anonymous():
        return []
    user = api.user.get_current()
    result = []
    for brain in api.content.find(**query):
        # the search checked the user may see it; its case may lie in a
        # folder they may not open (the central reception)
        hearing = brain._unrestrictedGetObject()
        if may_answer(hearing, user) and not has_answered(hearing, user):
            result.append(describe_waiting(hearing, today))
    return sorted(result, key=lambda item: item["deadline"] or date.max)


def answer(hearing, text, user_id=None):
    """Append a participant's answer to the hearing's responses.

    :raises AnswerError: see ``check_answer``.
    """
    text = check_answer(text)
    user_id = user_id or api.user.get_current().getId()
    user = api.user.get(userid=user_id)
    name = (user.getProperty("fullname", "") if user else "") or user_id
    stamp = date.today().isoformat()
    entry = f"{name} ({stamp}):\n{text}"
    hearing.responses = (
        f"{hearing.responses}\n\n{entry}" if hearing.responses else entry
    )
    answered = tuple(getattr(hearing, "answered_by", ()) or ())
    if user_id not in answered:
        hearing.answered_by = (*answered, user_id)
    hearing.reindexObject()


#: The heading ``answer`` writes above each answer: ``Name (YYYY-MM-DD):``.
ANSWER_HEADING = re.compile(r"^(?P<name>.+) \((?P<day>\d{4}-\d{2}-\d{2})\):$", re.M)


def written_responses(responses, language):
    """A hearing's ``responses`` as a reader of ``language`` reads them:
    the day above each answer written by ``core.dates`` (the field keeps
    it ISO).

    :param responses: the hearing's ``responses`` text
    :param language: the reader's language code
    """
    return ANSWER_HEADING.sub(
        lambda m: f"{m['name']} ({dates.format_date(m['day'], language)}):",
        responses or "",
    )


def close_open_hearings(case):
    """A closed case has no open hearings: their participants lose access."""
    for hearing in case.objectValues():
        if (
            hearing.portal_type == "Hearing"
            and api.content.get_state(hearing) == "open"
        ):
            # The one who closes the case may not be allowed to close a
            # hearing someone else opened; closing follows from the case.
            with as_system():
                api.content.transition(obj=hearing, transition="close")


def close_expired(today=None):
    """Close open hearings whose deadline has passed; return their paths."""
    today = today or date.today()
    closed = []
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(
        portal_type="Hearing", review_state="open"
    ):
        hearing = brain._unrestrictedGetObject()
        if hearing.deadline and hearing.deadline < today:
            # A scheduled job has no user of its own.
            with as_system():
                api.content.transition(obj=hearing, transition="close")
            closed.append(brain.getPath())
    return closed
