"""Upgrade steps; one per profile version once a version is released."""

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
