"""The permission matrix of test_deviation_security, through the REST API
as the demo users: GET, PATCH, @workflow (GET and POST), adding parts,
@search and @transfer."""

from helpers import Client
from plone import api
from test_deviation_security import expected
from test_deviation_security import make_case
from test_deviation_security import STATES
from test_deviation_security import TRANSITIONS
from test_deviation_security import USERS

import pytest
import transaction


ALL_TRANSITIONS = ["approve", "reject", "reject_as_notification", "close", "reopen"]

CHILDREN = {
    "Measure": {"title": "A measure", "kind": "corrective"},
    "Hearing": {
        "title": "A hearing",
        "question": "?",
        "participants": ["staff1"],
        "deadline": "2030-01-01",
    },
    "Letter": {"title": "A letter", "template": "preliminary_reply"},
    "CaseDocument": {"title": "Minutes", "visibility": "internal"},
}


@pytest.fixture(params=STATES)
def case(request, demo_functional):
    case = make_case(demo_functional["portal"], request.param)
    transaction.commit()
    return case


def clients(portal):
    return {user: Client(portal.absolute_url(), user) for user in USERS}


def test_get_patch_and_workflow(case):
    state = api.content.get_state(case)
    url = case.absolute_url()
    for user, client in clients(api.portal.get()).items():
        may_view = user in expected("View", state)
        response = client.get(url)
        assert (response.status_code == 200) == may_view, (
            user,
            state,
            response.status_code,
        )
        assert response.status_code in (200, 401, 403)
        if may_view:
            body = response.json()
            assert body["case_number"] == case.case_number

            available = {
                t["@id"].rsplit("/", 1)[-1]
                for t in client.get(url + "/@workflow").json()["transitions"]
            }
            assert available == TRANSITIONS[state].get(user, set()), (user, state)

        may_modify = user in expected("Modify portal content", state)
        # a field of the unit's (what the reporter wrote is nobody's to
        # change: test_deadline_action.py)
        response = client.patch(url, {"closing_comment": f"X-{user}"})
        assert (response.status_code == 204) == may_modify, (
            user,
            state,
            response.status_code,
        )

        # transitions this user may not do: refused, nothing changes
        for transition in ALL_TRANSITIONS:
            if transition in TRANSITIONS[state].get(user, set()):
                continue
            response = client.post(url + f"/@workflow/{transition}", {"comment": "x"})
            assert response.status_code in (400, 401, 403), (user, state, transition)
        transaction.begin()
        assert api.content.get_state(case) == state

        # an unknown faculty: those allowed get past the permission check to a
        # 400 (and nothing moves), the others are refused before that
        response = client.post(url + "/@transfer", {"faculty": "zz"})
        if user in expected("ntnu.casemgmt: Transfer deviation", state):
            assert response.status_code == 400, (user, state, response.text)
        else:
            assert response.status_code in (401, 403), (
                user,
                state,
                response.status_code,
            )


@pytest.mark.parametrize("portal_type", sorted(CHILDREN))
def test_adding_parts(case, portal_type):
    state = api.content.get_state(case)
    allowed = expected(f"ntnu.casemgmt: Add {portal_type}", state)
    for user, client in clients(api.portal.get()).items():
        response = client.post(
            case.absolute_url(), dict(CHILDREN[portal_type], **{"@type": portal_type})
        )
        if user in allowed:
            assert response.status_code == 201, (user, state, response.text)
        else:
            assert response.status_code in (401, 403), (
                user,
                state,
                response.status_code,
            )


def test_search_lists_only_what_the_user_may_view(case):
    state = api.content.get_state(case)
    for user, client in clients(api.portal.get()).items():
        response = client.get(
            "@search",
            params={"portal_type": "Deviation", "metadata_fields": "case_number"},
        )
        found = {item["case_number"] for item in response.json()["items"]}
        assert (case.case_number in found) == (user in expected("View", state)), (
            user,
            state,
        )


def test_anonymous_gets_nothing(case):
    client = Client(api.portal.get().absolute_url())
    assert client.get(case.absolute_url()).status_code == 401
    response = client.get("@search", params={"portal_type": "Deviation"})
    assert response.json()["items_total"] == 0
