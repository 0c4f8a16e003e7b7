"""ntnu.casemgmt.site: the admin user and the site that ``make start``,
the buildout instance and ``make bench`` all create the same way."""

from AccessControl.userfolder import UserFolder
from ntnu.casemgmt import site
from types import SimpleNamespace

import pytest


def authenticates(app, password):
    return app.acl_users.authenticate("admin", password, None) is not None


def test_admin_made_once_and_password_changed_only_when_given():
    app = SimpleNamespace(acl_users=UserFolder())  # a Zope root's user folder
    user = site.ensure_admin(app)
    assert user.getId() == "admin"
    assert "Manager" in user.getRoles()
    assert authenticates(app, "admin")
    site.ensure_admin(app, "s3cret-new")
    assert authenticates(app, "s3cret-new") and not authenticates(app, "admin")
    site.ensure_admin(app)  # no password given: the admin keeps the one it has
    assert authenticates(app, "s3cret-new")


def test_existing_site_refused(integration):
    app = integration["app"]
    portal_id = integration["portal"].getId()
    before = set(app.objectIds())
    with pytest.raises(ValueError, match=f"/{portal_id} exists"):
        site.create_site(app, portal_id)
    assert set(app.objectIds()) == before


def test_profiles_of_the_site():
    assert site.PROFILES[-1] == "ntnu.casemgmt:default"
    assert "plonetheme.barceloneta:default" in site.PROFILES
    assert site.DEMO_PROFILES == ["ntnu.casemgmt:demo"]
