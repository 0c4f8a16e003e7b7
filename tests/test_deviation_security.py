"""Who may do what with a deviation: role x state x permission (SPEC §4, §5).

The expected answers are written out below; each is checked with
``api.user.has_permission`` (and the workflow tool for transitions) and,
in ``TestOverRest``, through the REST API as the demo users.
"""

from datetime import date
from datetime import timedelta
from helpers import assert_transitions
from helpers import make_deviation
from plone import api

import pytest


STATES = ["submitted", "in_progress", "closed", "rejected"]

USERS = [
    "student1",  # the reporter (Owner)
    "student2",
    "staff1",  # participant of the hearing opened while in progress
    "reception-ie",
    "reception-nv",
    "caseworker-ie",  # named case worker from approval on
    "linemanager-ie",
    "speakup",
    "varsling-ie",
    "dean-ie",
    "quality",
    "reporting",
    "editor",
]

READERS = {"student1", "reception-ie", "linemanager-ie"}

EXPECTED = {
    "View": {
        "submitted": READERS,
        "in_progress": READERS | {"caseworker-ie", "staff1"},
        "closed": READERS | {"caseworker-ie"},
        "rejected": READERS,
    },
    "Modify portal content": {
        "submitted": {"reception-ie"},
        "in_progress": {"reception-ie", "caseworker-ie"},
        "closed": set(),
        "rejected": set(),
    },
    "ntnu.casemgmt: Add Measure": {"in_progress": {"reception-ie", "caseworker-ie"}},
    "ntnu.casemgmt: Add Hearing": {"in_progress": {"reception-ie", "caseworker-ie"}},
    "ntnu.casemgmt: Add Letter": {
        "submitted": {"reception-ie"},
        "in_progress": {"reception-ie", "caseworker-ie"},
    },
    "ntnu.casemgmt: Add CaseDocument": {
        "submitted": {"reception-ie"},
        "in_progress": {"reception-ie", "caseworker-ie"},
    },
    "ntnu.casemgmt: Transfer deviation": {"submitted": {"reception-ie"}},
}

TRANSITIONS = {
    "submitted": {"reception-ie": {"approve", "reject", "reject_as_notification"}},
    "in_progress": {"reception-ie": {"close"}, "caseworker-ie": {"close"}},
    "closed": {"reception-ie": {"reopen"}},
    "rejected": {"reception-ie": {"reopen"}},
}

PERMISSIONS = sorted(EXPECTED)


def expected(permission, state):
    return EXPECTED[permission].get(state, set())


def make_case(portal, state):
    """A deviation of student1 in faculty ie, brought to ``state`` the way
    the users would (transitions as the reception and the case worker)."""
    faculty = portal["faculties"]["ie"]
    with api.env.adopt_user(username="student1"):
        case = make_deviation(
            faculty,
            title=f"Case in {state}",
            category="teaching",
            event_description="what happened",
            prior_attempts="what was tried",
        )
    if state == "rejected":
        with api.env.adopt_user(username="reception-ie"):
            api.content.transition(
                obj=case, transition="reject", comment="not a deviation"
            )
    if state in ("in_progress", "closed"):
        with api.env.adopt_user(username="reception-ie"):
            case.case_worker = "caseworker-ie"
            api.content.transition(obj=case, transition="approve")
        with api.env.adopt_user(username="caseworker-ie"):
            api.content.create(
                container=case,
                type="Hearing",
                title="Hearing round",
                question="Which measure?",
                participants=["staff1"],
                deadline=date.today() + timedelta(days=7),
            )
    if state == "closed":
        with api.env.adopt_user(username="caseworker-ie"):
            api.content.transition(obj=case, transition="close", comment="done")
    assert api.content.get_state(case) == state
    return case


@pytest.fixture(params=STATES)
def case(request, demo_portal):
    return make_case(demo_portal, request.param)


@pytest.mark.parametrize("permission", PERMISSIONS)
def test_permission_matrix(case, permission):
    state = api.content.get_state(case)
    allowed = {
        user
        for user in USERS
        if api.user.has_permission(permission, username=user, obj=case)
    }
    assert allowed == expected(permission, state), (permission, state)


def test_anonymous_has_nothing(case):
    with api.env.adopt_roles(["Anonymous"]):
        for permission in PERMISSIONS:
            assert not api.user.has_permission(permission, obj=case) or False


def test_transition_matrix(case):
    assert_transitions(case, USERS, TRANSITIONS)


def test_catalog_lists_case_only_to_its_readers(case):
    state = api.content.get_state(case)
    for user in USERS:
        with api.env.adopt_user(username=user):
            found = [b.UID for b in api.content.find(portal_type="Deviation")]
        assert (case.UID() in found) == (user in expected("View", state)), (user, state)


def test_reporter_never_sees_internal_parts(demo_portal):
    case = make_case(demo_portal, "in_progress")
    with api.env.adopt_user(username="caseworker-ie"):
        document = api.content.create(
            container=case,
            type="CaseDocument",
            title="Assessment",
            visibility="internal",
        )
        measure = api.content.create(container=case, type="Measure", title="Fix it")
        letter = api.content.create(
            container=case, type="Letter", title="Reply", template="preliminary_reply"
        )
    hearing = next(o for o in case.objectValues() if o.portal_type == "Hearing")
    for obj in (document, measure, letter, hearing):
        assert not api.user.has_permission("View", username="student1", obj=obj), obj
        assert api.user.has_permission("View", username="caseworker-ie", obj=obj), obj
        assert not api.user.has_permission("View", username="varsling-ie", obj=obj), obj


def test_measure_responsible_sees_only_the_measure(demo_portal):
    case = make_case(demo_portal, "in_progress")
    with api.env.adopt_user(username="caseworker-ie"):
        mine = api.content.create(
            container=case, type="Measure", title="Mine", responsible="student2"
        )
        other = api.content.create(
            container=case, type="Measure", title="Other", responsible="staff1"
        )
    assert api.user.has_permission("View", username="student2", obj=mine)
    assert not api.user.has_permission("View", username="student2", obj=other)
    assert not api.user.has_permission("View", username="student2", obj=case)
    with api.env.adopt_user(username="student2"):
        api.content.transition(obj=mine, transition="start")
        api.content.transition(obj=mine, transition="complete")
    assert api.content.get_state(mine) == "completed"


def test_changing_case_worker_changes_access_at_once(demo_portal):
    case = make_case(demo_portal, "in_progress")
    assert api.user.has_permission("View", username="caseworker-ie", obj=case)
    with api.env.adopt_user(username="reception-ie"):
        case.case_worker = "staff1"
        from zope.lifecycleevent import modified

        modified(case)
    assert not api.user.has_permission("View", username="caseworker-ie", obj=case)
    with api.env.adopt_user(username="caseworker-ie"):
        assert not api.content.find(UID=case.UID())
    with api.env.adopt_user(username="staff1"):
        assert api.content.find(UID=case.UID())


def test_hearing_access_ends_when_closed_or_expired(demo_portal):
    case = make_case(demo_portal, "in_progress")
    hearing = next(o for o in case.objectValues() if o.portal_type == "Hearing")
    assert api.user.has_permission("View", username="staff1", obj=case)
    assert api.user.has_permission(
        "ntnu.casemgmt: Answer hearing", username="staff1", obj=hearing
    )
    assert not api.user.has_permission(
        "Modify portal content", username="staff1", obj=hearing
    )
    hearing.deadline = date.today() - timedelta(days=1)
    from zope.lifecycleevent import modified

    modified(hearing)
    assert not api.user.has_permission("View", username="staff1", obj=case)
    hearing.deadline = date.today() + timedelta(days=1)
    modified(hearing)
    assert api.user.has_permission("View", username="staff1", obj=case)
    with api.env.adopt_user(username="caseworker-ie"):
        api.content.transition(obj=hearing, transition="close")
    assert not api.user.has_permission("View", username="staff1", obj=case)
    with api.env.adopt_user(username="staff1"):
        assert not api.content.find(UID=case.UID())


def test_reindex_touches_only_that_case(demo_portal):
    """Changing the case worker reindexes the case's subtree, not the faculty."""
    cases = [make_case(demo_portal, "submitted") for _ in range(3)]
    catalog = api.portal.get_tool("portal_catalog")
    calls = []
    original = catalog.reindexObject

    def spy(obj, *args, **kw):
        calls.append("/".join(obj.getPhysicalPath()))
        return original(obj, *args, **kw)

    catalog.reindexObject = spy
    try:
        case = cases[0]
        case.case_worker = "caseworker-ie"
        from zope.lifecycleevent import modified

        modified(case)
    finally:
        del catalog.reindexObject
    path = "/".join(case.getPhysicalPath())
    assert calls
    assert all(c.startswith(path) for c in calls), calls


@pytest.mark.parametrize(
    "user", ["student1", "reception-ie", "caseworker-ie", "linemanager-ie"]
)
def test_nobody_but_managers_share_a_case(demo_portal, user):
    """Sharing would hand out roles by hand; only derived roles count."""
    case = make_case(demo_portal, "in_progress")
    assert not api.user.has_permission(
        "Sharing page: Delegate roles", username=user, obj=case
    )
    assert not api.user.has_permission("Change local roles", username=user, obj=case)
