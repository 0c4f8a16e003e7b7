"""What the deviation process does besides its workflow (SPEC §5, seeds 000
and 001): reporting a deviation, transferring it to another faculty and
re-registering it as a notification case. What happens around its
transitions is in ``subscribers.py``, its e-mails in ``mails.py``, who may
fire which transition in the workflow specification.
"""

from AccessControl import Unauthorized
from DateTime import DateTime
from ntnu.casemgmt import _
from ntnu.casemgmt.content.deviation import IDeviation
from ntnu.casemgmt.core.creation import create_case
from ntnu.casemgmt.core.people import reporter_of
from ntnu.casemgmt.core.places import central_reception
from ntnu.casemgmt.core.places import faculty_of
from ntnu.casemgmt.core.places import forget_old_places
from ntnu.casemgmt.core.places import get_faculty
from ntnu.casemgmt.core.places import move_case
from ntnu.casemgmt.core.security import as_system
from ntnu.casemgmt.core.security import roles_changed
from ntnu.casemgmt.deviation import mails
from ntnu.casemgmt.notification import mails as notification_mails
from ntnu.casemgmt.notification.rules import set_notifier
from ntnu.casemgmt.rest.deserializer import check_fields
from plone import api
from plone.dexterity.utils import createContentInContainer
from zope.lifecycleevent import modified

import re


#: Transitions whose comment is required, and the field it is stored in.
COMMENT_FIELDS = {
    "reject": "rejection_reason",
    "close": "closing_comment",
}

#: The deviation's free text that is removed when it is re-registered as a
#: notification case (it may name people; it now lives in that case only).
SENSITIVE_FIELDS = ("event_description", "prior_attempts", "suggested_measures")

COMMENT_REQUIRED = (
    "comment: a comment is required for this transition (it is sent to the reporter)."
)

REDACTED = _("[Removed: the report was registered as a notification case.]")
REDACTED_TITLE = _("Registered as a notification case")


class TransferError(ValueError):
    """A transfer that cannot be made; the message says why."""


class ReportError(ValueError):
    """A report that cannot be made, because of ``field``."""

    def __init__(self, field, message):
        super().__init__(f"{field}: {message}")
        self.field = field


#: What a reporter may fill in (SPEC §3); the rest is set by the system or
#: by the faculty.
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


#: Categories that concern a course: the report form asks for the course
#: code (and requires it for teaching and assessment); other categories
#: have none. Over REST the code stays optional (SPEC §3).
COURSE_CATEGORIES = {"teaching": True, "assessment": True, "supervision": False}
COURSE_CODE = re.compile(r"^[A-ZÆØÅ]{2,6}[0-9]{3,5}$")


def check_course_code(data, required=False):
    """Apply the course-code rule to ``data`` (in place): a code only where
    the category concerns a course, in catalogue form; with ``required``
    (the report form) also present for teaching and assessment.

    :raises ReportError: a malformed code, or a missing one where required.
    """
    category = data.get("category")
    code = (data.get("course_code") or "").strip().upper()
    if category not in COURSE_CATEGORIES:
        data.pop("course_code", None)
        return
    if not code:
        if required and COURSE_CATEGORIES[category]:
            raise ReportError(
                "course_code", "the course code is required for this category"
            )
        data.pop("course_code", None)
        return
    if not COURSE_CODE.match(code):
        raise ReportError(
            "course_code",
            "write the course code as in the course catalogue, e.g. TDT4100",
        )
    data["course_code"] = code


def report(data, request, require_course_code=False):
    """Create a Deviation for the current user from ``data`` (JSON values).

    The case lands in the faculty given as ``data["faculty"]``, else in the
    faculty of the reporter's member property ``faculty``. Validation is
    plone.restapi's deserializer (the same as for any REST write): a
    ``BadRequest`` naming the fields is raised before anything is added.

    :raises ReportError: no or an unknown faculty, an unknown field.
    :raises zExceptions.BadRequest: invalid field values.
    :raises AccessControl.Unauthorized: the user may not report there.
    """
    unknown = sorted(set(data) - set(REPORT_FIELDS) - {"faculty", "@type"})
    if unknown:
        raise ReportError(unknown[0], "this field cannot be set by the reporter")
    check_fields(IDeviation, data, ReportError)
    code = data.get("faculty") or api.user.get_current().getProperty("faculty", "")
    if code and not isinstance(code, str):
        raise ReportError("faculty", "expected a faculty's code")
    if not code:
        raise ReportError(
            "faculty", "give the faculty's code; your profile names no faculty"
        )
    faculty = get_faculty(code) if isinstance(code, str) else None
    if faculty is None:
        raise ReportError("faculty", f"unknown faculty {code!r}")
    if not api.user.has_permission("ntnu.casemgmt: Report deviation", obj=faculty):
        raise Unauthorized("You may not report a deviation to this faculty.")
    data = dict(data)
    check_course_code(data, required=require_course_code)
    fields = {key: value for key, value in data.items() if key in REPORT_FIELDS}
    return create_case(faculty, "Deviation", fields, request)


def register_as_notification(case):
    """Create a NotificationCase in the central reception from ``case``.

    The reporter becomes the notifier of the new case and its documents
    go with it; the deviation keeps a link to it and loses its title and
    free text (they may name people: the deviation's audience, its
    reception and line managers, must not read them any more).
    """
    reception = central_reception()
    # The reception officer may not add to the central reception: made by
    # the add-on, with the reporter recorded as the notifier.
    with as_system():
        # Named (by case number) before it is added: plone.api would add it
        # under a temporary id and rename it, uncataloguing a path that was
        # never catalogued (an error in the log on every re-registration).
        notification = createContentInContainer(
            reception,
            "NotificationCase",
            title=case.title,
            category="other",
            event_description="\n\n".join(
                part
                for part in (
                    case.event_description,
                    case.prior_attempts,
                    case.suggested_measures,
                )
                if part
            ),
            notifier_is_party=False,
            anonymous=False,
        )
        notification.deviation_case = case.UID()
        set_notifier(notification, reporter_of(case))
        for document in [
            obj for obj in case.objectValues() if obj.portal_type == "CaseDocument"
        ]:
            # Evidence of the new case: internal until its unit decides.
            document.visibility = "internal"
            if api.content.get_state(document) == "party":
                api.content.transition(obj=document, transition="unshare")
            forget_old_places(api.content.move(source=document, target=notification))
    case.notification_case = notification.UID()
    notification_mails.send(notification_mails.RECEIVED, notification)
    redacted = api.portal.translate(REDACTED)
    for field in SENSITIVE_FIELDS:
        if getattr(case, field, None):
            setattr(case, field, redacted)
    case.title = api.portal.translate(REDACTED_TITLE)
    case.form_answers = None
    modified(case)
    return notification


# --- transfer ------------------------------------------------------------


def transfer(case, code, comment=""):
    """Move ``case`` into the faculty with ``code`` (ENDRE ANSVARLIG ENHET).

    Keeps case number and history; records the transfer in the history;
    mails the new faculty's reception. The caller has checked that the
    current user may transfer the case.

    :raises TransferError: unknown faculty, the same faculty, or a case
        that is no longer new.
    """
    if api.content.get_state(case) != "submitted":
        raise TransferError("Only new (submitted) deviations can be transferred.")
    target = get_faculty(code) if code and isinstance(code, str) else None
    if target is None:
        raise TransferError(f"Unknown faculty: {code!r}.")
    source = faculty_of(case)
    if source is not None and source.code == target.code:
        raise TransferError("The case is already in this faculty.")
    actor = api.user.get_current().getId()
    # Moving needs delete rights on the old faculty and add rights on the
    # new one, which a reception officer has on neither: the permission to
    # transfer was checked by the caller, the move itself is elevated.
    moved = move_case(case, target)
    with as_system():
        _record(moved, "transfer", actor, comment, source, target)
    roles_changed(moved)
    mails.send(
        mails.TRANSFERRED,
        moved,
        source=source.title if source is not None else "",
        comment=comment,
    )
    return moved


def _record(case, action, actor, comment, source, target):
    """Add a history entry (same state) to the case's workflow history."""
    workflow_tool = api.portal.get_tool("portal_workflow")
    (workflow,) = workflow_tool.getWorkflowsFor(case)
    status = dict(workflow_tool.getStatusOf(workflow.getId(), case))
    status.update(
        action=action,
        actor=actor,
        comments=comment
        or f"{source.code if source is not None else '?'} -> {target.code}",
        time=DateTime(),
    )
    workflow_tool.setStatusOf(workflow.getId(), case, status)
