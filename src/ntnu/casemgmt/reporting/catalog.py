"""Catalog indexers for the fields that listings filter on."""

from Acquisition import aq_chain
from Acquisition import aq_inner
from ntnu.casemgmt.content.case import ICase
from ntnu.casemgmt.content.faculty import IFaculty
from ntnu.casemgmt.content.guideline import IGuideline
from ntnu.casemgmt.core.deadlines import due_date
from ntnu.casemgmt.core.deadlines import NO_DUE_DATE
from ntnu.casemgmt.core.people import reporter_of
from ntnu.casemgmt.core.people import reporter_token
from ntnu.casemgmt.core.people import site_secret
from ntnu.casemgmt.core.visibility import unguarded
from plone import api
from plone.app.contenttypes.indexers import SearchableText as page_words
from plone.indexer import indexer
from Products.CMFCore.utils import getToolByName
from zope.interface import Interface

import hashlib
import hmac


#: The permission that guards ``NotificationCase.severity`` (its
#: read_permission in content/notification.py), by its title.
VIEW_INTERNALS = "ntnu.casemgmt: View case internals"


def faculty_of(obj):
    """The code of the faculty ``obj`` is in (or is), or None."""
    for item in aq_chain(aq_inner(obj)):
        if IFaculty.providedBy(item):
            return item.code
    return None


@indexer(Interface)
def faculty(obj):
    code = faculty_of(obj)
    if code is None:
        raise AttributeError("faculty")
    return code


@indexer(ICase)
def case_number(obj):
    return obj.case_number


@indexer(ICase)
def deadline(obj):
    # The due date by state (SPEC §3), what the lists sort and warn by.
    value = due_date(obj, api.content.get_state(obj, default=None))
    return NO_DUE_DATE if value is None else value


@indexer(ICase)
def received(obj):
    return obj.received


@indexer(ICase)
def category(obj):
    return obj.category


@indexer(ICase)
def case_worker(obj):
    # A deviation's behandler, a notification's case officer: "assigned to me".
    value = getattr(obj, "case_worker", None) or getattr(obj, "case_officer", None)
    if not value:
        raise AttributeError("case_worker")
    return value


@indexer(ICase)
def closed(obj):
    value = getattr(obj, "closed", None)
    if value is None:
        raise AttributeError("closed")
    return value


@indexer(ICase)
def days_to_close(obj):
    closed_at = getattr(obj, "closed", None)
    if closed_at is None or obj.received is None:
        raise AttributeError("days_to_close")
    return (closed_at - obj.received).total_seconds() / 86400


@indexer(ICase)
def reporter(obj):
    # Who reported a deviation or notified, as a keyed hash (identity.py):
    # "My cases" finds them, nobody can search for a person.
    user_id = reporter_of(obj)
    if not user_id:
        raise AttributeError("reporter_token")
    return reporter_token(user_id)


def severity_key(severity, principal):
    """The catalog's token for "``principal`` (a role, or ``user:<id>`` of
    a user or group, as in ``allowedRolesAndUsers``) may read that the case
    has ``severity``": a keyed hash, so that nobody can ask @search for the
    severity of a case with a token that is not theirs."""
    message = f"severity:{severity}:{principal}".encode()
    return hmac.new(site_secret(), message, hashlib.sha256).hexdigest()


def internals_readers(obj):
    """Who has ``VIEW_INTERNALS`` on ``obj``: its roles and the ``user:``
    tokens of the users and groups with one of them locally (derived roles
    too), the way Plone indexes ``allowedRolesAndUsers`` for View."""
    from AccessControl.PermissionRole import rolesForPermissionOn

    allowed = set(rolesForPermissionOn(VIEW_INTERNALS, obj))
    acl_users = getToolByName(obj, "acl_users")
    for principal, roles in acl_users._getAllLocalRoles(obj).items():
        if allowed.intersection(roles):
            allowed.add(f"user:{principal}")
    allowed.discard("Owner")  # the notifier: never the case's internals
    return allowed


@indexer(ICase)
def severity_readers(obj):
    # A case's severity for those who may read it (SPEC §3), for the lists
    # and @cases' filter: no metadata column (@search would show it to
    # every viewer of the case). Reindexed with the case's security
    # (NotificationCase._cmf_security_indexes).
    severity = getattr(obj, "severity", None)
    if not severity:
        raise AttributeError("severity_readers")
    return sorted(severity_key(severity, p) for p in internals_readers(obj))


#: The fields of a case that its text search (SPEC §7 ``q``) looks at:
#: the reporter's own words, besides the case number. Only those that
#: every viewer of the case may read are indexed (``searchable_fields``):
#: the catalog shows a case to its viewers, so a word of any other field
#: would tell them what the field says.
TEXT_FIELDS = (
    "title",
    "event_description",
    "prior_attempts",
    "suggested_measures",
    "course_code",
)


def searchable_fields(portal_type):
    """The ``TEXT_FIELDS`` of ``portal_type`` without a read permission of
    their own."""
    return [name for name in TEXT_FIELDS if unguarded(portal_type, name)]


@indexer(ICase)
def SearchableText(obj):
    # Replaces Plone's (title and description): the case number and the
    # report's text, for the staff's list; never an internal field.
    words = [obj.case_number or ""]
    for name in searchable_fields(obj.portal_type):
        value = getattr(obj, name, None)
        if isinstance(value, str):
            words.append(value)
    return " ".join(word for word in words if word)


@indexer(IGuideline)
def guideline_text(obj):
    """A guideline's words (title, description and text) for the front
    page's guideline search: Plone indexes the text of its own page types
    only."""
    return page_words(obj)
