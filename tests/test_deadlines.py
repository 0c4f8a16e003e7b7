"""Deadlines: Norwegian working days with the public holidays of the
``holidays`` library, four weeks for deviations, one week to confirm."""

from datetime import date
from datetime import datetime
from ntnu.casemgmt import deadlines

import pytest


@pytest.mark.parametrize(
    "received,expected",
    [
        (date(2026, 11, 23), date(2026, 11, 30)),  # Monday -> next Monday
        (date(2026, 11, 27), date(2026, 12, 4)),  # Friday -> next Friday
        (date(2026, 4, 1), date(2026, 4, 13)),  # Easter: 2, 3 and 6 April are holidays
        (date(2027, 5, 12), date(2027, 5, 20)),  # 13 May Ascension, 17 May Constitution Day
        (date(2026, 12, 23), date(2026, 12, 31)),  # 25 and 26 December; 24 December counts
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
    assert deadlines.deviation_deadline(datetime(2026, 11, 22, 10, 0)) == date(2026, 12, 20)
    assert deadlines.confirmation_deadline(date(2026, 11, 30)) == date(2026, 12, 7)


def test_bad_arguments():
    with pytest.raises(ValueError):
        deadlines.add_working_days(date(2026, 1, 1), -1)
    with pytest.raises(TypeError):
        deadlines.forward_deadline("2026-01-01")
