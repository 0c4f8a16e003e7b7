"""What every case gets from the system, whichever its process (SPEC §3):
a case number and a receipt time, its roles recomputed when the fields
that give them change, its closing time for the statistics. The
processes' own subscribers are ``deviation/subscribers.py`` and
``notification/subscribers.py``.
"""

from datetime import datetime
from datetime import UTC
from ntnu.casemgmt.core.casenumbers import assign_case_number
from ntnu.casemgmt.core.security import roles_changed


def _now():
    return datetime.now(UTC)


def case_added(case, event):
    """Number a new case and stamp when it was received (called by the
    processes' ``..._added`` subscribers).

    Moving a case (a transfer or a forward) fires a moved event, not an
    added one, so number and receipt time survive it.
    """
    assign_case_number(case)
    if getattr(case, "received", None) is None:
        case.received = _now()


def case_modified(case, event):
    """Fields that give roles (case worker, responsible manager, parties)
    may have changed: recompute who may see this case and its contents.
    Only this case's subtree is reindexed, never the faculty."""
    roles_changed(case)


def case_transitioned(case, event):
    """Remember when a case was closed (statistics count the days to close
    from the catalog, without waking cases); a reopened case is open again.
    The due date follows the state (SPEC §3)."""
    if event.new_state is None or event.old_state is None:
        return
    if event.new_state.id == "closed":
        case.closed = _now()
    elif event.old_state.id == "closed":
        case.closed = None
    case.reindexObject(idxs=["closed", "days_to_close", "deadline"])
