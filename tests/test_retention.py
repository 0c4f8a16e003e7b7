"""Retention (SPEC §11, issue 20): a closed case is announced to its
faculty 30 days before its retention ends and anonymised only when it has
ended and the warning is 30 days old; a legal hold keeps it; a job that
did not run for a while warns first. Time is moved by the ``today`` the
job is run with (over HTTP: the dry run of ``@casemgmt-jobs``)."""

from datetime import date
from datetime import timedelta
from helpers import Client
from helpers import DEVIATION
from helpers import make_deviation
from ntnu.casemgmt.reporting import statistics
from ntnu.casemgmt.retention import schedule
from ntnu.casemgmt.retention.anonymise import anonymise
from ntnu.casemgmt.retention.anonymise import is_anonymised
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from test_notification_security import make_notification
from world import WORLD_FUNCTIONAL_TESTING
from zope.annotation.interfaces import IAnnotations

import io
import json
import pickletools
import pytest
import re
import transaction


@pytest.fixture
def portal(demo_functional):
    return demo_functional["portal"]


def closed_deviation(portal, **fields):
    with api.env.adopt_user(username="student1"):
        case = make_deviation(portal["faculties"]["ie"], **dict(DEVIATION, **fields))
    with api.env.adopt_user(username="reception-ie"):
        case.case_worker = "caseworker-ie"
        api.content.transition(obj=case, transition="approve")
    with api.env.adopt_user(username="caseworker-ie"):
        api.content.transition(
            obj=case, transition="close", comment="Solved with the coordinator."
        )
    return case


def end_of(case):
    return schedule.retention_end(case, api.content.get_state(case))


def run(day):
    """The job as of ``day``, committed (mails are sent at commit)."""
    done = schedule.retention(day)
    transaction.commit()
    return {item["case_number"]: item["action"] for item in done}


def test_retention_ends_years_after_closing(portal):
    deviation = closed_deviation(portal)
    case = make_notification(portal, "closed")
    today = date.today()
    assert end_of(deviation) == schedule.add_years(today, 5)
    assert end_of(case) == schedule.add_years(today, 10)
    api.portal.set_registry_record("ntnu.casemgmt.retention_years_deviation", 3)
    assert end_of(deviation) == schedule.add_years(today, 3)
    assert schedule.add_years(date(2028, 2, 29), 5) == date(2033, 2, 28)


def test_rejected_deviation_counts_from_its_rejection(portal):
    with api.env.adopt_user(username="student1"):
        case = make_deviation(portal["faculties"]["ie"], **DEVIATION)
    with api.env.adopt_user(username="reception-ie"):
        api.content.transition(obj=case, transition="reject", comment="Not ours.")
    assert end_of(case) == schedule.add_years(date.today(), 5)


def test_warning_first_then_anonymised_30_days_after_it(portal, mailbox):
    case = closed_deviation(portal)
    number = case.case_number
    api.user.get(userid="reception-ie").setMemberProperties({"language": "nb"})
    transaction.commit()
    end = end_of(case)
    mailbox.clear()
    assert run(end - timedelta(days=31)) == {}
    # late: 10 days before the end
    assert run(end - timedelta(days=10)) == {number: "warn"}
    assert (
        IAnnotations(case)[schedule.KEY]["warned"]
        == (end - timedelta(days=10)).isoformat()
    )
    (english,) = mailbox.to("ie-reception@example.org")  # the faculty's address
    assert number in english["body"] and case.absolute_url() in english["body"]
    assert "anonymised" in english["body"]
    assert DEVIATION["title"] not in english["body"]
    (norwegian,) = mailbox.to("reception-ie@example.org")  # in their language
    assert number in norwegian["body"]
    assert "anonymisert" in norwegian["body"]
    # the end of retention as each reader writes dates (core/dates.py)
    assert end.isoformat() in english["body"]
    assert end.strftime("%d.%m.%Y") in norwegian["body"]
    assert end.isoformat() not in norwegian["body"]
    assert mailbox.to("caseworker-ie@example.org") == []
    mailbox.clear()
    # the end has come, but the warning is 10 days old: nothing yet
    assert run(end) == {}
    assert run(end + timedelta(days=19)) == {}
    assert not is_anonymised(case)
    assert case.event_description == DEVIATION["event_description"]
    # 30 days after the warning
    assert run(end + timedelta(days=20)) == {number: "anonymise"}
    assert is_anonymised(case)
    assert case.event_description is None
    assert case.title == number
    assert case.category == DEVIATION["category"]
    assert api.content.get_state(case) == "closed"
    assert mailbox.messages() == []
    # done once
    assert run(end + timedelta(days=400)) == {}
    history = case.workflow_history["casemgmt_deviation_workflow"]
    assert history[-1]["action"] == "anonymise"
    assert history[-1]["comments"] == "Anonymised under the retention rule."


def test_legal_hold_keeps_the_case(portal, mailbox):
    case = closed_deviation(portal)
    number = case.case_number
    case.legal_hold = True
    transaction.commit()
    end = end_of(case)
    mailbox.clear()
    assert run(end - timedelta(days=30)) == {number: "legal_hold"}
    assert run(end + timedelta(days=3650)) == {number: "legal_hold"}
    assert mailbox.messages() == []
    assert not is_anonymised(case)
    assert case.event_description == DEVIATION["event_description"]
    # lifted: warned first, however late
    case.legal_hold = False
    transaction.commit()
    later = end + timedelta(days=4000)
    assert run(later) == {number: "warn"}
    assert len(mailbox.to("ie-reception@example.org")) == 1
    assert run(later + timedelta(days=29)) == {}
    assert run(later + timedelta(days=30)) == {number: "anonymise"}


def test_after_a_long_pause_the_job_warns_first(portal, mailbox):
    case = closed_deviation(portal)
    number = case.case_number
    transaction.commit()
    end = end_of(case)
    mailbox.clear()
    long_after = end + timedelta(days=700)
    assert run(long_after) == {number: "warn"}
    assert not is_anonymised(case)
    assert run(long_after + timedelta(days=29)) == {}
    assert not is_anonymised(case)
    assert run(long_after + timedelta(days=31)) == {number: "anonymise"}


def test_warning_again_when_the_end_changes(portal, mailbox):
    """A reopened case closed again ends later: the old warning does not
    count for the new end."""
    case = closed_deviation(portal)
    number = case.case_number
    transaction.commit()
    end = end_of(case)
    assert run(end - timedelta(days=30)) == {number: "warn"}
    with api.env.adopt_user(username="reception-ie"):
        api.content.transition(obj=case, transition="reopen")
    with api.env.adopt_user(username="caseworker-ie"):
        api.content.transition(obj=case, transition="close", comment="Again.")
    case.closed = case.closed + timedelta(days=100)
    case.reindexObject(idxs=["closed"])
    transaction.commit()
    new_end = end_of(case)
    assert new_end > end + timedelta(days=90)
    assert run(new_end) == {number: "warn"}
    assert run(new_end + timedelta(days=30)) == {number: "anonymise"}


def test_one_warning_per_unit_listing_its_cases(portal, mailbox):
    first = make_notification(portal, "closed")
    second = make_notification(portal, "closed")
    deviation = closed_deviation(portal)
    transaction.commit()
    mailbox.clear()
    day = max(end_of(first), end_of(second)) - timedelta(days=1)
    assert run(day) == {
        first.case_number: "warn",
        second.case_number: "warn",
        deviation.case_number: "warn",
    }
    (unit,) = mailbox.to("varsling-ie@example.org")
    assert first.case_number in unit["body"] and second.case_number in unit["body"]
    assert deviation.case_number not in unit["body"]
    assert "what happened" not in unit["body"]
    (reception,) = mailbox.to("ie-reception@example.org")
    assert deviation.case_number in reception["body"]
    assert first.case_number not in reception["body"]
    # neither the notifier nor a party hears of it
    assert mailbox.to("student1@example.org") == []
    assert mailbox.to("student2@example.org") == []


def test_an_excluded_officer_is_not_told(portal, mailbox):
    case = make_notification(portal, "closed")
    other = make_notification(portal, "closed")
    case.excluded_officers = ["varsling-ie"]
    transaction.commit()
    mailbox.clear()
    run(end_of(case))
    (mail,) = mailbox.to("varsling-ie@example.org")
    assert other.case_number in mail["body"]
    assert case.case_number not in mail["body"]


def test_central_reception_is_warned_of_its_own_cases(portal):
    from ntnu.casemgmt.retention import mails

    case = make_notification(portal, "received")
    place, _title, recipients = mails.recipients_of(case)
    assert place == ("notification", "central")
    assert recipients["groups"] == ["speakup-reception"]


# -- legal_hold: Manager writes, the people handling the case read -----------


def test_only_a_manager_sets_the_legal_hold(portal):
    deviation = closed_deviation(portal)
    case = make_notification(portal, "closed")
    transaction.commit()
    for obj, handler, outsider in (
        (deviation, "reception-ie", "student1"),
        (case, "varsling-ie", "student1"),
    ):
        url = obj.absolute_url()
        refused = Client(portal.absolute_url(), handler).patch(
            url, {"legal_hold": True}
        )
        assert refused.status_code in (401, 403), refused.text
        admin = Client(portal.absolute_url(), SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
        assert admin.patch(url, {"legal_hold": True}).status_code == 204
        assert Client(portal.absolute_url(), handler).get(url).json()["legal_hold"]
        assert (
            "legal_hold" not in Client(portal.absolute_url(), outsider).get(url).json()
        )
    transaction.begin()
    assert deviation.legal_hold is True and case.legal_hold is True


# -- the dry run over HTTP -----------------------------------------------------


def test_dry_run_names_each_case_and_changes_nothing(portal, mailbox):
    deviation = closed_deviation(portal)
    case = make_notification(portal, "closed")
    transaction.commit()
    mailbox.clear()
    admin = Client(portal.absolute_url(), SITE_OWNER_NAME, SITE_OWNER_PASSWORD)

    def dry_run(day):
        response = admin.post(
            "@casemgmt-jobs", {"date": day.isoformat(), "dry_run": True}
        )
        assert response.status_code == 200, response.text
        return {
            item["case_number"]: item for item in response.json()["jobs"]["retention"]
        }

    day = end_of(case) + timedelta(days=1)
    answer = dry_run(day)
    assert answer[deviation.case_number]["action"] == "warn"
    assert answer[case.case_number]["action"] == "warn"
    assert answer[case.case_number]["retention_end"] == end_of(case).isoformat()
    transaction.begin()
    assert schedule.KEY not in IAnnotations(case)
    assert mailbox.messages() == []
    # warned for real, then asked about 30 days later
    run(day)
    mailbox.clear()
    answer = dry_run(day + timedelta(days=30))
    assert {item["action"] for item in answer.values()} == {"anonymise"}
    assert set(answer) == {deviation.case_number, case.case_number}
    transaction.begin()
    assert not is_anonymised(case) and not is_anonymised(deviation)
    assert case.event_description == "what happened"
    assert mailbox.messages() == []


def test_statistics_count_an_anonymised_case_as_before(portal):
    api.portal.set_registry_record(statistics.THRESHOLD_RECORD, 1)
    deviation = closed_deviation(portal)
    case = make_notification(portal, "closed")
    transaction.commit()
    today = date.today()
    before = statistics.case_statistics(today=today)
    day = end_of(case)
    run(day)
    run(day + timedelta(days=30))
    assert is_anonymised(case) and is_anonymised(deviation)
    assert statistics.case_statistics(today=today) == before


# -- nothing personal remains (the world of test_generic_paths) ---------------


#: The people each case is about, as the database and the pages could name
#: them: user id, full name, address.
PEOPLE = {
    "dev": ["student1", "Student One", "student1@example.org"],
    "nopen": [
        "vera",
        "Vera Varsler",
        "vera@example.org",
        "pia",
        "Pia Partsen",
        "pia@example.org",
    ],
}


def _pattern(words):
    """Any of ``words`` as a whole word (``vera``, not ``several``)."""
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w.@-])(?:{alternatives})(?![\w.@-])", re.IGNORECASE)


def _strings(record):
    """The strings of a ZODB record (its two pickles), one a line."""
    stream, found = io.BytesIO(record), []
    while stream.tell() < len(record):
        for _op, arg, _pos in pickletools.genops(stream):
            if isinstance(arg, bytes):
                arg = arg.decode("utf-8", "replace")
            if isinstance(arg, str):
                found.append(arg)
    return "\n".join(found)


def stored_records(obj):
    """The texts of ``obj`` and of every persistent object it holds (its
    parts, histories, annotations, the audit trail, versions it refers
    to) and of their blobs, as the database has them now."""
    from ZODB.POSException import POSKeyError
    from ZODB.serialize import referencesf

    storage = obj._p_jar.db().storage
    seen, todo, found = set(), [obj._p_oid], []
    while todo:
        oid = todo.pop()
        if oid in seen:
            continue
        seen.add(oid)
        data, serial = storage.load(oid)
        found.append(_strings(data))
        try:
            with open(storage.loadBlob(oid, serial), "rb") as blob:
                found.append(blob.read().decode("utf-8", "replace"))
        except (POSKeyError, OSError):
            pass
        todo.extend(referencesf(data))
    return found


def stored_leaks(case, removed):
    """What ``removed`` finds in the database: the case, its parts, their
    histories, annotations and files."""
    return [
        ("stored", match.group())
        for text in stored_records(case)
        if (match := removed.search(text))
    ]


def catalog_leaks(paths, words, removed):
    """What ``removed`` finds in the catalog's metadata and index data
    (SearchableText) of the objects at ``paths``; the sentinel ``words``
    that a search still finds anywhere."""
    catalog = api.portal.get_tool("portal_catalog")
    found = []
    for path in paths:
        rid = catalog.getrid(path)
        assert rid is not None, path
        for where, data in (
            ("metadata", catalog.getMetadataForRID(rid)),
            ("index", catalog.getIndexDataForRID(rid)),
        ):
            if match := removed.search(repr(data)):
                found.append((where, path, match.group()))
    found += [
        ("SearchableText", word)
        for word in words
        if catalog.unrestrictedSearchResults(SearchableText=word)
    ]
    return found


def json_leaks(admin, key, paths, removed):
    """What ``removed`` finds in the JSON of the case and its parts, its
    history, and a notification case's audit trail and messages."""
    portal_url = api.portal.get().absolute_url()
    urls = [portal_url + path[len("/plone") :] for path in paths]
    services = ["@history"]
    if key == "nopen":
        services += ["@audit-log", "@messages"]
    found = []
    for url in [*urls, *(f"{urls[0]}/{name}" for name in services)]:
        response = admin.get(url)
        assert response.status_code == 200, (url, response.text)
        if match := removed.search(response.text):
            found.append(("json", url, match.group()))
    return found


class TestNothingPersonalRemains:
    """(``layer`` keeps the world's layer up.)"""

    layer = WORLD_FUNCTIONAL_TESTING

    def close_cases(self, portal, world):
        dev = portal.unrestrictedTraverse(world.objects["dev"].path)
        nopen = portal.unrestrictedTraverse(world.objects["nopen"].path)
        with api.env.adopt_user(username="caseworker-ie"):
            api.content.transition(obj=dev, transition="close", comment="zqdevxclosek")
        with api.env.adopt_user(username="varsling-ie"):
            api.content.transition(
                obj=nopen, transition="close", comment="zqnopenxclosek"
            )
        return {"dev": dev, "nopen": nopen}

    def keep_a_version(self, portal, document):
        """A version of ``document`` in CMFEditions, with a comment."""
        repository = api.portal.get_tool("portal_repository")
        repository.setVersionableContentTypes([
            *repository.getVersionableContentTypes(),
            "CaseDocument",
        ])
        from ntnu.casemgmt.core.security import as_system

        with as_system():  # nobody may version a case document by hand
            repository.save(obj=document, comment="zqnopenxversionk")

    def test_anonymised_case_keeps_no_personal_text(self, world_functional, mailbox):
        portal, world = world_functional["portal"], world_functional["world"]
        api.portal.set_registry_record(statistics.THRESHOLD_RECORD, 1)
        cases = self.close_cases(portal, world)
        self.keep_a_version(portal, cases["nopen"]["nopenparty"])
        transaction.commit()
        today = date.today()
        before = statistics.case_statistics(today=today)
        words = {
            key: {
                word
                for word, (owner, _name) in world.sentinels.items()
                if world.objects[owner].case == key
            }
            | {f"zq{key}xclosek"}
            for key in cases
        }
        words["nopen"].add("zqnopenxversionk")
        paths = {
            key: [o.path for o in world.objects.values() if o.case == key]
            for key in cases
        }
        # the words are there to be found before
        for key, case in cases.items():
            text = "\n".join(stored_records(case))
            assert _pattern(words[key]).search(text), key
            assert _pattern(PEOPLE[key]).search(text), key

        end = max(end_of(case) for case in cases.values())
        assert set(run(end).values()) == {"warn"}
        assert set(run(end + timedelta(days=30)).values()) == {"anonymise"}
        assert statistics.case_statistics(today=today) == before

        admin = Client(portal.absolute_url(), SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
        for key, case in cases.items():
            removed = _pattern(words[key] | set(PEOPLE[key]))
            found = [
                *stored_leaks(case, removed),
                *catalog_leaks(paths[key], words[key], removed),
                *json_leaks(admin, key, paths[key], removed),
            ]
            assert found == [], key

        # the pages of an anonymised case still answer
        for case in cases.values():
            for view in ("", "/case-report.pdf"):
                page = admin.get(case.absolute_url() + view, headers={"Accept": "*/*"})
                assert page.status_code == 200, (view, page.text[:500])

        # what stays: number, faculty, category, dates, state; the record
        nopen = cases["nopen"]
        assert nopen.case_number == world.objects["nopen"].case_number
        assert nopen.category == "bullying" and nopen.accused_faculty == "ie"
        assert nopen.received is not None and nopen.closed is not None
        assert api.content.get_state(nopen) == "closed"
        trail = admin.get(f"{nopen.absolute_url()}/@audit-log").json()
        assert "Anonymised under the retention rule." in json.dumps(trail)
        history = admin.get(f"{cases['dev'].absolute_url()}/@history").json()
        assert "Anonymised under the retention rule." in json.dumps(history)
        # the version's data is gone too
        storage = api.portal.get_tool("portal_historiesstorage")
        handler = api.portal.get_tool("portal_historyidhandler")
        history_id = handler.queryUid(nopen["nopenparty"])
        assert len(storage.getHistory(history_id, countPurged=False)) == 0


def test_an_anonymised_case_is_not_reopened(portal):
    """What it said is gone: the reception is not offered ``reopen``, and
    the workflow refuses it."""
    from plone.api.exc import InvalidParameterError

    case = closed_deviation(portal)
    with api.env.adopt_user(username="reception-ie"):
        workflow = api.portal.get_tool("portal_workflow")
        offered = {t["id"] for t in workflow.getTransitionsFor(case)}
        assert "reopen" in offered  # before: as any closed case
    anonymise(case)
    with api.env.adopt_user(username="reception-ie"):
        offered = {t["id"] for t in workflow.getTransitionsFor(case)}
        assert "reopen" not in offered
        with pytest.raises(InvalidParameterError):
            api.content.transition(obj=case, transition="reopen")
    assert api.content.get_state(case) == "closed"
