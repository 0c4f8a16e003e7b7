"""Create the Zope admin user and the Plone site, once.

Run with Zope's console: ``zconsole run var/instance/etc/zope.conf
scripts/create_site.py``. ``app`` is the Zope root. On a database that
already has the site this only makes sure the admin user exists (and takes
a new ADMIN_PASSWORD when one is set) and runs the add-on's pending upgrade
steps (after a new version was installed), so a second ``make start`` keeps
everything else as it was.
"""

from AccessControl.SecurityManagement import newSecurityManager
from ntnu.casemgmt.core.signin import configure_from_environ
from ntnu.casemgmt.site import create_site
from ntnu.casemgmt.site import ensure_admin
from ntnu.casemgmt.upgrades import run_pending
from Testing.makerequest import makerequest
from zope.component.hooks import setSite

import os
import transaction


SITE_ID = os.environ.get("SITE_ID", "Plone")


def main(app):
    app = makerequest(app)
    newSecurityManager(None, ensure_admin(app, os.environ.get("ADMIN_PASSWORD")))
    if SITE_ID in app.objectIds():
        print(f"site /{SITE_ID} exists: kept as it is")
        setSite(app[SITE_ID])
        version = run_pending(app[SITE_ID])
        if version:
            print(
                f"site /{SITE_ID}: ntnu.casemgmt upgraded to profile version {version}"
            )
    else:
        site = create_site(app, SITE_ID, demo=os.environ.get("DEMO", "1") != "0")
        setSite(site)
        print(f"site /{SITE_ID} created")
    # Sign-in with Feide when OIDC_ISSUER, OIDC_CLIENT_ID and
    # OIDC_CLIENT_SECRET are set (SPEC section 10); otherwise as it was.
    if configure_from_environ(app[SITE_ID], os.environ):
        print(f"site /{SITE_ID}: log in with Feide at {os.environ['OIDC_ISSUER']}")
    transaction.commit()


main(app)  # noqa: F821 (``app`` is given by zconsole)
