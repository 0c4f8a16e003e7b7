"""The audit trail of notification cases (who, when, what).

Every request that reaches a notification case or anything in it is
recorded after it was answered: a read as ``view``, anything else as
``change``; transitions, modifications and role changes are recorded from
their events. The trail is kept on the case in a BTree keyed by time (two
requests at once write different keys, so they do not conflict), can be
read by Manager and QualityDivision (``@audit-log``) and has no way to be
edited through the web.
"""

from Acquisition import aq_chain
from Acquisition import aq_inner
from BTrees.LOBTree import LOBTree
from datetime import UTC
from ntnu.casemgmt.content.notification import INotificationCase
from plone import api
from plone.protect.utils import safeWrite
from zope.annotation.interfaces import IAnnotations

import time


KEY = "ntnu.casemgmt.audit"

#: Fields whose change changes who may see the case.
ROLE_FIELDS = (
    "parties",
    "responsible_manager",
    "notifier_is_party",
    "case_officer",
    "excluded_officers",
)


def _log(case):
    annotations = IAnnotations(case)
    log = annotations.get(KEY)
    if log is None:
        log = annotations[KEY] = LOBTree()
        safeWrite(annotations, getattr(case, "REQUEST", None))
    return log


def record(case, action, what="", actor=None):
    """Append an entry to the case's trail."""
    if actor is None:
        actor = api.user.get_current().getId() or "Anonymous User"
    log = _log(case)
    key = time.time_ns()
    while key in log:
        key += 1
    log[key] = {
        "time": key,
        "actor": actor,
        "action": action,
        "what": what,
    }
    # A read (GET) that writes the trail is intended, not a CSRF attack.
    request = getattr(case, "REQUEST", None)
    if request is not None:
        safeWrite(log, request)


def entries(case):
    """The trail, oldest first, with ISO times."""
    from datetime import datetime

    return (
        [
            dict(
                entry,
                time=datetime.fromtimestamp(entry["time"] / 1e9, UTC).isoformat(),
            )
            for entry in _log(case).values()
        ]
        if IAnnotations(case).get(KEY) is not None
        else []
    )


def case_of(obj):
    for item in aq_chain(aq_inner(obj)):
        if INotificationCase.providedBy(item):
            return item
    return None


def request_ended(event):
    """Record a request that reached a notification case (just before its
    transaction is committed, so the entry is committed with it)."""
    request = event.request
    published = request.get("PUBLISHED")
    context = getattr(published, "context", None) or getattr(
        published, "__parent__", None
    )
    if context is None:
        context = getattr(published, "aq_parent", None)
    case = case_of(context) if context is not None else None
    if case is None:
        return
    method = request.get("REQUEST_METHOD", "GET")
    action = "view" if method in ("GET", "HEAD") else "change"
    path = request.get("PATH_INFO", "")
    record(case, action, f"{method} {path}")


def transitioned(case, event):
    if event.transition is not None:
        comment = (event.kwargs or {}).get("comment", "")
        record(
            case,
            "transition",
            f"{event.transition.id}: {event.old_state.id} -> {event.new_state.id}"
            + (f" ({comment})" if comment else ""),
        )


def modified(obj, event):
    case = case_of(obj)
    if case is None:
        return
    fields = []
    for description in getattr(event, "descriptions", ()) or ():
        # plone.restapi names them "ISchema.field", z3c.form "field"
        fields.extend(
            name.rsplit(".", 1)[-1]
            for name in getattr(description, "attributes", ()) or ()
        )
    what = ", ".join(fields) if fields else obj.getId()
    record(case, "change", what)
    if obj is case and (not fields or set(fields) & set(ROLE_FIELDS)):
        record(
            case,
            "roles",
            "derived roles recomputed: "
            + ", ".join(
                f"{principal}={'/'.join(roles)}" for principal, roles in _roles(case)
            ),
        )


def _roles(case):
    from ntnu.casemgmt.core.roles import NotificationRoles

    return list(NotificationRoles(case).getAllRoles())


def added(obj, event):
    case = case_of(obj)
    if case is not None:
        record(
            case,
            "add" if obj is case else "change",
            f"added {obj.portal_type} {obj.getId()}",
        )


def moved(case, event):
    if event.oldParent is not None and event.newParent is not None:
        record(
            case,
            "move",
            f"{'/'.join(event.oldParent.getPhysicalPath())} -> "
            f"{'/'.join(event.newParent.getPhysicalPath())}",
        )
