"""The demo profile builds the users, groups, roles and pages of SPEC §9."""

from plone import api

import pytest


FACULTY_CODES = ["ad", "hf", "ie", "iv", "mh", "nv", "su", "ok", "vm"]

USERS = {
    # user id: (member faculty, groups)
    "student1": ("ie", []),
    "student2": ("nv", []),
    "staff1": ("ie", []),
    "reception-ie": ("ie", ["ie-deviation-reception"]),
    "reception-nv": ("nv", ["nv-deviation-reception"]),
    "caseworker-ie": ("ie", []),
    "linemanager-ie": ("ie", ["ie-line-managers"]),
    "speakup": ("", ["speakup-reception"]),
    "varsling-ie": ("ie", ["ie-notification-unit"]),
    "varsling-nv": ("nv", ["nv-notification-unit"]),
    "dean-ie": ("ie", []),
    "quality": ("", ["quality-division"]),
    "reporting": ("", []),
    "editor": ("", []),
}


def test_faculties(demo_portal):
    folder = demo_portal["faculties"]
    assert sorted(folder.objectIds()) == sorted(FACULTY_CODES)
    for code in FACULTY_CODES:
        assert folder[code].portal_type == "Faculty"
        assert folder[code].code == code


@pytest.mark.parametrize("user_id", sorted(USERS))
def test_user(demo_portal, user_id):
    faculty, groups = USERS[user_id]
    user = api.user.get(userid=user_id)
    assert user is not None
    assert user.getProperty("email") == f"{user_id}@example.org"
    assert (user.getProperty("faculty") or "") == faculty
    user_groups = {g.getId() for g in api.group.get_groups(user=user)} - {
        "AuthenticatedUsers"
    }
    assert user_groups == set(groups)
    # the password of SPEC §9
    acl = demo_portal.acl_users.source_users
    assert acl.authenticateCredentials({"login": user_id, "password": "demodemo"})


@pytest.mark.parametrize(
    "user_id,role,where",
    [
        ("reception-ie", "DeviationReceptionist", "faculties/ie"),
        ("reception-nv", "DeviationReceptionist", "faculties/nv"),
        ("linemanager-ie", "LineManager", "faculties/ie"),
        ("varsling-ie", "NotificationOfficer", "faculties/ie"),
        ("varsling-nv", "NotificationOfficer", "faculties/nv"),
        ("speakup", "CentralReceptionist", "speakup"),
        ("quality", "QualityDivision", ""),
        ("reporting", "StatisticsReader", ""),
        ("editor", "Editor", "guidelines"),
    ],
)
def test_roles(demo_portal, user_id, role, where):
    obj = demo_portal.unrestrictedTraverse(where) if where else demo_portal
    assert role in api.user.get_roles(username=user_id, obj=obj)


@pytest.mark.parametrize(
    "user_id,role,where",
    [
        ("reception-ie", "DeviationReceptionist", "faculties/nv"),
        ("varsling-ie", "NotificationOfficer", "faculties/nv"),
        ("student1", "DeviationReceptionist", "faculties/ie"),
        ("speakup", "CentralReceptionist", "faculties/ie"),
        ("editor", "Editor", "faculties/ie"),
    ],
)
def test_roles_do_not_spread(demo_portal, user_id, role, where):
    obj = demo_portal.unrestrictedTraverse(where)
    assert role not in api.user.get_roles(username=user_id, obj=obj)


def test_guidelines_in_both_languages(demo_portal):
    folder = demo_portal["guidelines"]
    pages = [o for o in folder.objectValues() if o.portal_type == "Guideline"]
    assert len(pages) >= 8
    languages = {p.language for p in pages}
    assert languages == {"nb", "en"}
    for page in pages:
        other = page.other_language.to_object
        assert other is not None
        assert other.language != page.language
        assert other.other_language.to_object == page
        assert page.decided_by and page.valid_from
        assert len(page.text.output) > 500
        assert api.content.get_state(page) == "published"


def test_demo_profile_can_be_applied_again(demo_portal):
    setup = api.portal.get_tool("portal_setup")
    setup.runAllImportStepsFromProfile("profile-ntnu.casemgmt:demo")
    assert len(demo_portal["faculties"].objectIds()) == len(FACULTY_CODES)
