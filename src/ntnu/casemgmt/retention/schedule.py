"""When a closed case's retention ends, and the job that acts on it
(SPEC §11).

A closed deviation (closed or rejected) is kept for the registry's
``ntnu.casemgmt.retention_years_deviation`` years after it was closed, a
closed notification case for ``..._notification`` years. From 30 days
before the end the job warns the faculty (``mails.py``) and remembers the
day on the case; it anonymises the case (``anonymise.py``) once the end
has come and the warning is at least 30 days old. A job that has not run
for a while therefore warns first and anonymises 30 days later at the
earliest. A changed end (a reopened and closed again case, other
registry years) needs a warning of its own. ``legal_hold`` keeps a case
from both.
"""

from DateTime import DateTime
from datetime import date
from datetime import datetime
from datetime import timedelta
from Missing import MV
from ntnu.casemgmt import _
from ntnu.casemgmt.core import dates
from ntnu.casemgmt.core.mail import site_language
from ntnu.casemgmt.retention import mails
from ntnu.casemgmt.retention.anonymise import anonymise
from ntnu.casemgmt.retention.anonymise import IAnonymised
from ntnu.casemgmt.retention.anonymise import note
from persistent.mapping import PersistentMapping
from plone import api
from zope.annotation.interfaces import IAnnotations
from zope.i18n import translate


#: portal_type -> (registry record of its retention years, default)
YEARS = {
    "Deviation": ("ntnu.casemgmt.retention_years_deviation", 5),
    "NotificationCase": ("ntnu.casemgmt.retention_years_notification", 10),
}

#: The states in which a case is done with (its retention runs).
ENDED_STATES = {
    "Deviation": ("closed", "rejected"),
    "NotificationCase": ("closed",),
}

#: How long before the end the faculty is warned, and how old the warning
#: must be before anything is removed.
NOTICE = timedelta(days=30)

#: What the job does to a case (the ``action`` of its answer).
WARN = "warn"
ANONYMISE = "anonymise"
HOLD = "legal_hold"

#: Where a case remembers its warning: ``{"end", "warned"}`` (ISO dates).
KEY = "ntnu.casemgmt.retention"


def retention_years(portal_type):
    """Years a closed case of ``portal_type`` is kept (the registry)."""
    record, default = YEARS[portal_type]
    value = api.portal.get_registry_record(record, default=default)
    return value if isinstance(value, int) and value > 0 else default


def add_years(day, years):
    """``day`` ``years`` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def local_date(value):
    """The local calendar day of a datetime or Zope DateTime, or None."""
    if isinstance(value, DateTime):
        value = value.asdatetime()
    if not isinstance(value, datetime):
        return None
    return (value.astimezone() if value.tzinfo is not None else value).date()


def closing_date(case, state):
    """The day ``case`` (in ``state``) was closed or rejected: its
    ``closed`` time, else when it came into ``state`` (its workflow
    history), or None."""
    if state == "closed" and getattr(case, "closed", None) is not None:
        return local_date(case.closed)
    workflow_tool = api.portal.get_tool("portal_workflow")
    since = None
    for workflow in workflow_tool.getWorkflowsFor(case):
        history = (getattr(case, "workflow_history", None) or {}).get(
            workflow.getId(), ()
        )
        for entry in reversed(history):
            if entry.get("review_state") != state:
                break
            since = entry.get("time")
    return local_date(since)


def retention_end(case, state):
    """The day the retention of ``case`` (in ``state``) ends, or None."""
    closed = closing_date(case, state)
    if closed is None:
        return None
    return add_years(closed, retention_years(case.portal_type))


def warned_on(case, end):
    """The day the faculty was warned that ``case``'s retention ends on
    ``end``, or None (never, or about another end)."""
    remembered = IAnnotations(case).get(KEY) or {}
    if remembered.get("end") != end.isoformat() or not remembered.get("warned"):
        return None
    return date.fromisoformat(remembered["warned"])


def remember_warning(case, end, today):
    annotations = IAnnotations(case)
    if KEY not in annotations:
        annotations[KEY] = PersistentMapping()
    annotations[KEY].update(end=end.isoformat(), warned=today.isoformat())


def due_action(case, end, today):
    """What the job owes ``case``, whose retention ends on ``end``, on
    ``today``: ``WARN``, ``ANONYMISE``, ``HOLD`` (it would be one of them
    but for the legal hold) or None."""
    if today < end - NOTICE:
        return None
    if getattr(case, "legal_hold", False):
        return HOLD
    warned = warned_on(case, end)
    if warned is None:
        return WARN
    if today >= end and today >= warned + NOTICE:
        return ANONYMISE
    return None


def candidates(today):
    """``(case, state)`` of every closed case not anonymised yet whose
    retention may end within the notice; a case whose closing time the
    catalog tells to be far from it is not woken."""
    catalog = api.portal.get_tool("portal_catalog")
    for portal_type, states in ENDED_STATES.items():
        years = retention_years(portal_type)
        brains = catalog.unrestrictedSearchResults(
            portal_type=portal_type,
            review_state=list(states),
            object_provides={"not": IAnonymised.__identifier__},
            sort_on="case_number",
        )
        for brain in brains:
            closed = brain.closed
            if brain.review_state == "closed" and closed not in (None, MV):
                day = local_date(closed)
                if day is not None and today < add_years(day, years) - NOTICE:
                    continue
            yield brain._unrestrictedGetObject(), brain.review_state


def warning_note(end):
    """The history's note of a retention warning, in the site's language
    (like the anonymisation's: the history is one text for all readers)."""
    language = site_language()
    message = _(
        "Retention ends ${date}: the case will be anonymised after that.",
        mapping={"date": dates.format_date(end, language)},
    )
    return translate(message, target_language=language)


def retention(today=None):
    """The scheduled job: warn about, or anonymise, each closed case as
    its retention requires on ``today``; return
    ``[{case_number, action, retention_end}]``."""
    today = today or date.today()
    done = []
    warnings = mails.Warnings()
    for case, state in candidates(today):
        end = retention_end(case, state)
        action = due_action(case, end, today) if end is not None else None
        if action is None:
            continue
        if action == WARN:
            warnings.add(case, end)
            remember_warning(case, end, today)
            note(case, "retention_warning", warning_note(end))
        elif action == ANONYMISE:
            anonymise(case)
        done.append({
            "case_number": case.case_number,
            "action": action,
            "retention_end": end.isoformat(),
        })
    warnings.send(earliest=today + NOTICE)
    return done
