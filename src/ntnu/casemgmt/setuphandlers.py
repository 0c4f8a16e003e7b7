"""Install and uninstall handlers of the profiles."""

from Acquisition import aq_base
from BTrees.OOBTree import OOBTree
from ntnu.casemgmt.core.logins import install_login_throttle
from ntnu.casemgmt.core.logins import uninstall_login_throttle
from ntnu.casemgmt.core.mailhost import CaseMailHost
from ntnu.casemgmt.core.people import site_secret
from ntnu.casemgmt.core.places import ensure_structure
from ntnu.casemgmt.core.signin import quiet_challenge
from plone import api
from plone.base.interfaces import INonInstallable
from Products.MailHost.interfaces import IMailHost
from Products.MailHost.MailHost import MailHost
from zope.interface import implementer


@implementer(INonInstallable)
class HiddenProfiles:
    def getNonInstallableProfiles(self):
        """The uninstall profile is not for the add-ons control panel."""
        return ["ntnu.casemgmt:uninstall"]


def _swap_mailhost(portal, klass):
    """Replace the site's MailHost by one of ``klass``, keeping its settings."""
    old = aq_base(portal.MailHost)
    if type(old) is klass:
        return
    new = klass(
        "MailHost",
        smtp_host=old.smtp_host,
        smtp_port=old.smtp_port,
        smtp_uid=old.smtp_uid,
        smtp_pwd=old.smtp_pwd,
        force_tls=old.force_tls,
    )
    portal._delObject("MailHost")
    portal._setObject("MailHost", new)
    # Plone's own mails (password reset, ...) look the mail host up as a
    # utility: point that registration at the new object too.
    portal.getSiteManager().registerUtility(portal.MailHost, provided=IMailHost)


def secure_logins(portal):
    """plone.restapi's tokens end with ``@logout``: the JWT plugin keeps the
    tokens it issued and forgets one on logout (otherwise a token stays
    valid until it expires, whatever the user did)."""
    plugin = getattr(aq_base(portal.acl_users), "jwt_auth", None)
    if plugin is not None and not plugin.store_tokens:
        plugin = portal.acl_users.jwt_auth
        plugin.store_tokens = True
        if getattr(plugin, "_tokens", None) is None:
            plugin._tokens = OOBTree()


def post_install(context):
    """After the default profile: the site layout, the mail host, the
    site's secret key and the log-in settings."""
    portal = api.portal.get()
    ensure_structure(portal)
    site_secret()
    secure_logins(portal)
    install_login_throttle(portal)
    quiet_challenge(portal)
    # Mail needs a sender; the mail control panel changes it.
    if not api.portal.get_registry_record("plone.email_from_address", default=""):
        api.portal.set_registry_record(
            "plone.email_from_address", "noreply@example.org"
        )
        api.portal.set_registry_record("plone.email_from_name", "NTNU saksbehandling")
    # plone.app.testing's MockMailHost stays in tests.
    if type(aq_base(portal.MailHost)) is MailHost:
        _swap_mailhost(portal, CaseMailHost)


def uninstall(context):
    """Give the site its plain MailHost back. Cases stay (they are records)."""
    portal = api.portal.get()
    if type(aq_base(portal.MailHost)) is CaseMailHost:
        _swap_mailhost(portal, MailHost)
    uninstall_login_throttle(portal)
