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
