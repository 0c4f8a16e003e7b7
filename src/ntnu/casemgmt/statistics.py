"""Statistics and reports for the Education Quality Division and the
external reporting system (SPEC §7).

Everything here is computed from catalog metadata only (no case is woken
up) and contains no title, text, name or user id. Counts of notification
cases below a threshold are suppressed, so that nobody can be singled out.
"""

from collections import Counter
from datetime import date
from datetime import datetime
from datetime import timedelta
from Missing import MV
from ntnu.casemgmt.deviation import OPEN_STATES as DEVIATION_OPEN
from ntnu.casemgmt.notification import OPEN_STATES as NOTIFICATION_OPEN
from plone import api

import operator
import re
import statistics as pystatistics


THRESHOLD_RECORD = "ntnu.casemgmt.statistics_threshold"
DEFAULT_THRESHOLD = 5
KINDS = {"Deviation": "deviations", "NotificationCase": "notifications"}
OPEN = {"Deviation": DEVIATION_OPEN, "NotificationCase": NOTIFICATION_OPEN}
OPEN_ANY = tuple(sorted(set(DEVIATION_OPEN) | set(NOTIFICATION_OPEN)))  # of either kind
CENTRAL = "central"  # notification cases not yet forwarded to a faculty


class QueryError(ValueError):
    """A bad query parameter; the message names it."""


def threshold():
    """Smallest notification count that is shown (registry, default 5)."""
    value = api.portal.get_registry_record(THRESHOLD_RECORD, default=DEFAULT_THRESHOLD)
    return value if isinstance(value, int) and value > 0 else DEFAULT_THRESHOLD


def parse_date(name, value):
    """A ``YYYY-MM-DD`` query parameter, or None when not given."""
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise QueryError(f"{name}: use a date as YYYY-MM-DD, not {value!r}.")


def parse_month(value):
    """``YYYY-MM`` -> (first day, first day of the next month)."""
    try:
        if not re.fullmatch(r"\d{4}-\d{2}", value or ""):
            raise ValueError(value)
        year, month = (int(part) for part in value.split("-"))
        first = date(year, month, 1)
    except (TypeError, ValueError):
        raise QueryError(f"month: use YYYY-MM with a month from 01 to 12, not {value!r}.")
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


def catalog_date(value):
    """A date from the catalog's metadata (a DateTime, datetime or date),
    or ``None`` for none."""
    if value is None or value is MV:
        return None
    if hasattr(value, "asdatetime"):
        return value.asdatetime().date()
    if isinstance(value, datetime):
        return value.date()
    return value


def is_overdue(portal_type, review_state, deadline, today=None):
    """True for a case that is still open and was due before ``today``:
    the one rule behind every "overdue" of the lists, ``@cases`` and the
    statistics, from catalog metadata (``deadline`` as the catalog has it)."""
    if review_state not in OPEN.get(portal_type, ()):
        return False  # before the date: statistics ask this of every case, most are closed
    deadline = catalog_date(deadline)
    return bool(deadline and deadline < (today or date.today()))


def brains(start=None, end=None, faculty=None):
    """Catalog entries of cases received in [start, end] (all users' cases:
    only aggregates leave this module)."""
    query = {"portal_type": list(KINDS)}
    if start or end:
        query["received"] = {
            "query": [
                datetime.combine(start or date(1970, 1, 1), datetime.min.time()),
                datetime.combine((end or date(2999, 12, 31)) + timedelta(days=1), datetime.min.time()),
            ],
            "range": "min:max",
        }
    if faculty:
        query["faculty"] = faculty
    return api.portal.get_tool("portal_catalog").unrestrictedSearchResults(**query)


FIELDS = ("portal_type", "faculty", "category", "review_state", "deadline", "days_to_close")


def rows(start=None, end=None, faculty=None):
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
        for brain in brains(start, end, faculty):
            yield tuple(None if getattr(brain, n, None) is MV else getattr(brain, n, None) for n in FIELDS)
        return
    if start or end or faculty:
        data = catalog.data
        records = (data[rid] for rid in brains(start, end, faculty)._seq)
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
    rank = max(1, -(-int(round(fraction * 100)) * len(ordered) // 100))
    return ordered[min(rank, len(ordered)) - 1]


def case_statistics(start=None, end=None, faculty=None, today=None):
    """Counts per faculty x category x state, overdue counts and days to
    close, per kind of case; small notification counts suppressed."""
    today = today or date.today()
    limit = threshold()
    cells = {kind: Counter() for kind in KINDS}
    overdue = {kind: Counter() for kind in KINDS}
    days = {kind: [] for kind in KINDS}
    for kind, where, category, state, deadline, closing_days in rows(start, end, faculty):
        if kind not in cells:
            continue
        where = where or CENTRAL  # Missing.Value is false as well
        cells[kind][(where, category or "", state)] += 1
        if is_overdue(kind, state, deadline, today):
            overdue[kind][where] += 1
        if state == "closed" and isinstance(closing_days, (int, float)):
            days[kind].append(closing_days)
    result = {
        "from": start.isoformat() if start else None,
        "to": end.isoformat() if end else None,
        "faculty": faculty,
        "threshold": limit,
    }
    for kind, key in KINDS.items():
        suppress = kind == "NotificationCase"

        def count(value):
            if suppress and 0 < value < limit:
                return {"count": None, "suppressed": True}
            return {"count": value, "suppressed": False}

        closed = days[kind]
        enough = not suppress or len(closed) >= limit
        result[key] = {
            "cells": [
                dict(faculty=f, category=c, review_state=s, **count(n))
                for (f, c, s), n in sorted(cells[kind].items())
            ],
            "overdue": [dict(faculty=f, **count(n)) for f, n in sorted(overdue[kind].items())],
            "days_to_close": {
                "closed": count(len(closed))["count"],
                "median": round(pystatistics.median(closed), 1) if closed and enough else None,
                "p90": round(percentile(closed, 0.9), 1) if closed and enough else None,
            },
        }
    return result


def as_csv(result):
    """The cells of ``case_statistics`` as CSV text."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["case_type", "faculty", "category", "review_state", "count"])
    for kind, key in KINDS.items():
        for cell in result[key]["cells"]:
            writer.writerow(
                [kind, cell["faculty"], cell["category"], cell["review_state"],
                 "" if cell["count"] is None else cell["count"]]
            )
    for kind, key in KINDS.items():
        for cell in result[key]["overdue"]:
            writer.writerow([kind, cell["faculty"], "", "overdue", "" if cell["count"] is None else cell["count"]])
    return out.getvalue()


def notification_report(first, following):
    """The monthly list: notification cases received in the month, without
    names: case number, faculty, category, received, state."""
    items = []
    for brain in brains(first, following - timedelta(days=1)):
        if brain.portal_type != "NotificationCase":
            continue
        received = brain.received
        items.append(
            {
                "case_number": brain.case_number,
                "faculty": brain.faculty or CENTRAL,
                "category": brain.category,
                "received": catalog_date(received).isoformat() if received else None,
                "review_state": brain.review_state,
            }
        )
    items.sort(key=lambda item: item["case_number"] or "")
    return items


def per_month(months=12, today=None):
    """``{(YYYY-MM, faculty): count}`` of cases received in the last months."""
    today = today or date.today()
    start = today.replace(day=1)
    for _ in range(months - 1):
        start = (start - timedelta(days=1)).replace(day=1)
    counter = Counter()
    for brain in brains(start, today):
        received = catalog_date(brain.received)
        if received:
            counter[(received.strftime("%Y-%m"), brain.faculty or CENTRAL)] += 1
    return counter
