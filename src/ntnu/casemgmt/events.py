"""Event subscribers that give cases what the system sets (SPEC §3)."""

from datetime import datetime
from datetime import timezone
from ntnu.casemgmt.security import as_system
from ntnu.casemgmt import deadlines
from ntnu.casemgmt import deviation
from ntnu.casemgmt.casenumber import assign_case_number
from ntnu.casemgmt.localroles import roles_changed


def _now():
    return datetime.now(timezone.utc)


def case_added(case, event):
    """Number a new case and stamp when it was received.

    Moving a case (a transfer or a forward) fires a moved event, not an
    added one, so number and receipt time survive it.
    """
    assign_case_number(case)
    if getattr(case, "received", None) is None:
        case.received = _now()


def deviation_added(case, event):
    """Default deadline of a deviation: received + 28 days; then the
    receipt and the notices of a new deviation."""
    case_added(case, event)
    if getattr(case, "deadline", None) is None:
        case.deadline = deadlines.deviation_deadline(case.received)
    deviation.mail_registered(case)


def notification_added(case, event):
    """The central reception has five working days to forward."""
    case_added(case, event)
    if getattr(case, "forward_deadline", None) is None:
        case.forward_deadline = deadlines.forward_deadline(case.received)


def case_modified(case, event):
    """Fields that give roles (case worker, responsible manager, parties)
    may have changed: recompute who may see this case and its contents.
    Only this case's subtree is reindexed, never the faculty. A new case
    worker of an approved deviation is told."""
    roles_changed(case)
    if case.portal_type == "Deviation":
        deviation.case_worker_changed(case)


def document_visibility(document, event):
    """A CaseDocument's state follows its ``visibility`` field: ``party``
    documents are readable by the parties, ``internal`` ones are not
    (Forvaltningsloven § 18). The field is what people set; the state is
    what the permissions hang on."""
    from plone import api

    state = api.content.get_state(document, default=None)
    wanted = "party" if document.visibility == "party" else "internal"
    if state is None or state == wanted:
        return
    # Whoever may edit the document may set its visibility; the transition
    # itself is the add-on's, not a user's choice in the workflow menu.
    with as_system():
        api.content.transition(
            obj=document, transition="share" if wanted == "party" else "unshare"
        )
    roles_changed(document)


def letter_modified(letter, event):
    """A new recipient may read the letter once it is sent."""
    roles_changed(letter)


def case_transitioned(case, event):
    """Remember when a case was closed (statistics count the days to close
    from the catalog, without waking cases); a reopened case is open again."""
    if event.new_state is None or event.old_state is None:
        return
    if event.new_state.id == "closed":
        case.closed = _now()
    elif event.old_state.id == "closed":
        case.closed = None
    case.reindexObject(idxs=["closed", "days_to_close", "deadline"])
