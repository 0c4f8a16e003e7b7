"""When a case is due and whether it is overdue: the one home of the rule.

The deadlines of SPEC §3 and the working-day arithmetic behind them; the
due date of a case by its state (``due_date``, what the catalog indexes as
``deadline``); which states are open; and ``is_overdue``, the one rule
behind every "overdue" of the lists, ``@cases``, the statistics and the
reminder jobs.

Norwegian public holidays come from the ``holidays`` library, which is kept
up to date upstream (moveable feasts such as Easter and Whitsun included).
"""

from datetime import date
from datetime import datetime
from datetime import timedelta
from functools import lru_cache
from Missing import MV

import holidays


#: Forvaltningsloven § 11a: a reply, or a preliminary reply, within four weeks.
DEVIATION_DAYS = 28

#: The states in which a case is still being handled.
OPEN_STATES = {
    "Deviation": ("submitted", "in_progress"),
    "NotificationCase": (
        "received",
        "committee",
        "forwarded",
        "investigation",
        "assessment",
        "measures",
        "follow_up",
        "escalated",
    ),
}

#: Open states of either kind, for queries over both.
OPEN_ANY = tuple(sorted(set().union(*OPEN_STATES.values())))

#: The central reception forwards a notification within five working days.
FORWARD_WORKING_DAYS = 5

#: The faculty confirms receipt of a notification within one week.
CONFIRMATION_DAYS = 7


def _as_date(value):
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raise TypeError(f"expected a date or datetime, got {value!r}")


@lru_cache(maxsize=32)
def _holidays(year):
    return holidays.Norway(years=year)


def is_working_day(day):
    """True for Monday to Friday unless it is a Norwegian public holiday."""
    day = _as_date(day)
    return day.weekday() < 5 and day not in _holidays(day.year)


def add_working_days(start, days):
    """The date ``days`` Norwegian working days after ``start``.

    The day of ``start`` itself does not count, as with legal time limits.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    day = _as_date(start)
    while days:
        day += timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day


#: A notification case is to be finished this many weeks after it was
#: acknowledged, unless the registry says otherwise (SPEC §3).
NOTIFICATION_WEEKS = 8
NOTIFICATION_WEEKS_RECORD = "ntnu.casemgmt.notification_weeks"


def deviation_deadline(received):
    """Default deadline of a deviation: four weeks after receipt."""
    return _as_date(received) + timedelta(days=DEVIATION_DAYS)


def forward_deadline(received):
    """Last day for the central reception to forward a notification."""
    return add_working_days(received, FORWARD_WORKING_DAYS)


def notification_deadline(acknowledged):
    """The unit's date for finishing a notification case."""
    from plone import api

    weeks = api.portal.get_registry_record(
        NOTIFICATION_WEEKS_RECORD, default=NOTIFICATION_WEEKS
    )
    weeks = weeks if isinstance(weeks, int) and weeks > 0 else NOTIFICATION_WEEKS
    return _as_date(acknowledged) + timedelta(weeks=weeks)


def confirmation_deadline(forwarded):
    """Last day for the faculty to confirm receipt of a notification."""
    return _as_date(forwarded) + timedelta(days=CONFIRMATION_DAYS)


#: The due date of a case by its state (SPEC §3): the field that holds it,
#: or no entry when a case in that state is due for nothing.
DUE_FIELD = {
    "Deviation": {
        "submitted": "deadline",
        "in_progress": "deadline",
    },
    "NotificationCase": {
        "received": "forward_deadline",
        "forwarded": "confirmation_deadline",
        "investigation": "deadline",
        "assessment": "deadline",
        "measures": "deadline",
        "follow_up": "deadline",
        "escalated": "deadline",
    },
}


#: What the catalog holds for a case that is due for nothing (closed,
#: rejected, with the committee): a date after every real one, so such
#: cases sort last instead of dropping out of lists sorted by due date
#: (ZCatalog leaves out what an index of the sort has no value for).
#: ``statistics.catalog_date`` reads it back as None.
NO_DUE_DATE = date(2999, 12, 31)


def due_date(case, state):
    """The date ``case`` in ``state`` is due, or None (SPEC §3): the
    deviation's deadline while it is open; a notification case's forward
    deadline while it is in the central reception (none while it is with
    the external committee: ``committee`` has no entry), its confirmation
    deadline once forwarded, its deadline while the unit handles it."""
    name = DUE_FIELD.get(case.portal_type, {}).get(state)
    return getattr(case, name, None) if name else None


def days_left(due, today=None):
    """Days until ``due`` (negative when past), or None for no due date."""
    return None if due is None else (due - (today or date.today())).days


def catalog_date(value):
    """A due date or a receipt time from the catalog's metadata (a
    DateTime, datetime or date) as a date; None for none (``NO_DUE_DATE``
    included)."""
    if value is None or value is MV:
        return None
    if hasattr(value, "asdatetime"):
        value = value.asdatetime().date()
    elif isinstance(value, datetime):
        value = value.date()
    return None if value == NO_DUE_DATE else value


def is_overdue(portal_type, review_state, due, today=None):
    """True for a case that is still open and was due before ``today``, from
    what the catalog holds (``due`` as its ``deadline`` column)."""
    if review_state not in OPEN_STATES.get(portal_type, ()):
        return (
            False  # before the date: statistics ask this of every case, most are closed
        )
    due = catalog_date(due)
    return bool(due and due < (today or date.today()))


def case_is_overdue(case, today=None):
    """``is_overdue`` of a case object."""
    from plone import api

    state = api.content.get_state(case, default=None)
    return is_overdue(case.portal_type, state, due_date(case, state), today)
