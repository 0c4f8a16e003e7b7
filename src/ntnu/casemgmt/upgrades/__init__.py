"""Upgrade steps; one per profile version once a version is released."""

from plone import api


def navigation_depth(context):
    """1000 -> 1001: the global navigation stops at the second level.

    Only this record is set; importing the whole registry again would undo
    what the site's administrators have set (the statistics threshold).
    """
    api.portal.set_registry_record("plone.navigation_depth", 2)
