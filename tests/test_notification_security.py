"""Who may do what with a notification case: role x state x permission
(SPEC §4-§6), with plone.api and over REST. The deviation staff of the
same faculty see nothing of it."""

from datetime import date
from datetime import timedelta
from helpers import assert_transitions
from helpers import Client
from ntnu.casemgmt.notification import rules as notification
from plone import api
from zope.globalrequest import getRequest
from zope.lifecycleevent import modified

import pytest
import transaction


STATES = [
    "received",
    "committee",
    "forwarded",
    "investigation",
    "assessment",
    "measures",
    "follow_up",
    "escalated",
    "closed",
]
OPEN_STAGES = ["investigation", "assessment", "measures", "follow_up"]

USERS = [
    "student1",  # the notifier (logged in, not a party)
    "student2",  # a party
    "staff1",
    "speakup",
    "varsling-ie",
    "varsling-nv",
    "dean-ie",  # responsible manager
    "reception-ie",
    "reception-nv",
    "linemanager-ie",
    "caseworker-ie",
    "quality",
    "reporting",
    "editor",
    "varsling-ie2",  # of the unit, but excluded (conflict of interest)
]

FACULTY_SIDE = {"varsling-ie", "dean-ie"}
AFTER = FACULTY_SIDE | {"student1", "student2"}
#: nv's unit, consulted in an open hearing once the case is investigated
CONSULTED = {"varsling-nv"}


def by_state(received, forwarded, stages, closed, escalated=None):
    # with the external committee the case is the central reception's, as
    # when received (SPEC §5); escalated, the unit's as in its stages, and
    # the quality division's where ``escalated`` says
    result = {
        "received": received,
        "committee": received,
        "forwarded": forwarded,
        "closed": closed,
        "escalated": stages if escalated is None else escalated,
    }
    result.update(dict.fromkeys(OPEN_STAGES, stages))
    return result


QUALITY = {"quality"}


EXPECTED = {
    "View": by_state(
        {"student1", "speakup"},
        AFTER,
        AFTER | CONSULTED,
        AFTER,
        escalated=AFTER | QUALITY | CONSULTED,
    ),
    "Modify portal content": by_state(
        {"speakup"}, {"varsling-ie"}, FACULTY_SIDE, set()
    ),
    "ntnu.casemgmt: Add Measure": by_state(
        {"speakup"}, {"varsling-ie"}, FACULTY_SIDE, set()
    ),
    # the quality division adds its documents and the decision letter
    "ntnu.casemgmt: Add Letter": by_state(
        {"speakup"}, {"varsling-ie"}, FACULTY_SIDE, set(), FACULTY_SIDE | QUALITY
    ),
    "ntnu.casemgmt: Add CaseDocument": by_state(
        {"speakup"}, {"varsling-ie"}, FACULTY_SIDE, set(), FACULTY_SIDE | QUALITY
    ),
    # consulting another unit or person: the unit, once it handles the case
    "ntnu.casemgmt: Add Hearing": by_state(set(), set(), FACULTY_SIDE, set()),
    # the conversations are the unit's: not the responsible manager's
    "ntnu.casemgmt: Add CaseMessage": by_state(
        {"speakup"}, {"varsling-ie"}, {"varsling-ie"}, set()
    ),
    "ntnu.casemgmt: View findings": by_state(
        {"speakup"},
        FACULTY_SIDE | {"student2"},
        FACULTY_SIDE | {"student2"},
        FACULTY_SIDE | {"student2"},
        FACULTY_SIDE | {"student2"} | QUALITY,
    ),
    "CMFEditions: Access previous versions": by_state(
        {"speakup"}, FACULTY_SIDE, FACULTY_SIDE, FACULTY_SIDE, FACULTY_SIDE | QUALITY
    ),
    "Sharing page: Delegate roles": by_state(set(), set(), set(), set()),
    # The trail names everybody who took part: only those who may read the
    # whole case (not the responsible manager, who may not know the notifier).
    "ntnu.casemgmt: View audit log": by_state(
        {"speakup"}, {"varsling-ie"}, {"varsling-ie"}, {"varsling-ie"}
    ),
    "ntnu.casemgmt: View case internals": by_state(
        {"speakup"}, FACULTY_SIDE, FACULTY_SIDE, FACULTY_SIDE, FACULTY_SIDE | QUALITY
    ),
    # The notifier's identity: the reception while it holds the case, then
    # the unit; the notifier; a party unless it is withheld (SPEC §6).
    "ntnu.casemgmt: View notifier identity": by_state(
        {"speakup", "student1"},
        {"varsling-ie", "student1", "student2"},
        {"varsling-ie", "student1", "student2"},
        {"varsling-ie", "student1", "student2"},
    ),
}

TRANSITIONS = {
    "received": {"speakup": {"forward"}},
    "committee": {"speakup": {"return_from_committee"}},
    "forwarded": {"varsling-ie": {"acknowledge"}},
    "investigation": {"varsling-ie": {"assess", "close"}, "dean-ie": {"close"}},
    "assessment": {
        "varsling-ie": {"investigate_further", "decide", "close"},
        "dean-ie": {"decide", "close"},
    },
    "measures": {
        "varsling-ie": {"follow_up", "escalate", "close"},
        "dean-ie": {"follow_up", "escalate", "close"},
    },
    "escalated": {"quality": {"conclude"}},
    "follow_up": {"varsling-ie": {"close"}, "dean-ie": {"close"}},
    "closed": {"varsling-ie": {"reopen"}},
}

PATH = {
    "forwarded": [],
    "investigation": [("varsling-ie", "acknowledge")],
    "assessment": [("varsling-ie", "acknowledge"), ("varsling-ie", "assess")],
    "measures": [
        ("varsling-ie", "acknowledge"),
        ("varsling-ie", "assess"),
        ("dean-ie", "decide"),
    ],
    "follow_up": [
        ("varsling-ie", "acknowledge"),
        ("varsling-ie", "assess"),
        ("dean-ie", "decide"),
        ("dean-ie", "follow_up"),
    ],
    "escalated": [
        ("varsling-ie", "acknowledge"),
        ("varsling-ie", "assess"),
        ("dean-ie", "decide"),
        ("varsling-ie", "escalate"),
    ],
    "closed": [("varsling-ie", "acknowledge"), ("varsling-ie", "close")],
}


def make_notification(portal, state):
    """student1's notification about a student of faculty ie, with student2
    as a party and dean-ie as responsible manager, brought to ``state``."""
    with api.env.adopt_user(username="student1"):
        case, _ = notification.submit(
            {
                "title": f"Notification in {state}",
                "category": "bullying",
                "event_description": "what happened",
                "accused_faculty": "ie",
            },
            getRequest(),
        )
    with api.env.adopt_user(username="speakup"):
        case.parties = ["student2"]
        case.responsible_manager = "dean-ie"
        modified(case)
    with api.env.adopt_roles(["Manager"]):
        if api.user.get(userid="varsling-ie2") is None:
            api.user.create(
                email="varsling-ie2@example.org",
                username="varsling-ie2",
                password="demodemo",
            )
            api.group.add_user(
                groupname="ie-notification-unit", username="varsling-ie2"
            )
    with api.env.adopt_user(username="speakup"):
        case.excluded_officers = ["varsling-ie2"]
        modified(case)
    if state == "committee":
        with api.env.adopt_user(username="speakup"):
            case.external_committee = True
            api.content.transition(obj=case, transition="refer_to_committee")
    elif state != "received":
        with api.env.adopt_user(username="speakup"):
            case = notification.forward(case)
        for user, transition in PATH[state]:
            with api.env.adopt_user(username=user):
                api.content.transition(obj=case, transition=transition, comment="noted")
                if transition == "acknowledge":
                    # another faculty's unit consulted (SPEC §3 Hearing)
                    api.content.create(
                        container=case,
                        type="Hearing",
                        title="Consultation",
                        question="?",
                        participants=["nv-notification-unit"],
                        deadline=date.today() + timedelta(days=10),
                    )
    assert api.content.get_state(case) == state
    return case


@pytest.fixture(params=STATES)
def case(request, demo_portal):
    return make_notification(demo_portal, request.param)


@pytest.mark.parametrize("permission", sorted(EXPECTED))
def test_permission_matrix(case, permission):
    state = api.content.get_state(case)
    allowed = {
        u for u in USERS if api.user.has_permission(permission, username=u, obj=case)
    }
    assert allowed == EXPECTED[permission][state], (permission, state)


def test_transition_matrix(case):
    assert_transitions(case, USERS, TRANSITIONS)


def test_catalog(case):
    state = api.content.get_state(case)
    for user in USERS:
        with api.env.adopt_user(username=user):
            found = {b.UID for b in api.content.find(portal_type="NotificationCase")}
        assert (case.UID() in found) == (user in EXPECTED["View"][state]), (user, state)


@pytest.mark.parametrize("state", OPEN_STAGES)
def test_parts(demo_portal, state):
    case = make_notification(demo_portal, state)
    with api.env.adopt_user(username="varsling-ie"):
        internal = api.content.create(
            container=case,
            type="CaseDocument",
            title="Assessment",
            visibility="internal",
        )
        shared = api.content.create(
            container=case, type="CaseDocument", title="Minutes", visibility="party"
        )
        draft = api.content.create(
            container=case,
            type="Letter",
            title="Warning",
            template="written_warning",
            recipient="student2",
        )
        measure = api.content.create(
            container=case, type="Measure", title="Counselling", responsible="staff1"
        )
    message = notification.add_message(case, "A question for you", "officer")

    def viewers(obj):
        return {
            u for u in USERS if api.user.has_permission("View", username=u, obj=obj)
        }

    assert viewers(internal) == FACULTY_SIDE
    # a consulted unit reads what is shared with the parties, nothing else
    assert viewers(shared) == FACULTY_SIDE | {"student2"} | CONSULTED
    assert viewers(draft) == FACULTY_SIDE
    assert viewers(measure) == FACULTY_SIDE | {"staff1"}
    # a conversation is the unit's and its participant's (SPEC §3)
    assert viewers(message) == {"varsling-ie", "student1"}
    with api.env.adopt_user(username="varsling-ie"):
        draft.body = "A warning, its placeholders filled in."  # SPEC §3
        api.content.transition(obj=draft, transition="send")
    assert viewers(draft) == FACULTY_SIDE | {"student2"}


class TestOverRest:
    @pytest.fixture(
        params=["received", "forwarded", "investigation", "escalated", "closed"]
    )
    def case(self, request, demo_functional):
        case = make_notification(demo_functional["portal"], request.param)
        transaction.commit()
        return case

    def test_get_patch_workflow(self, case):
        state = api.content.get_state(case)
        url = case.absolute_url()
        for user in USERS:
            client = Client(api.portal.get().absolute_url(), user)
            response = client.get(url)
            may_view = user in EXPECTED["View"][state]
            assert (response.status_code == 200) == may_view, (
                user,
                state,
                response.status_code,
            )
            if may_view:
                data = response.json()
                sees_findings = user in EXPECTED["ntnu.casemgmt: View findings"][state]
                assert ("summary" in data) == sees_findings, (user, state)
                assert ("outcome" in data) == sees_findings, (user, state)
                transitions = {
                    t["@id"].rsplit("/", 1)[-1]
                    for t in client.get(url + "/@workflow").json()["transitions"]
                }
                assert transitions == TRANSITIONS[state].get(user, set()), (user, state)
            response = client.patch(url, {"immediate_measures": f"by {user}"})
            assert (response.status_code == 204) == (
                user in EXPECTED["Modify portal content"][state]
            ), (user, state)
            for transition in (
                "forward",
                "acknowledge",
                "assess",
                "investigate_further",
                "decide",
                "follow_up",
                "close",
                "reopen",
                "escalate",
                "conclude",
            ):
                if transition in TRANSITIONS[state].get(user, set()):
                    continue
                assert client.post(
                    url + f"/@workflow/{transition}", {"comment": "x"}
                ).status_code in (400, 401, 403)
            transaction.begin()
            assert api.content.get_state(case) == state
            found = client.get(
                "@search",
                params={
                    "portal_type": "NotificationCase",
                    "metadata_fields": "case_number",
                },
            ).json()["items"]
            assert (
                case.case_number in {i.get("case_number") for i in found}
            ) == may_view, (user, state)

    def test_anonymous(self, case):
        client = Client(api.portal.get().absolute_url())
        assert client.get(case.absolute_url()).status_code == 401
        assert (
            client.get("@search", params={"portal_type": "NotificationCase"}).json()[
                "items_total"
            ]
            == 0
        )


def test_parts_while_escalated(demo_portal):
    """The quality division reads the parts of an escalated case (not the
    conversations), and adds its own; once concluded, none of them."""
    case = make_notification(demo_portal, "escalated")
    with api.env.adopt_user(username="varsling-ie"):
        internal = api.content.create(
            container=case,
            type="CaseDocument",
            title="Assessment",
            visibility="internal",
        )
        measure = api.content.create(
            container=case, type="Measure", title="Counselling", responsible="staff1"
        )
    message = notification.add_message(case, "A question for you", "officer")
    with api.env.adopt_user(username="quality"):
        minutes = api.content.create(
            container=case, type="CaseDocument", title="Minutes", visibility="internal"
        )

    def viewers(obj):
        return {
            u for u in USERS if api.user.has_permission("View", username=u, obj=obj)
        }

    for part in (internal, measure, minutes):
        assert "quality" in viewers(part), part.getId()
    assert "quality" not in viewers(message)
    with api.env.adopt_user(username="quality"):
        api.content.transition(obj=case, transition="conclude", comment="Expelled")
    for part in (internal, measure, minutes, case):
        assert "quality" not in viewers(part), part.getId()
    with api.env.adopt_user(username="quality"):
        assert not api.content.find(path="/".join(case.getPhysicalPath()))
