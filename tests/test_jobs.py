"""Scheduled jobs: overdue reminders once per deadline, expired hearings
closed; safe to run twice; the console script drives a running site."""

from datetime import date
from datetime import timedelta
from helpers import DEVIATION
from helpers import make_deviation
from ntnu.casemgmt.core import jobs
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD

import json
import pytest
import transaction


@pytest.fixture
def portal(demo_functional):
    return demo_functional["portal"]


def approved_case(portal, deadline):
    with api.env.adopt_user(username="student1"):
        case = make_deviation(portal["faculties"]["ie"], **DEVIATION)
    with api.env.adopt_user(username="reception-ie"):
        case.case_worker = "caseworker-ie"
        api.content.transition(obj=case, transition="approve")
    case.deadline = deadline
    case.reindexObject()
    return case


def run_jobs(monkeypatch, argv=()):
    monkeypatch.setenv("CASEMGMT_JOBS_USER", SITE_OWNER_NAME)
    monkeypatch.setenv("CASEMGMT_JOBS_PASSWORD", SITE_OWNER_PASSWORD)
    return jobs.main(["--url", api.portal.get().absolute_url(), *argv])


def test_overdue_reminder_once(portal, mailbox, monkeypatch, capsys):
    overdue = approved_case(portal, date.today() - timedelta(days=2))
    on_time = approved_case(portal, date.today() + timedelta(days=2))
    transaction.commit()
    mailbox.clear()
    assert run_jobs(monkeypatch) == 0
    assert overdue.case_number in capsys.readouterr().out
    worker = mailbox.to("caseworker-ie@example.org")
    assert len(worker) == 1
    assert overdue.case_number in worker[0]["subject"]
    assert "preliminary reply" in worker[0]["body"]
    assert len(mailbox.to("reception-ie@example.org")) == 1
    assert len(mailbox.to("ie-reception@example.org")) == 1
    assert not [m for m in mailbox.messages() if on_time.case_number in m["subject"]]
    # a second run the same day (or the next) sends nothing new
    mailbox.clear()
    assert run_jobs(monkeypatch) == 0
    assert mailbox.messages() == []


def test_new_deadline_that_passes_is_reminded_again(portal, mailbox, monkeypatch):
    case = approved_case(portal, date.today() - timedelta(days=10))
    transaction.commit()
    run_jobs(monkeypatch)
    transaction.begin()
    case.deadline = date.today() - timedelta(days=1)
    case.reindexObject()
    transaction.commit()
    mailbox.clear()
    run_jobs(monkeypatch)
    assert len(mailbox.to("caseworker-ie@example.org")) == 1


def test_another_date_is_a_dry_run(portal, mailbox, monkeypatch, capsys):
    """As if it were a week later (SPEC §7: another date only as a dry
    run): the answer names every case that would be reminded, nothing is
    sent and nothing is remembered, so the real run on that day still
    reminds."""
    case = approved_case(portal, date.today() + timedelta(days=3))
    transaction.commit()
    mailbox.clear()
    assert (
        run_jobs(
            monkeypatch, ["--date", (date.today() + timedelta(days=7)).isoformat()]
        )
        == 0
    )
    answer = json.loads(capsys.readouterr().out)
    assert answer["dry_run"] is True
    assert case.case_number in answer["jobs"]["overdue_reminders"]
    assert mailbox.messages() == []
    transaction.begin()
    assert getattr(case, "_overdue_reminded", None) is None


def test_closed_case_is_not_reminded(portal, mailbox, monkeypatch):
    case = approved_case(portal, date.today() - timedelta(days=2))
    with api.env.adopt_user(username="caseworker-ie"):
        api.content.transition(obj=case, transition="close", comment="done")
    transaction.commit()
    mailbox.clear()
    run_jobs(monkeypatch)
    assert mailbox.to("caseworker-ie@example.org") == []


def test_expired_hearing_is_closed(portal, monkeypatch):
    case = approved_case(portal, date.today() + timedelta(days=10))
    with api.env.adopt_user(username="caseworker-ie"):
        hearing = api.content.create(
            container=case,
            type="Hearing",
            title="H",
            question="?",
            participants=["staff1"],
            deadline=date.today() - timedelta(days=1),
        )
    transaction.commit()
    run_jobs(monkeypatch)
    transaction.begin()
    assert api.content.get_state(hearing) == "closed"
    assert not api.user.has_permission("View", username="staff1", obj=case)


def test_jobs_need_a_manager(portal, monkeypatch, capsys):
    monkeypatch.setenv("CASEMGMT_JOBS_USER", "reception-ie")
    monkeypatch.setenv("CASEMGMT_JOBS_PASSWORD", "demodemo")
    assert jobs.main(["--url", portal.absolute_url()]) == 1
    assert "401" in capsys.readouterr().err


def test_bad_date_is_400(portal, monkeypatch, capsys):
    assert run_jobs(monkeypatch, ["--date", "2026-13-01"]) == 1
    assert "400" in capsys.readouterr().err


def test_unreachable_site(monkeypatch, capsys):
    assert jobs.main(["--url", "http://127.0.0.1:9/Plone"]) == 2
