"""Deadlines: Norwegian working days with the public holidays of the
``holidays`` library, four weeks for deviations, one week to confirm."""

from DateTime import DateTime
from datetime import date
from datetime import datetime
from Missing import MV
from ntnu.casemgmt.core import deadlines

import pytest


@pytest.mark.parametrize(
    "received,expected",
    [
        (date(2026, 11, 23), date(2026, 11, 30)),  # Monday -> next Monday
        (date(2026, 11, 27), date(2026, 12, 4)),  # Friday -> next Friday
        (date(2026, 4, 1), date(2026, 4, 13)),  # Easter: 2, 3 and 6 April are holidays
        (
            date(2027, 5, 12),
            date(2027, 5, 20),
        ),  # 13 May Ascension, 17 May Constitution Day
        (
            date(2026, 12, 23),
            date(2026, 12, 31),
        ),  # 25 and 26 December; 24 December counts
        (datetime(2026, 11, 23, 23, 59), date(2026, 11, 30)),
    ],
)
def test_forward_deadline_in_working_days(received, expected):
    assert deadlines.forward_deadline(received) == expected


@pytest.mark.parametrize(
    "day,working",
    [
        (date(2026, 5, 1), False),  # Labour Day
        (date(2026, 5, 17), False),  # Sunday and Constitution Day
        (date(2026, 5, 25), False),  # Whit Monday
        (date(2026, 12, 24), True),  # Christmas Eve is not a public holiday
        (date(2026, 12, 25), False),
        (date(2026, 11, 23), True),
    ],
)
def test_working_days(day, working):
    assert deadlines.is_working_day(day) is working


def test_deviation_and_confirmation_deadlines():
    assert deadlines.deviation_deadline(datetime(2026, 11, 22, 10, 0)) == date(
        2026, 12, 20
    )
    assert deadlines.confirmation_deadline(date(2026, 11, 30)) == date(2026, 12, 7)


def test_bad_arguments():
    with pytest.raises(ValueError):
        deadlines.add_working_days(date(2026, 1, 1), -1)
    with pytest.raises(TypeError):
        deadlines.forward_deadline("2026-01-01")


class TestOverdue:
    """deadlines.is_overdue: the one rule behind every "overdue" mark."""

    TODAY = date(2026, 11, 23)

    @pytest.mark.parametrize(
        "portal_type,state,deadline,expected",
        [
            ("Deviation", "in_progress", date(2026, 11, 22), True),
            (
                "Deviation",
                "submitted",
                DateTime("2026/11/01 00:00:00 GMT+1"),
                True,
            ),  # as the catalog has it
            ("NotificationCase", "investigation", datetime(2026, 11, 20, 12, 0), True),
            ("Deviation", "in_progress", date(2026, 11, 23), False),  # due today
            ("Deviation", "closed", date(2026, 1, 1), False),
            ("NotificationCase", "rejected", date(2026, 1, 1), False),
            ("Deviation", "in_progress", None, False),
            ("Deviation", "in_progress", MV, False),
            ("Document", "published", date(2026, 1, 1), False),
        ],
    )
    def test_open_and_due_before_today(self, portal_type, state, deadline, expected):
        assert (
            deadlines.is_overdue(portal_type, state, deadline, self.TODAY) is expected
        )

    def test_closed_case_deadline_is_not_converted(self, monkeypatch):
        """The statistics ask this of every case, most of them closed: the
        state decides first, the deadline is converted only for open cases
        (converting 100 000 DateTimes made @case-statistics 1.6x slower)."""
        converted = []
        monkeypatch.setattr(
            deadlines, "catalog_date", lambda value: converted.append(value) or None
        )
        assert (
            deadlines.is_overdue("Deviation", "closed", date(2026, 1, 1), self.TODAY)
            is False
        )
        assert converted == []
        deadlines.is_overdue("Deviation", "in_progress", date(2026, 1, 1), self.TODAY)
        assert converted == [date(2026, 1, 1)]

    def test_catalog_date(self):
        assert deadlines.catalog_date(DateTime("2026/11/23 00:00:00 GMT+1")) == date(
            2026, 11, 23
        )
        assert deadlines.catalog_date(datetime(2026, 11, 23, 23, 59)) == date(
            2026, 11, 23
        )
        assert deadlines.catalog_date(date(2026, 11, 23)) == date(2026, 11, 23)
        assert deadlines.catalog_date(None) is None
        assert deadlines.catalog_date(MV) is None
