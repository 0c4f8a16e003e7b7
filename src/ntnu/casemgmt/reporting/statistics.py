"""Statistics and reports for the Education Quality Division and the
external reporting system (SPEC §7).

Everything here is computed from catalog metadata only (no case is woken
up) and contains no title, text, name or user id.

Notification figures are published on a fixed partition only: per calendar
month of receipt (a window is widened to whole months) x faculty x category
x state, never summed over months or over cells, and a figure from fewer
than ``threshold()`` cases is not published at all (nor is a zero). So no
answer tells that a case exists, and no two answers can be subtracted to
give a count finer than a published one (SPEC §7, issue 14 item 11).
Deviations keep exact counts.
"""

from calendar import monthrange
from collections import Counter
from collections import defaultdict
from datetime import date
from datetime import datetime
from datetime import timedelta
from itertools import chain
from Missing import MV
from ntnu.casemgmt.core.deadlines import catalog_date
from ntnu.casemgmt.core.deadlines import is_overdue
from ntnu.casemgmt.core.deadlines import OPEN_STATES
from plone import api

import operator
import re
import statistics as pystatistics


THRESHOLD_RECORD = "ntnu.casemgmt.statistics_threshold"
DEFAULT_THRESHOLD = 5
KINDS = {"Deviation": "deviations", "NotificationCase": "notifications"}
CENTRAL = "central"  # notification cases not yet forwarded to a faculty
#: the receipt dates a catalog range query is clamped to (no case is outside,
#: and a date such as 0001-01-01 or 9999-12-31 must not overflow)
EARLIEST = date(1900, 1, 1)
LATEST = date(2999, 12, 31)
#: what an answer says of the notification combinations it does not list
NOT_LISTED = (
    "Notification cases are counted per month of receipt (the window is widened "
    "to whole months). A combination of month, faculty, category and state (for "
    "overdue cases and days to close: month and faculty) that is not listed has "
    "fewer than {threshold} cases, possibly none."
)


class QueryError(ValueError):
    """A bad query parameter; the message names it."""


def threshold():
    """Smallest notification count that is shown (registry, default 5)."""
    value = api.portal.get_registry_record(THRESHOLD_RECORD, default=DEFAULT_THRESHOLD)
    return value if isinstance(value, int) and value > 0 else DEFAULT_THRESHOLD


#: The years a query may name (a case outside them does not exist; date
#: arithmetic at the edges of Python's calendar would fail).
YEARS = (1900, 2999)


def _check_year(name, day):
    if not YEARS[0] <= day.year <= YEARS[1]:
        raise QueryError(
            f"{name}: a year from {YEARS[0]} to {YEARS[1]}, not {day.year}."
        )
    return day


def parse_date(name, value):
    """A ``YYYY-MM-DD`` query parameter, or None when not given."""
    if value in (None, ""):
        return None
    try:
        day = date.fromisoformat(value)
    except (TypeError, ValueError):
        raise QueryError(f"{name}: use a date as YYYY-MM-DD, not {value!r}.") from None
    return _check_year(name, day)


def parse_month(value):
    """``YYYY-MM`` -> (first day, first day of the next month)."""
    try:
        if not re.fullmatch(r"\d{4}-\d{2}", value or ""):
            raise ValueError(value)
        year, month = (int(part) for part in value.split("-"))
        first = date(year, month, 1)
    except (TypeError, ValueError):
        raise QueryError(
            f"month: use YYYY-MM with a month from 01 to 12, not {value!r}."
        ) from None
    _check_year("month", first)
    following = date(year + (month == 12), month % 12 + 1, 1)
    return first, following


def check_faculty(code):
    """A faculty code that exists, or None when not given."""
    if code in (None, ""):
        return None
    catalog = api.portal.get_tool("portal_catalog")
    if not catalog.unrestrictedSearchResults(portal_type="Faculty", faculty=code):
        raise QueryError(f"faculty: unknown faculty {code!r}.")
    return code


def _one(name, value):
    """A query parameter given once, as text (``?a=1&a=2`` or a record is
    refused)."""
    if value is not None and not isinstance(value, str):
        raise QueryError(f"{name}: give one value.")
    return value


def parse_query(form):
    """``from``, ``to`` and ``faculty`` of a request's form, checked: the
    one reading of the filters of ``@case-statistics`` and ``@@statistics``.

    :param form: the request's form (a mapping)
    :returns: ``(start, end, faculty)``, each None when not given
    :raises QueryError: naming the parameter that is wrong
    """
    start = parse_date("from", _one("from", form.get("from")))
    end = parse_date("to", _one("to", form.get("to")))
    if start and end and end < start:
        raise QueryError("to: must not be before from.")
    faculty = check_faculty(_one("faculty", form.get("faculty")))
    return start, end, faculty


def parse_open(value):
    """The ``open`` parameter of ``@notification-report``: ``true`` or
    ``false`` (default false).

    :raises QueryError: for anything else
    """
    if value in (None, "", "false"):
        return False
    if value == "true":
        return True
    raise QueryError(f"open: true or false, not {value!r}.")


def month_of(value):
    """``YYYY-MM`` of a receipt time from the catalog's metadata, in the
    server's local time (as the catalog's date ranges), or None for none."""
    if value is None or value is MV:
        return None
    if hasattr(value, "asdatetime"):
        value = value.asdatetime()
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = value.astimezone()
    return f"{value.year:04d}-{value.month:02d}"


def month_window(start=None, end=None):
    """``[start, end]`` widened to whole calendar months (None stays open)."""
    first = start.replace(day=1) if start else None
    last = end.replace(day=monthrange(end.year, end.month)[1]) if end else None
    return first, last


def _clamp(day):
    return min(max(day, EARLIEST), LATEST)


def _shift(day, days):
    """``day`` moved by ``days`` within [EARLIEST, LATEST]; None stays None."""
    return _clamp(_clamp(day) + timedelta(days=days)) if day else None


def brains(start=None, end=None, faculty=None, portal_type=None):
    """Catalog entries of cases received in [start, end] (all users' cases:
    only aggregates leave this module); of one kind with ``portal_type``."""
    query = {"portal_type": [portal_type] if portal_type else list(KINDS)}
    if start or end:
        query["received"] = {
            "query": [
                datetime.combine(_clamp(start or EARLIEST), datetime.min.time()),
                datetime.combine(
                    _clamp(end or LATEST) + timedelta(days=1), datetime.min.time()
                ),
            ],
            "range": "min:max",
        }
    if faculty:
        query["faculty"] = faculty
    return api.portal.get_tool("portal_catalog").unrestrictedSearchResults(**query)


FIELDS = (
    "portal_type",
    "faculty",
    "category",
    "review_state",
    "deadline",
    "days_to_close",
    "received",
)


def rows(start=None, end=None, faculty=None, portal_type=None):
    """The metadata of matching cases as tuples in the order of ``FIELDS``
    (``None`` for a missing value; may include other types' records, which
    the caller skips by their portal_type).

    Reads the catalog's metadata records directly instead of making a
    brain per case: at 100 000 cases making brains is what costs. Without
    a filter it walks all records in storage order, which is many times
    faster than looking up each case's record by its id.
    """
    catalog = api.portal.get_tool("portal_catalog")._catalog
    if any(name not in catalog.schema for name in FIELDS):
        # an older catalog without these columns: the brains know them
        for brain in brains(start, end, faculty, portal_type):
            yield tuple(
                None if getattr(brain, n, None) is MV else getattr(brain, n, None)
                for n in FIELDS
            )
        return
    if start or end or faculty or portal_type:
        data = catalog.data
        records = (data[rid] for rid in brains(start, end, faculty, portal_type)._seq)
    else:
        records = catalog.data.values()
    getter = operator.itemgetter(*(catalog.schema[name] for name in FIELDS))
    for record in records:
        yield getter(record)


def percentile(values, fraction):
    """The value below which ``fraction`` of ``values`` lie (nearest rank)."""
    ordered = sorted(values)
    if not ordered:
        return None
    rank = max(1, -(-round(fraction * 100) * len(ordered) // 100))
    return ordered[min(rank, len(ordered)) - 1]


def case_statistics(start=None, end=None, faculty=None, today=None):
    """Counts per faculty x category x state, overdue counts and days to
    close. Deviations: exact, for cases received in [start, end].
    Notification cases: per month of receipt, for the months that [start,
    end] touches, only figures from at least ``threshold()`` cases (see
    the module's docstring)."""
    today = today or date.today()
    limit = threshold()
    first, last = month_window(start, end)
    low = month_of(first) if first else None
    high = month_of(last) if last else None
    if start or end:
        # two windows: the deviations' exact one, and whole months (a day
        # more on each side: the months themselves are told apart below, by
        # the same local time whatever the catalog's range makes of it)
        source = chain(
            rows(start, end, faculty, "Deviation"),
            rows(_shift(first, -2), _shift(last, 2), faculty, "NotificationCase"),
        )
    else:
        source = rows(None, None, faculty)
    cells, overdue, days = Counter(), Counter(), []
    notes, late, closing = Counter(), Counter(), defaultdict(list)
    for kind, where, category, state, deadline, closing_days, received in source:
        if kind == "Deviation":
            where = where or CENTRAL  # Missing.Value is false as well
            cells[(where, category or "", state)] += 1
            if is_overdue(kind, state, deadline, today):
                overdue[where] += 1
            if state == "closed" and isinstance(closing_days, (int, float)):
                days.append(closing_days)
        elif kind == "NotificationCase":
            month = month_of(received)
            if month is None or (low and month < low) or (high and month > high):
                continue
            where = where or CENTRAL
            notes[(month, where, category or "", state)] += 1
            if is_overdue(kind, state, deadline, today):
                late[(month, where)] += 1
            if state == "closed" and isinstance(closing_days, (int, float)):
                closing[(month, where)].append(closing_days)
    return {
        "from": start.isoformat() if start else None,
        "to": end.isoformat() if end else None,
        "faculty": faculty,
        "threshold": limit,
        "deviations": {
            "cells": [
                {
                    "faculty": f,
                    "category": c,
                    "review_state": s,
                    "count": n,
                    "suppressed": False,
                }
                for (f, c, s), n in sorted(cells.items())
            ],
            "overdue": [
                {"faculty": f, "count": n, "suppressed": False}
                for f, n in sorted(overdue.items())
            ],
            "days_to_close": {
                "closed": len(days),
                "median": round(pystatistics.median(days), 1) if days else None,
                "p90": round(percentile(days, 0.9), 1) if days else None,
            },
        },
        "notifications": {
            "from": first.isoformat() if first else None,
            "to": last.isoformat() if last else None,
            "not_listed": NOT_LISTED.format(threshold=limit),
            # no total, no sum over months or cells: only the cells themselves
            "cells": [
                {"month": m, "faculty": f, "category": c, "review_state": s, "count": n}
                for (m, f, c, s), n in sorted(notes.items())
                if n >= limit
            ],
            "overdue": [
                {"month": m, "faculty": f, "count": n}
                for (m, f), n in sorted(late.items())
                if n >= limit
            ],
            "days_to_close": [
                {
                    "month": m,
                    "faculty": f,
                    "median": round(pystatistics.median(values), 1),
                    "p90": round(percentile(values, 0.9), 1),
                }
                for (m, f), values in sorted(closing.items())
                if len(values) >= limit
            ],
        },
    }


def as_csv(result):
    """The cells and overdue counts of ``case_statistics`` as CSV text:
    the same rows as the JSON (notification rows by month, none below the
    threshold)."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([
        "case_type",
        "month",
        "faculty",
        "category",
        "review_state",
        "count",
    ])
    for cell in result["deviations"]["cells"]:
        writer.writerow([
            "Deviation",
            "",
            cell["faculty"],
            cell["category"],
            cell["review_state"],
            cell["count"],
        ])
    for cell in result["notifications"]["cells"]:
        writer.writerow([
            "NotificationCase",
            cell["month"],
            cell["faculty"],
            cell["category"],
            cell["review_state"],
            cell["count"],
        ])
    for cell in result["deviations"]["overdue"]:
        writer.writerow([
            "Deviation",
            "",
            cell["faculty"],
            "",
            "overdue",
            cell["count"],
        ])
    for cell in result["notifications"]["overdue"]:
        writer.writerow([
            "NotificationCase",
            cell["month"],
            cell["faculty"],
            "",
            "overdue",
            cell["count"],
        ])
    return out.getvalue()


def notification_report(first, following, open_only=False):
    """The monthly list: notification cases received in the month, without
    names: case number, faculty, category, received, state.

    :param open_only: instead every case still open that was received
        before ``following`` (the month's and the earlier months' backlog)
    """
    items = []
    start = None if open_only else first
    for brain in brains(start, following - timedelta(days=1)):
        if brain.portal_type != "NotificationCase":
            continue
        if open_only and brain.review_state not in OPEN_STATES["NotificationCase"]:
            continue
        received = brain.received
        items.append({
            "case_number": brain.case_number,
            "faculty": brain.faculty or CENTRAL,
            "category": brain.category,
            "received": catalog_date(received).isoformat() if received else None,
            "review_state": brain.review_state,
        })
    items.sort(key=lambda item: item["case_number"] or "")
    return items


def last_months(months=12, today=None):
    """(first day of the month ``months - 1`` months back, ``today``)."""
    today = today or date.today()
    start = today.replace(day=1)
    for _ in range(months - 1):
        start = (start - timedelta(days=1)).replace(day=1)
    return start, today


def per_month(months=12, today=None):
    """``{(YYYY-MM, faculty): count}`` of deviations received in the last
    months (exact). Notification cases are not counted here: a count per
    month and faculty would be a sum over cells; their figures are the
    cells of ``case_statistics`` (per month, none below the threshold)."""
    start, today = last_months(months, today)
    return deviations_per_month(start, today)


def deviations_per_month(start=None, end=None, faculty=None):
    """``{(YYYY-MM, faculty): count}`` of deviations received in [start,
    end] (exact), as ``per_month`` for any window and faculty."""
    counter = Counter()
    for kind, where, _category, _state, _deadline, _days, received in rows(
        start, end, faculty, "Deviation"
    ):
        month = month_of(received)
        if kind == "Deviation" and month:
            counter[(month, where or CENTRAL)] += 1
    return counter
