"""Case numbers are unique, also when two transactions draw at once."""

from helpers import make_deviation
from ntnu.casemgmt.core.casenumbers import next_case_number
from plone import api
from ZODB.POSException import ConflictError

import pytest
import re
import threading
import transaction


def test_format_and_sequence(portal):
    first = next_case_number("Deviation", year=2031)
    second = next_case_number("Deviation", year=2031)
    assert first == "AVVIK-2031-00001"
    assert second == "AVVIK-2031-00002"
    assert next_case_number("NotificationCase", year=2031) == "VARSEL-2031-00001"


def test_unknown_type_refused(portal):
    with pytest.raises(ValueError):
        next_case_number("Document")


def test_unique_across_200_creations(portal):
    with api.env.adopt_roles(["Manager"]):
        faculty = api.content.create(
            container=portal["faculties"], type="Faculty", title="Numbers", code="nr"
        )
        numbers = [
            make_deviation(
                faculty,
                title=f"Case {i}",
                category="other",
                event_description="x",
                prior_attempts="y",
            ).case_number
            for i in range(200)
        ]
    assert len(set(numbers)) == 200
    assert all(re.fullmatch(r"AVVIK-\d{4}-\d{5}", n) for n in numbers)
    assert len(faculty.objectIds()) == 200


def _site(connection):
    return connection.root()["Application"]["plone"]


def test_concurrent_commit_conflicts_instead_of_duplicating(functional):
    """Two connections draw from the same counter: the later commit fails
    with a ConflictError (the publisher retries such a request), so no
    number is ever handed out twice."""
    db = functional["zodbDB"]
    tm1, tm2 = transaction.TransactionManager(), transaction.TransactionManager()
    conn1, conn2 = db.open(transaction_manager=tm1), db.open(transaction_manager=tm2)
    try:
        # make sure the counter exists, so both transactions write one object
        next_case_number("Deviation", year=2040, site=_site(conn1))
        tm1.commit()
        conn2.sync()
        first = next_case_number("Deviation", year=2040, site=_site(conn1))
        second = next_case_number("Deviation", year=2040, site=_site(conn2))
        assert first == second == "AVVIK-2040-00002"  # both drew from the same state
        tm1.commit()
        with pytest.raises(ConflictError):
            tm2.commit()
        tm2.abort()
        retried = next_case_number("Deviation", year=2040, site=_site(conn2))
        tm2.commit()
        assert retried == "AVVIK-2040-00003"
    finally:
        tm1.abort()
        tm2.abort()
        conn1.close()
        conn2.close()


def test_threads_with_retries_get_unique_numbers(functional):
    """Two threads with their own connections draw 100 numbers each,
    retrying on conflict as Zope's publisher does: 200 distinct numbers."""
    db = functional["zodbDB"]
    results = {1: [], 2: []}
    conflicts = {1: 0, 2: 0}
    start = threading.Barrier(2)

    def worker(key):
        tm = transaction.TransactionManager()
        conn = db.open(transaction_manager=tm)
        try:
            start.wait(timeout=30)
            for _ in range(100):
                for _attempt in range(50):
                    try:
                        conn.sync()
                        number = next_case_number(
                            "NotificationCase", year=2041, site=_site(conn)
                        )
                        tm.commit()
                        results[key].append(number)
                        break
                    except ConflictError:
                        tm.abort()
                        conflicts[key] += 1
                else:
                    raise AssertionError("no commit in 50 attempts")
        finally:
            tm.abort()
            conn.close()

    threads = [threading.Thread(target=worker, args=(key,)) for key in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    numbers = results[1] + results[2]
    assert len(numbers) == 200
    assert len(set(numbers)) == 200
    assert sorted(numbers) == [f"VARSEL-2041-{i:05d}" for i in range(1, 201)]
