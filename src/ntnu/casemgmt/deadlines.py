"""Deadlines of SPEC §3 and the working-day arithmetic behind them.

Norwegian public holidays come from the ``holidays`` library, which is kept
up to date upstream (moveable feasts such as Easter and Whitsun included).
"""

from datetime import date
from datetime import datetime
from datetime import timedelta
from functools import lru_cache

import holidays


#: Forvaltningsloven § 11a: a reply, or a preliminary reply, within four weeks.
DEVIATION_DAYS = 28

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


def deviation_deadline(received):
    """Default deadline of a deviation: four weeks after receipt."""
    return _as_date(received) + timedelta(days=DEVIATION_DAYS)


def forward_deadline(received):
    """Last day for the central reception to forward a notification."""
    return add_working_days(received, FORWARD_WORKING_DAYS)


def confirmation_deadline(forwarded):
    """Last day for the faculty to confirm receipt of a notification."""
    return _as_date(forwarded) + timedelta(days=CONFIRMATION_DAYS)
