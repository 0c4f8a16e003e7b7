"""Upgrade steps; one per profile version once a version is released."""

from ntnu.casemgmt import demo
from plone import api


PROFILE = "ntnu.casemgmt:default"


def run_pending(site):
    """Run ntnu.casemgmt's pending upgrade steps on ``site``, as a deployment
    of a newer version needs; returns the profile version now, or None when
    nothing was pending."""
    setup = site.portal_setup
    if not setup.listUpgrades(PROFILE):
        return None
    setup.upgradeProfile(PROFILE)
    return ".".join(setup.getLastVersionForProfile(PROFILE))


def navigation_depth(context):
    """1000 -> 1001: the global navigation stops at the second level.

    Only this record is set; importing the whole registry again would undo
    what the site's administrators have set (the statistics threshold).
    """
    api.portal.set_registry_record("plone.navigation_depth", 2)


def action_icons(context):
    """1001 -> 1002: the add-on's user actions get icons of their own.

    Without one, Plone shows its logo beside them and logs a failed icon
    lookup on every page. Importing the actions step again touches only the
    actions this profile defines.
    """
    context.runImportStepFromProfile(f"profile-{PROFILE}", "actions")


#: Registry records added after the first release: (name, field, value).
def _new_records():
    from plone.registry import field

    return [
        (
            "ntnu.casemgmt.max_attachment_mb",
            field.Int(title="Largest attachment (MB)", min=1),
            20,
        ),
        (
            "ntnu.casemgmt.notification_weeks",
            field.Int(title="Weeks to finish a notification case", min=1),
            8,
        ),
        (
            "ntnu.casemgmt.anonymous_submissions_per_hour",
            field.Int(
                title="Anonymous notifications per client and hour (0: no limit)", min=0
            ),
            5,
        ),
        (
            "ntnu.casemgmt.wrong_receipts_per_quarter",
            field.Int(
                title="Wrong receipt codes per client in 15 minutes (0: no limit)",
                min=0,
            ),
            10,
        ),
        (
            "ntnu.casemgmt.wrong_passwords_per_quarter",
            field.Int(
                title=(
                    "Wrong passwords per log-in and client in 15 minutes (0: no limit)"
                ),
                min=0,
            ),
            10,
        ),
    ]


def add_records(records):
    """Add the registry records that are missing; those that exist keep the
    value an administrator gave them (importing the whole registry again
    would not)."""
    from plone.registry import Record
    from plone.registry.interfaces import IRegistry
    from zope.component import getUtility

    registry = getUtility(IRegistry)
    for name, field_, value in records:
        if name not in registry.records:
            registry.records[name] = Record(field_, value)


def trust_first(context):
    """1002 -> 1003 (issue 14): the notifier's identity in one field, field
    read permissions, no generic "Add" of cases, audit log for those who
    read the whole case, due dates by state, throttled log-ins.

    Workflows and the rolemap are imported again and the security of the
    cases updated; every notification case moves its notifier from its
    creator and owner into its ``notifier`` field.
    """
    from ntnu.casemgmt.core.logins import install_login_throttle
    from ntnu.casemgmt.core.people import site_secret
    from ntnu.casemgmt.setuphandlers import secure_logins

    for step in ("rolemap", "workflow", "catalog"):
        context.runImportStepFromProfile(f"profile-{PROFILE}", step)
    add_records(_new_records())
    portal = api.portal.get()
    site_secret()
    secure_logins(portal)
    install_login_throttle(portal)
    move_notifiers_into_their_field(portal)
    remember_case_workers(portal)
    api.portal.get_tool("portal_workflow").updateRoleMappings()
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(
        portal_type=["Deviation", "NotificationCase"]
    ):
        brain._unrestrictedGetObject().reindexObject(
            idxs=["deadline", "reporter_token", "Creator"]
        )


def notifications_reach_people(context):
    """1003 -> 1004 (issue 16): the workflows (the letter's ``send`` is
    guarded by its unfilled placeholders; ``investigate_further``) and the
    rolemap (``ntnu.casemgmt: Register notification``) are imported again.

    No permission of an existing state changed, so no object's security
    needs updating.
    """
    for step in ("rolemap", "workflow"):
        context.runImportStepFromProfile(f"profile-{PROFILE}", step)


def conversations_and_severity(context):
    """1004 -> 1005 (issue 16): each message belongs to one conversation
    and is read by its participant and the unit only; the work lists show
    the severity to those who may read it.

    The rolemap (``ConversationParticipant``) and workflows are imported
    again; existing messages get their own security (they no longer take
    the case's roles); the new ``severity_readers`` index is filled.
    """
    for step in ("rolemap", "workflow", "catalog"):
        context.runImportStepFromProfile(f"profile-{PROFILE}", step)
    catalog = api.portal.get_tool("portal_catalog")
    workflow = api.portal.get_tool("portal_workflow")
    for brain in catalog.unrestrictedSearchResults(portal_type="CaseMessage"):
        message = brain._unrestrictedGetObject()
        workflow.getWorkflowsFor(message)[0].updateRoleMappingsFor(message)
        message.reindexObjectSecurity()
    catalog.manage_reindexIndex(ids=["severity_readers"])


def _records_1006():
    from plone.registry import field

    return [
        (
            "ntnu.casemgmt.suitability_email",
            field.TextLine(
                title="E-mail address of the suitability body", required=False
            ),
            None,
        ),
        (
            "ntnu.casemgmt.orgunit_faculty_map",
            field.List(
                title="Org units and their faculty codes",
                value_type=field.TextLine(),
                required=False,
            ),
            [],
        ),
        (
            "ntnu.casemgmt.oidc_orgunit_claim",
            field.TextLine(title="Claim with the org unit"),
            "eduPersonPrimaryOrgUnitDN",
        ),
        (
            "ntnu.casemgmt.oidc_affiliation_claim",
            field.TextLine(title="Claim with the affiliation (student, employee)"),
            "eduPersonAffiliation",
        ),
        (
            "ntnu.casemgmt.oidc_extra_userinfo_url",
            field.TextLine(
                title="Extended userinfo URL (asked with the access token)",
                required=False,
            ),
            None,
        ),
    ]


def committee_and_signin(context):
    """1005 -> 1006 (issues 18 and 19): the notification workflow gets the
    committee state, ``forward`` its guard; the registry the suitability
    body's address and the Feide sign-in's settings (added, never reset);
    the member data the property ``reporter_role``. A site whose Feide
    plugin is installed keeps Plone's own log-in form as the challenge.
    """
    from ntnu.casemgmt.core.signin import plugin
    from ntnu.casemgmt.core.signin import quiet_challenge

    for step in ("workflow", "memberdata-properties"):
        context.runImportStepFromProfile(f"profile-{PROFILE}", step)
    add_records(_records_1006())
    if plugin() is not None:
        quiet_challenge(api.portal.get())


def _records_1007():
    from plone.registry import field

    return [
        (
            "ntnu.casemgmt.appeals_decision_copies",
            field.List(
                title="Addresses told of an Appeals Committee decision",
                value_type=field.TextLine(),
                required=False,
            ),
            [],
        ),
        (
            "ntnu.casemgmt.retention_years_deviation",
            field.Int(title="Years a closed deviation is kept", min=1),
            5,
        ),
        (
            "ntnu.casemgmt.retention_years_notification",
            field.Int(title="Years a closed notification case is kept", min=1),
            10,
        ),
    ]


def special_paths_and_records(context):
    """1006 -> 1007 (issues 18 and 20): the notification workflow gets
    ``escalated`` with ``escalate`` and ``conclude``, hearings and the
    consulted units (``Consultee``), the parts' workflows the Education
    Quality Division on an escalated case (``EscalationHandler``); a
    notification case may hold hearings; the registry the addresses told
    of an Appeals Committee decision and the retention periods (added,
    never reset).

    The permissions of existing states changed (the shared documents and
    the stages are read by consulted units too), so the security of every
    object under these workflows is updated and reindexed.
    """
    for step in ("rolemap", "workflow", "typeinfo"):
        context.runImportStepFromProfile(f"profile-{PROFILE}", step)
    add_records(_records_1007())
    api.portal.get_tool("portal_workflow").updateRoleMappings()


def for_people(context):
    """1007 -> 1008 (issue 17): the parts' steps lead to their own forms
    (``@@part-transition``: the workflow import), the user menu gets
    **Cases** (the staff case list) and the monthly list of notification
    cases (the actions import), and ``SearchableText`` now holds a case's
    number and the reporter's text and a guideline's text
    (``reporting/catalog.py``), so every case and guideline is reindexed.
    """
    for step in ("workflow", "actions"):
        context.runImportStepFromProfile(f"profile-{PROFILE}", step)
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(
        portal_type=["Deviation", "NotificationCase", "Guideline"]
    ):
        brain._unrestrictedGetObject().reindexObject(idxs=["SearchableText"])


def footer_in_both_languages(context):
    """1008 -> 1009 (issue 17): the portlet type "Text in Norwegian and
    English" (``browser/footer.py``, the portlets import). A site with the
    demo's footer (Plone's static portlet ``ntnu-footer``) gets it as that
    type with the same text; any other footer is the administrator's and
    stays."""
    from plone.portlet.static import static

    context.runImportStepFromProfile(f"profile-{PROFILE}", "portlets")
    portal = api.portal.get()
    if isinstance(
        demo.footer_portlets(portal).get(demo.FOOTER_PORTLET), static.Assignment
    ):
        demo.replace_footer(portal)


def move_notifiers_into_their_field(portal):
    """Before 1003 the notifier was a notification case's creator and
    owner, which the catalog, author pages and bylines showed to anybody
    who could see the case."""
    from ntnu.casemgmt.core.security import SYSTEM_USER
    from ntnu.casemgmt.notification.rules import set_notifier

    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(portal_type="NotificationCase"):
        case = brain._unrestrictedGetObject()
        if getattr(case, "notifier", None) is None and not case.anonymous:
            creators = [c for c in case.listCreators() if c != SYSTEM_USER]
            case.notifier = creators[0] if creators else None
        set_notifier(case, None if case.anonymous else case.notifier)
        for message in case.objectValues():
            if message.portal_type == "CaseMessage":
                for principal, roles in list(message.get_local_roles()):
                    if "Owner" in roles:
                        message.manage_delLocalRoles([principal])
                message.setCreators((SYSTEM_USER,))
                message.reindexObject()


def remember_case_workers(portal):
    """Case workers of approved deviations were told when they were named:
    a later change of the case worker is told to the new one only."""
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(portal_type="Deviation"):
        case = brain._unrestrictedGetObject()
        if getattr(case, "_notified_case_worker", None) is None:
            case._notified_case_worker = case.case_worker
