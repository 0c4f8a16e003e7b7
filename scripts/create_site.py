"""Create the Zope admin user and the Plone site, once.

Run with Zope's console: ``zconsole run var/instance/etc/zope.conf
scripts/create_site.py``. ``app`` is the Zope root. On a database that
already has the site this only makes sure the admin user exists (and takes
a new ADMIN_PASSWORD when one is set) and runs the add-on's pending upgrade
steps (after a new version was installed), so a second ``make start`` keeps
everything else as it was.
"""

from AccessControl.SecurityManagement import newSecurityManager
from ntnu.casemgmt.upgrades import run_pending
from Testing.makerequest import makerequest
from zope.component.hooks import setSite

import os
import transaction


SITE_ID = os.environ.get("SITE_ID", "Plone")
PROFILES = [
    "plone.app.contenttypes:default",
    "plone.app.layout:default",
    "plonetheme.barceloneta:default",
    "ntnu.casemgmt:default",
]
DEMO_PROFILES = ["ntnu.casemgmt:demo"]


def ensure_admin(app):
    password = os.environ.get("ADMIN_PASSWORD")
    users = app.acl_users
    if "admin" not in users.getUserNames():
        users._doAddUser("admin", password or "admin", ["Manager"], [])
    elif password:
        users._doChangeUser("admin", password, ["Manager"], [])
    return users.getUserById("admin").__of__(users)


def create_site(app):
    from Products.CMFPlone.factory import addPloneSite

    with_demo = os.environ.get("DEMO", "1") != "0"
    site = addPloneSite(
        app,
        SITE_ID,
        title="NTNU intranett",
        setup_content=False,
        default_language="en",
        portal_timezone="Europe/Oslo",
        extension_ids=PROFILES + (DEMO_PROFILES if with_demo else []),
    )
    return site


def main(app):
    app = makerequest(app)
    newSecurityManager(None, ensure_admin(app))
    if SITE_ID in app.objectIds():
        print(f"site /{SITE_ID} exists: kept as it is")
        setSite(app[SITE_ID])
        version = run_pending(app[SITE_ID])
        if version:
            print(f"site /{SITE_ID}: ntnu.casemgmt upgraded to profile version {version}")
    else:
        site = create_site(app)
        setSite(site)
        print(f"site /{SITE_ID} created")
    transaction.commit()


main(app)  # noqa: F821 (``app`` is given by zconsole)
