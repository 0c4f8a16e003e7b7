"""Installing and uninstalling the add-on."""

from Acquisition import aq_base
from ntnu.casemgmt.core.mailhost import CaseMailHost
from ntnu.casemgmt.interfaces import IBrowserLayer
from plone import api
from Products.MailHost.interfaces import IMailHost
from zope.component import getUtility

import pytest


SPEC_TYPES = [
    "Faculty",
    "CentralReception",
    "Deviation",
    "NotificationCase",
    "Measure",
    "Letter",
    "Hearing",
    "CaseDocument",
    "CaseMessage",
    "Guideline",
]

SPEC_ROLES = [
    "DeviationReceptionist",
    "DeviationCaseWorker",
    "LineManager",
    "HearingParticipant",
    "MeasureResponsible",
    "CentralReceptionist",
    "NotificationOfficer",
    "ResponsibleManager",
    "CaseParty",
    "QualityDivision",
    "StatisticsReader",
]


class TestInstall:
    def test_installed(self, installer, package_name):
        assert installer.is_product_installed(package_name)

    def test_browserlayer(self, browser_layers):
        assert IBrowserLayer in browser_layers

    def test_profile_version(self, setup_tool, package_name):
        assert setup_tool.getLastVersionForProfile(f"{package_name}:default") == (
            "1009",
        )

    def test_navigation_stops_above_the_cases(self, portal):
        assert api.portal.get_registry_record("plone.navigation_depth") == 2

    def test_upgrade_1000_to_1001(self, portal, setup_tool, package_name):
        """The step sets the navigation depth and leaves other settings be."""
        profile = f"{package_name}:default"
        api.portal.set_registry_record("plone.navigation_depth", 3)
        api.portal.set_registry_record("ntnu.casemgmt.statistics_threshold", 3)
        setup_tool.setLastVersionForProfile(profile, "1000")
        assert [step["title"] for step in setup_tool.listUpgrades(profile)] == [
            "Global navigation two levels deep",
            "Icons for the add-on's user actions",
            "Trust first (issue 14)",
            "Notification cases reach people (issue 16, first part)",
            "Conversations and severity (issue 16)",
            "Committee, suitability, conflicts of interest; sign-in with Feide (issues 18 and 19)",
            "Escalation, consulting other units, identity access; retention (issues 18 and 20)",
            "For people, not Plone experts (issue 17, first part)",
            "For people, not Plone experts (issue 17, second part)",
        ]
        setup_tool.upgradeProfile(profile, "1001")
        assert setup_tool.getLastVersionForProfile(profile) == ("1001",)
        assert api.portal.get_registry_record("plone.navigation_depth") == 2
        assert api.portal.get_registry_record("ntnu.casemgmt.statistics_threshold") == 3

    def test_upgrade_1001_to_1002(self, portal, setup_tool, package_name):
        """The step gives the user actions their icons back and leaves
        Plone's own actions be."""
        profile = f"{package_name}:default"
        user = api.portal.get_tool("portal_actions").user
        user["casemgmt-inbox"].icon_expr = ""
        user["logout"].title = "Sign out, please"
        setup_tool.setLastVersionForProfile(profile, "1001")
        setup_tool.upgradeProfile(profile, "1002")
        assert setup_tool.getLastVersionForProfile(profile) == ("1002",)
        assert user["casemgmt-inbox"].icon_expr == "string:inbox"
        assert user["logout"].title == "Sign out, please"

    def test_user_actions_have_icons(self, portal):
        """Each of the add-on's user actions names an icon the site has
        (else Plone shows its logo and logs a failed lookup on every page)."""
        user = api.portal.get_tool("portal_actions").user
        ours = [
            action
            for action in user.objectValues()
            if action.getId().startswith("casemgmt-")
        ]
        assert len(ours) == 7
        for action in ours:
            icon = action.icon_expr.removeprefix("string:")
            assert api.portal.get_registry_record(f"plone.icon.{icon}").endswith(
                ".svg"
            ), action.getId()

    @pytest.mark.parametrize("type_id", SPEC_TYPES)
    def test_type_registered(self, portal, type_id):
        assert type_id in api.portal.get_tool("portal_types").objectIds()

    def test_roles(self, portal):
        assert set(SPEC_ROLES) <= set(portal.valid_roles())

    @pytest.mark.parametrize(
        "type_id,workflow",
        [
            ("Faculty", "casemgmt_faculty_workflow"),
            ("CentralReception", "casemgmt_reception_workflow"),
            ("Deviation", "casemgmt_deviation_workflow"),
            ("NotificationCase", "casemgmt_notification_workflow"),
            ("Measure", "casemgmt_measure_workflow"),
            ("Letter", "casemgmt_letter_workflow"),
            ("Hearing", "casemgmt_hearing_workflow"),
        ],
    )
    def test_workflow_bound(self, portal, type_id, workflow):
        chain = api.portal.get_tool("portal_workflow").getChainForPortalType(type_id)
        assert chain == (workflow,)

    @pytest.mark.parametrize(
        "index",
        [
            "faculty",
            "category",
            "case_number",
            "deadline",
            "case_worker",
            "review_state",
        ],
    )
    def test_catalog_index(self, portal, index):
        catalog = api.portal.get_tool("portal_catalog")
        assert index in catalog.indexes()

    def test_site_structure(self, portal):
        assert portal["faculties"].portal_type == "Folder"
        assert portal["speakup"].portal_type == "CentralReception"

    def test_central_groups(self, portal):
        assert api.group.get(groupname="speakup-reception") is not None
        assert "QualityDivision" in api.group.get_roles(groupname="quality-division")
        roles = api.group.get_roles(
            groupname="speakup-reception", obj=portal["speakup"]
        )
        assert "CentralReceptionist" in roles


class TestUninstall:
    @pytest.fixture(autouse=True)
    def uninstalled(self, installer, package_name):
        installer.uninstall_product(package_name)

    def test_uninstalled(self, installer, package_name):
        assert not installer.is_product_installed(package_name)

    def test_browserlayer_removed(self, browser_layers):
        assert IBrowserLayer not in browser_layers


def test_mailhost_replaced_on_real_site_and_restored(portal):
    """Outside tests the site's MailHost becomes a CaseMailHost; uninstall
    puts the plain one back, both as attribute and as utility."""
    from ntnu.casemgmt.setuphandlers import _swap_mailhost
    from Products.MailHost.MailHost import MailHost

    _swap_mailhost(portal, MailHost)
    api.portal.get_tool("portal_setup").runAllImportStepsFromProfile(
        "profile-ntnu.casemgmt:default"
    )
    assert type(aq_base(portal.MailHost)) is CaseMailHost
    assert aq_base(getUtility(IMailHost)) is aq_base(portal.MailHost)
    api.portal.get_tool("portal_setup").runAllImportStepsFromProfile(
        "profile-ntnu.casemgmt:uninstall"
    )
    assert type(aq_base(portal.MailHost)) is MailHost
    assert aq_base(getUtility(IMailHost)) is aq_base(portal.MailHost)


def test_upgrade_1002_to_1003_moves_the_notifier_out_of_sight(demo_portal):
    """Before 1003 a notification case's creator and owner was its notifier
    (so the catalog, author pages and bylines named them): the step keeps
    the notifier in the ``notifier`` field only, and their access stays."""
    from ntnu.casemgmt.core.logins import PLUGIN_ID
    from ntnu.casemgmt.notification import rules as notification
    from Products.PluggableAuthService.interfaces.plugins import IAuthenticationPlugin
    from zope.globalrequest import getRequest

    setup = api.portal.get_tool("portal_setup")
    with api.env.adopt_user(username="student1"):
        case, _ = notification.submit(
            {"title": "Old case", "category": "bullying", "event_description": "x"},
            getRequest(),
        )
    # as version 1002 kept it
    case.notifier = None
    case.setCreators(("student1",))
    case.manage_setLocalRoles("student1", ["Owner"])
    case.reindexObject()
    demo_portal.portal_registry.records.__delitem__("ntnu.casemgmt.notification_weeks")
    setup.setLastVersionForProfile("ntnu.casemgmt:default", "1002")
    setup.upgradeProfile("ntnu.casemgmt:default")
    assert setup.getLastVersionForProfile("ntnu.casemgmt:default") == ("1009",)
    assert case.notifier == "student1"
    assert case.listCreators() == ("casemgmt-system",)
    assert "Owner" not in dict(case.get_local_roles()).get("student1", ())
    (brain,) = api.portal.get_tool("portal_catalog").unrestrictedSearchResults(
        UID=case.UID()
    )
    assert brain.Creator == "casemgmt-system"
    assert api.user.has_permission("View", username="student1", obj=case)
    assert not api.user.has_permission("View", username="student2", obj=case)
    assert api.portal.get_registry_record("ntnu.casemgmt.notification_weeks") == 8
    plugins = demo_portal.acl_users.plugins.listPluginIds(IAuthenticationPlugin)
    assert PLUGIN_ID in plugins and "source_users" not in plugins


def test_upgrade_1003_to_1004_brings_the_new_transition_and_permission(demo_portal):
    """The step imports the workflows (``investigate_further``, the guarded
    ``send`` of letters) and the rolemap (registering on someone's behalf)."""
    setup = api.portal.get_tool("portal_setup")
    workflow = api.portal.get_tool("portal_workflow")["casemgmt_notification_workflow"]
    letters = api.portal.get_tool("portal_workflow")["casemgmt_letter_workflow"]
    permission = "ntnu.casemgmt: Register notification"
    # as version 1003 kept it
    workflow.transitions.manage_delObjects(["investigate_further"])
    letters.transitions["send"].guard.expr = None
    demo_portal.manage_permission(permission, [], acquire=True)
    setup.setLastVersionForProfile("ntnu.casemgmt:default", "1003")
    setup.upgradeProfile("ntnu.casemgmt:default")
    assert setup.getLastVersionForProfile("ntnu.casemgmt:default") == ("1009",)
    assert "investigate_further" in workflow.transitions
    assert "placeholders" in letters.transitions["send"].guard.getExprText()
    roles = {
        r["name"] for r in demo_portal.rolesOfPermission(permission) if r["selected"]
    }
    assert {"CentralReceptionist", "NotificationOfficer"} <= roles


def test_upgrade_1004_to_1005_closes_the_conversations(demo_portal):
    """Before 1005 a message's View went to the roles of its case (the
    responsible manager, every party) and there was no ``severity_readers``
    index: the step gives each message the permissions of its new workflow,
    reindexes its security and fills the index."""
    from test_conversations import make_case
    from test_conversations import write

    setup = api.portal.get_tool("portal_setup")
    catalog = api.portal.get_tool("portal_catalog")
    case, _ = make_case()
    message = write("student1", case, "from the notifier")

    def view_roles():
        return {r["name"] for r in message.rolesOfPermission("View") if r["selected"]}

    # as version 1004 kept it
    message.manage_permission("View", ["ResponsibleManager", "CaseParty"], acquire=0)
    message.reindexObjectSecurity()
    catalog.delIndex("severity_readers")
    setup.setLastVersionForProfile("ntnu.casemgmt:default", "1004")
    setup.upgradeProfile("ntnu.casemgmt:default")
    assert setup.getLastVersionForProfile("ntnu.casemgmt:default") == ("1009",)
    assert "ResponsibleManager" not in view_roles()
    assert "ConversationParticipant" in view_roles()
    (brain,) = catalog.unrestrictedSearchResults(UID=message.UID())
    indexed = catalog.getIndexDataForRID(brain.getRID())["allowedRolesAndUsers"]
    assert "ResponsibleManager" not in indexed
    assert "severity_readers" in catalog.indexes()


def test_upgrade_1005_to_1006_adds_the_committee_and_the_signin_settings(demo_portal):
    """The step imports the workflow (the committee) and the member data
    (``reporter_role``) and adds the new records, keeping what exists."""
    setup = api.portal.get_tool("portal_setup")
    workflow = api.portal.get_tool("portal_workflow")["casemgmt_notification_workflow"]
    registry = demo_portal.portal_registry
    memberdata = api.portal.get_tool("portal_memberdata")
    # as version 1005 kept it
    workflow.transitions.manage_delObjects(["refer_to_committee"])
    for name in (
        "ntnu.casemgmt.suitability_email",
        "ntnu.casemgmt.oidc_orgunit_claim",
        "ntnu.casemgmt.oidc_extra_userinfo_url",
    ):
        del registry.records[name]
    memberdata.manage_delProperties(["reporter_role"])
    api.portal.set_registry_record("ntnu.casemgmt.orgunit_faculty_map", ["kept nv"])
    setup.setLastVersionForProfile("ntnu.casemgmt:default", "1005")
    setup.upgradeProfile("ntnu.casemgmt:default")
    assert setup.getLastVersionForProfile("ntnu.casemgmt:default") == ("1009",)
    assert "refer_to_committee" in workflow.transitions
    assert memberdata.hasProperty("reporter_role")
    assert api.portal.get_registry_record("ntnu.casemgmt.suitability_email") is None
    assert "ntnu.casemgmt.oidc_extra_userinfo_url" in registry.records
    assert (
        api.portal.get_registry_record("ntnu.casemgmt.oidc_extra_userinfo_url") is None
    )
    assert (
        api.portal.get_registry_record("ntnu.casemgmt.oidc_orgunit_claim")
        == "eduPersonPrimaryOrgUnitDN"
    )
    assert api.portal.get_registry_record("ntnu.casemgmt.orgunit_faculty_map") == [
        "kept nv"
    ]


def test_upgrade_1006_to_1007_brings_escalation_consulting_and_retention(demo_portal):
    """The step imports the rolemap, workflows and types (``escalated``,
    ``Consultee``, hearings in a notification case), adds the new records
    keeping what exists, and updates the security of existing objects: a
    document shared with the parties is read by a consulted unit."""
    from ntnu.casemgmt.notification import rules as notification
    from zope.globalrequest import getRequest

    setup = api.portal.get_tool("portal_setup")
    tool = api.portal.get_tool("portal_workflow")
    workflow = tool["casemgmt_notification_workflow"]
    registry = demo_portal.portal_registry
    types = api.portal.get_tool("portal_types")
    with api.env.adopt_user(username="student1"):
        case, _ = notification.submit(
            {
                "title": "t",
                "category": "bullying",
                "event_description": "e",
                "accused_faculty": "ie",
            },
            getRequest(),
        )
    with api.env.adopt_user(username="speakup"):
        case = notification.forward(case)
    with api.env.adopt_user(username="varsling-ie"):
        shared = api.content.create(
            container=case, type="CaseDocument", title="Minutes", visibility="party"
        )

    def view_roles(obj):
        return {r["name"] for r in obj.rolesOfPermission("View") if r["selected"]}

    # as version 1006 kept it
    workflow.transitions.manage_delObjects(["escalate", "conclude"])
    workflow.states.manage_delObjects(["escalated"])
    shared.manage_permission(
        "View", sorted(view_roles(shared) - {"Consultee"}), acquire=0
    )
    fti = types["NotificationCase"]
    fti.allowed_content_types = tuple(
        t for t in fti.allowed_content_types if t != "Hearing"
    )
    del registry.records["ntnu.casemgmt.retention_years_deviation"]
    api.portal.set_registry_record("ntnu.casemgmt.retention_years_notification", 12)
    setup.setLastVersionForProfile("ntnu.casemgmt:default", "1006")
    setup.upgradeProfile("ntnu.casemgmt:default")
    assert setup.getLastVersionForProfile("ntnu.casemgmt:default") == ("1009",)
    assert {"escalate", "conclude"} <= set(workflow.transitions.objectIds())
    assert "escalated" in workflow.states.objectIds()
    assert "Hearing" in fti.allowed_content_types
    assert "Consultee" in view_roles(shared)
    assert (
        api.portal.get_registry_record("ntnu.casemgmt.retention_years_deviation") == 5
    )
    assert (
        api.portal.get_registry_record("ntnu.casemgmt.retention_years_notification")
        == 12
    )
    assert api.portal.get_registry_record("ntnu.casemgmt.appeals_decision_copies") == []


def test_upgrade_1007_to_1008_brings_the_part_forms_the_case_list_and_search(
    demo_portal,
):
    """The step imports the workflows (the parts' steps lead to
    ``@@part-transition``) and the actions (**Cases**), and reindexes the
    cases' text: a case is found by a word of what was reported."""
    from ntnu.casemgmt.deviation import rules as deviation
    from zope.globalrequest import getRequest

    setup = api.portal.get_tool("portal_setup")
    catalog = api.portal.get_tool("portal_catalog")
    send = api.portal.get_tool("portal_workflow")["casemgmt_letter_workflow"]
    send = send.transitions["send"]
    user_actions = api.portal.get_tool("portal_actions")["user"]
    with api.env.adopt_user(username="student1"):
        case = deviation.report(
            {
                "title": "Late grades",
                "category": "assessment",
                "event_description": "The grades of zqupgradeword came late.",
                "prior_attempts": "Asked twice.",
                "faculty": "ie",
            },
            getRequest(),
        )
    # as version 1007 kept them
    send.actbox_url = "%(content_url)s/content_status_modify?workflow_action=send"
    user_actions.manage_delObjects([
        "casemgmt-case-list",
        "casemgmt-notification-report",
    ])
    (brain,) = catalog.unrestrictedSearchResults(UID=case.UID())
    catalog._catalog.getIndex("SearchableText").unindex_object(brain.getRID())
    assert not catalog.unrestrictedSearchResults(SearchableText="zqupgradeword")
    setup.setLastVersionForProfile("ntnu.casemgmt:default", "1007")
    setup.upgradeProfile("ntnu.casemgmt:default")
    assert setup.getLastVersionForProfile("ntnu.casemgmt:default") == ("1009",)
    assert "@@part-transition" in send.actbox_url
    assert "casemgmt-case-list" in user_actions.objectIds()
    assert "casemgmt-notification-report" in user_actions.objectIds()
    (brain,) = catalog.unrestrictedSearchResults(SearchableText="zqupgradeword")
    assert case.UID() == brain.UID


def test_upgrade_1008_to_1009_brings_the_footer_in_both_languages(demo_portal):
    """The step registers the portlet type for a text in Norwegian and
    English and turns the demo's static footer into one, text kept."""
    from ntnu.casemgmt import demo
    from ntnu.casemgmt.browser import footer
    from plone.portlet.static import static
    from plone.portlets.interfaces import IPortletType
    from zope.component import getUtility
    from zope.component import queryUtility

    setup = api.portal.get_tool("portal_setup")
    mapping = demo.footer_portlets(demo_portal)
    # as version 1008 kept them: Plone's static portlet, no portlet type
    del mapping[demo.FOOTER_PORTLET]
    mapping[demo.FOOTER_PORTLET] = static.Assignment(
        header="NTNU", text="<p>Our contact line</p>", omit_border=True
    )
    sm = demo_portal.getSiteManager()
    sm.unregisterUtility(
        getUtility(IPortletType, name="ntnu.casemgmt.Footer"),
        IPortletType,
        name="ntnu.casemgmt.Footer",
    )
    assert queryUtility(IPortletType, name="ntnu.casemgmt.Footer") is None
    setup.setLastVersionForProfile("ntnu.casemgmt:default", "1008")
    setup.upgradeProfile("ntnu.casemgmt:default")
    assert setup.getLastVersionForProfile("ntnu.casemgmt:default") == ("1009",)
    assert queryUtility(IPortletType, name="ntnu.casemgmt.Footer") is not None
    converted = demo.footer_portlets(demo_portal)[demo.FOOTER_PORTLET]
    assert isinstance(converted, footer.Assignment)
    assert converted.text == "<p>Our contact line</p>"
