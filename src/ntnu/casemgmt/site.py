"""The intranet's Plone site and the Zope admin user, made in one place
for ``make start`` (scripts/create_site.py), the buildout instance and
``make bench``, so that all of them run the same site."""

from Products.CMFPlone.factory import addPloneSite


PROFILES = [
    "plone.app.contenttypes:default",
    "plone.app.layout:default",
    "plonetheme.barceloneta:default",
    "ntnu.casemgmt:default",
]
DEMO_PROFILES = ["ntnu.casemgmt:demo"]


def ensure_admin(app, password=None):
    """The Zope root's ``admin`` (Manager), wrapped for a security manager.

    Made with ``password`` (or ``admin``) when missing; an existing admin
    gets ``password`` when one is given and keeps its own otherwise.
    """
    users = app.acl_users
    if "admin" not in users.getUserNames():
        users._doAddUser("admin", password or "admin", ["Manager"], [])
    elif password:
        users._doChangeUser("admin", password, ["Manager"], [])
    return users.getUserById("admin").__of__(users)


def create_site(app, site_id="Plone", demo=True):
    """Add the Plone site ``site_id`` with the add-on (and the demo users,
    faculties and pages when ``demo``); Norwegian time, English default."""
    if site_id in app.objectIds():
        raise ValueError(f"/{site_id} exists already")
    return addPloneSite(
        app,
        site_id,
        title="NTNU intranett",
        setup_content=False,
        default_language="en",
        portal_timezone="Europe/Oslo",
        extension_ids=PROFILES + (DEMO_PROFILES if demo else []),
    )
