"""The rules of the deviation process (SPEC §5, seeds 000 and 001).

The states, transitions and who may fire them are in the workflow definition
of the profile; what happens around a transition (required comments, the
case worker, the reporter's mails, re-registration as a notification case)
and a transfer to another faculty are here.
"""

from AccessControl import Unauthorized
from datetime import date
from DateTime import DateTime
from ntnu.casemgmt.security import as_system
from ntnu.casemgmt import _
from ntnu.casemgmt import mails
from ntnu.casemgmt.cases import create_case
from ntnu.casemgmt.content.deviation import IDeviation
from ntnu.casemgmt.deserializer import check_fields
from ntnu.casemgmt.identity import reporter_of
from ntnu.casemgmt.localroles import faculty_group
from ntnu.casemgmt.localroles import roles_changed
from ntnu.casemgmt.notification import mail_received
from ntnu.casemgmt.notification import set_notifier
from ntnu.casemgmt.structure import central_reception
from ntnu.casemgmt.structure import faculty_of
from ntnu.casemgmt.structure import forget_old_places
from ntnu.casemgmt.structure import move_case
from ntnu.casemgmt.structure import get_faculty
from plone import api
from plone.dexterity.utils import createContentInContainer
from Products.CMFCore.WorkflowCore import WorkflowException
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

COMMENT_REQUIRED = "comment: a comment is required for this transition (it is sent to the reporter)."

REDACTED = _("[Removed: the report was registered as a notification case.]")
REDACTED_TITLE = _("Registered as a notification case")

OPEN_STATES = ("submitted", "in_progress")


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
            raise ReportError("course_code", "the course code is required for this category")
        data.pop("course_code", None)
        return
    if not COURSE_CODE.match(code):
        raise ReportError("course_code", "write the course code as in the course catalogue, e.g. TDT4100")
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


def days_left(case, today=None):
    """Days until the deadline (negative when overdue), or None."""
    if not case.deadline:
        return None
    return (case.deadline - (today or date.today())).days


def is_overdue(case, today=None):
    """Past its deadline and not finished."""
    left = days_left(case, today)
    return left is not None and left < 0 and api.content.get_state(case) in OPEN_STATES


def mapping_of(case, **extra):
    """The values the deviation mails are filled in with."""
    faculty = faculty_of(case)
    mapping = {
        "case_number": case.case_number,
        "title": case.title,
        "faculty": faculty.title if faculty is not None else "",
        "deadline": case.deadline.isoformat() if case.deadline else "",
        # Stable across transfers and renames: Plone redirects to the case.
        "url": f"{api.portal.get().absolute_url()}/resolveuid/{case.UID()}",
        "days": (case.deadline - case.received.date()).days
        if case.deadline and case.received
        else 28,
    }
    mapping.update(extra)
    return mapping


def reception_of(faculty):
    """Recipients of a faculty's reception: its group and functional address."""
    return dict(
        groups=[faculty_group(faculty.code, "deviation-reception")],
        addresses=[faculty.reception_email] if faculty.reception_email else [],
    )


# --- registered ---------------------------------------------------------


def mail_registered(case):
    """Receipt to the reporter; notice to the reception and line managers."""
    mapping = mapping_of(case)
    reporter = reporter_of(case)
    if reporter:
        mails.send(
            _("Receipt for your deviation report ${case_number}"),
            _(
                "mail_deviation_receipt",
                default="We have received your report \"${title}\" with case "
                "number ${case_number}. ${faculty} will process it; you can expect "
                "an answer by ${deadline} (within ${days} days).\n\nFollow the case "
                "under My cases: ${url}",
            ),
            mapping,
            user_ids=[reporter],
        )
    faculty = faculty_of(case)
    if faculty is None:
        return
    mails.send(
        _("New deviation ${case_number}"),
        _(
            "mail_deviation_new_reception",
            default="A new deviation \"${title}\" (${case_number}) was reported "
            "to ${faculty}. Assess it: approve it with a case worker, transfer it "
            "or reject it.\n\n${url}",
        ),
        mapping,
        **reception_of(faculty),
    )
    mails.send(
        _("New deviation ${case_number}"),
        _(
            "mail_deviation_new_line_manager",
            default="A new deviation \"${title}\" (${case_number}) was reported "
            "to ${faculty}.\n\n${url}",
        ),
        mapping,
        groups=[faculty_group(faculty.code, "line-managers")],
    )


# --- transitions -------------------------------------------------------


def before_transition(case, event):
    """Refuse a transition whose required comment is missing.

    Raised before the state changes, so nothing is changed; plone.restapi
    answers 400 with the message.
    """
    if event.transition is None:
        return
    field = COMMENT_FIELDS.get(event.transition.id)
    comment = ((event.kwargs or {}).get("comment") or "").strip()
    if field and not comment:
        raise WorkflowException(COMMENT_REQUIRED)


def after_transition(case, event):
    """What follows a transition of a deviation."""
    if event.transition is None:
        return
    transition = event.transition.id
    comment = ((event.kwargs or {}).get("comment") or "").strip()
    handler = {
        "approve": _approved,
        "reject": _rejected,
        "reject_as_notification": _rejected_as_notification,
        "close": _closed,
    }.get(transition)
    if transition in COMMENT_FIELDS:
        setattr(case, COMMENT_FIELDS[transition], comment)
    if handler is not None:
        handler(case, comment)
    case.reindexObject()


def _approved(case, comment):
    if not case.case_worker:
        case.case_worker = api.user.get_current().getId()
    roles_changed(case)
    mail_case_worker(case)


def case_worker_changed(case):
    """A case worker named or changed after approval is told, once (SPEC
    §8); before approval ``approve`` tells them."""
    if api.content.get_state(case) != "in_progress":
        return
    if case.case_worker and case.case_worker != getattr(case, "_notified_case_worker", None):
        mail_case_worker(case)


def mail_case_worker(case):
    """Tell the case worker a case was assigned to them."""
    case._notified_case_worker = case.case_worker
    mails.send(
        _("Deviation ${case_number} assigned to you"),
        _(
            "mail_deviation_assigned",
            default="You are the case worker of deviation \"${title}\" "
            "(${case_number}) of ${faculty}. The deadline is ${deadline}.\n\n${url}",
        ),
        mapping_of(case),
        user_ids=[case.case_worker],
    )


def _rejected(case, comment):
    mails.send(
        _("Your deviation report ${case_number} was rejected"),
        _(
            "mail_deviation_rejected",
            default="Your report \"${title}\" (${case_number}) was not taken "
            "up as a deviation. The reason:\n\n${reason}\n\n${url}",
        ),
        mapping_of(case, reason=comment),
        user_ids=[reporter_of(case)],
    )


def _rejected_as_notification(case, comment):
    notification = register_as_notification(case)
    reason = comment or api.portal.translate(
        _(
            "The report concerns censurable conditions such as bullying or "
            "harassment. It has been registered as a notification case and will "
            "be handled confidentially by the notification units."
        )
    )
    case.rejection_reason = reason
    mails.send(
        _("Your deviation report ${case_number} is handled as a notification case"),
        _(
            "mail_deviation_rejected_as_notification",
            default="Your report \"${title}\" (${case_number}) concerns censurable "
            "conditions. It is not handled as a deviation but was registered as "
            "notification case ${notification_number}, which the central "
            "reception handles confidentially.\n\n${reason}",
        ),
        mapping_of(case, reason=reason, notification_number=notification.case_number),
        user_ids=[reporter_of(case)],
    )


def _closed(case, comment):
    close_open_hearings(case)
    mails.send(
        _("Your deviation ${case_number} is closed"),
        _(
            "mail_deviation_closed",
            default="Your report \"${title}\" (${case_number}) has been processed "
            "and closed. The case worker's closing comment:\n\n${comment}\n\n${url}",
        ),
        mapping_of(case, comment=comment),
        user_ids=[reporter_of(case)],
    )


def close_open_hearings(case):
    """A closed case has no open hearings: their participants lose access."""
    for hearing in case.objectValues():
        if hearing.portal_type == "Hearing" and api.content.get_state(hearing) == "open":
            # The one who closes the case may not be allowed to close a
            # hearing someone else opened; closing follows from the case.
            with as_system():
                api.content.transition(obj=hearing, transition="close")


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
                for part in (case.event_description, case.prior_attempts, case.suggested_measures)
                if part
            ),
            notifier_is_party=False,
            anonymous=False,
        )
        notification.deviation_case = case.UID()
        set_notifier(notification, reporter_of(case))
        for document in [obj for obj in case.objectValues() if obj.portal_type == "CaseDocument"]:
            # Evidence of the new case: internal until its unit decides.
            document.visibility = "internal"
            if api.content.get_state(document) == "party":
                api.content.transition(obj=document, transition="unshare")
            forget_old_places(api.content.move(source=document, target=notification))
    case.notification_case = notification.UID()
    mail_received(notification)
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
        _("Deviation ${case_number} transferred to ${faculty}"),
        _(
            "mail_deviation_transferred",
            default="Deviation \"${title}\" (${case_number}) was transferred from "
            "${source} to ${faculty}. Assess it: approve it with a case worker, "
            "transfer it or reject it.\n\n${comment}\n\n${url}",
        ),
        mapping_of(moved, source=source.title if source is not None else "", comment=comment),
        **reception_of(target),
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
        comments=comment or f"{source.code if source is not None else '?'} -> {target.code}",
        time=DateTime(),
    )
    workflow_tool.setStatusOf(workflow.getId(), case, status)
