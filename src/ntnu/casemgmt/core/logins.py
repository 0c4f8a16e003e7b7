"""Wrong passwords are slowed down, per log-in name and client.

A PAS authentication plugin takes the place of the ZODB user manager
(``source_users``) as the site's password check: it asks ``source_users``
and counts each wrong password per (log-in name, client) in the store of
:mod:`ntnu.casemgmt.core.ratelimit` (shared by all instances, no client data in
the ZODB). After ``ntnu.casemgmt.wrong_passwords_per_quarter`` of them
within 15 minutes that pair is refused, right password or not, until the
oldest of them is 15 minutes old. Others logging in as the same user from
elsewhere are not affected, so a guesser cannot lock a person out; nor
is a log-in name refused to everybody behind the guesser's address.

It serves every way of logging in with a password: HTTP basic auth, the
Classic UI log-in form (the cookie plugin's credentials), and
plone.restapi's ``@login`` (which asks the authentication plugins too).
"""

from AccessControl import ClassSecurityInfo
from AccessControl.class_init import InitializeClass
from Acquisition import aq_inner
from Acquisition import aq_parent
from ntnu.casemgmt import logger
from ntnu.casemgmt.core import ratelimit
from Products.PluggableAuthService.interfaces.plugins import IAuthenticationPlugin
from Products.PluggableAuthService.plugins.BasePlugin import BasePlugin
from zope.globalrequest import getRequest
from zope.interface import implementer


#: The plugin's id in the site's ``acl_users``.
PLUGIN_ID = "casemgmt_login_throttle"

#: The password check it wraps.
WRAPPED_ID = "source_users"


def login_key(request, login):
    """The store's key of a (log-in name, client) pair."""
    return ratelimit.client_key(request, "login", login.strip().lower())


@implementer(IAuthenticationPlugin)
class LoginThrottle(BasePlugin):
    """Checks passwords with ``source_users``, refusing a (log-in name,
    client) pair after too many wrong ones."""

    meta_type = "ntnu.casemgmt Login Throttle"
    security = ClassSecurityInfo()

    def __init__(self, id, title=None):  # noqa: A002 (PAS's plugin signature)
        self._setId(id)
        self.title = title

    def _wrapped(self):
        return aq_parent(aq_inner(self))._getOb(WRAPPED_ID, None)

    @security.private
    def authenticateCredentials(self, credentials):
        """``(user id, login)`` for a right password within the limit,
        else None (as ``source_users``)."""
        source = self._wrapped()
        if source is None:
            return None
        login = credentials.get("login")
        request = getRequest()
        if (
            not isinstance(login, str)
            or credentials.get("password") is None
            or request is None
        ):
            # Nothing to count (no password, or no client: a script).
            return source.authenticateCredentials(credentials)
        key = login_key(request, login)
        now = ratelimit.clock()
        if ratelimit.WRONG_PASSWORDS.over(key, now):
            logger.info(
                "log-in %r refused to one client after too many wrong passwords", login
            )
            return None
        result = source.authenticateCredentials(credentials)
        if result is None:
            ratelimit.WRONG_PASSWORDS.hit(key, now)
        return result


InitializeClass(LoginThrottle)


def install_login_throttle(portal):
    """Put the throttle in the place of ``source_users`` as the site's
    authentication plugin. Safe to run again (an upgrade step)."""
    pas = portal.acl_users
    if pas._getOb(WRAPPED_ID, None) is None:
        logger.warning("no %s in acl_users: log-in throttle not installed", WRAPPED_ID)
        return
    if PLUGIN_ID not in pas.objectIds():
        pas._setObject(
            PLUGIN_ID,
            LoginThrottle(PLUGIN_ID, "Slows down wrong passwords (ntnu.casemgmt)"),
        )
    registry = pas.plugins
    active = list(registry.listPluginIds(IAuthenticationPlugin))
    if PLUGIN_ID not in active:
        registry.activatePlugin(IAuthenticationPlugin, PLUGIN_ID)
        if WRAPPED_ID in active:
            # Where source_users was: the order of the other plugins holds.
            for _ in range(len(active) - active.index(WRAPPED_ID)):
                registry.movePluginsUp(IAuthenticationPlugin, [PLUGIN_ID])
    if WRAPPED_ID in registry.listPluginIds(IAuthenticationPlugin):
        registry.deactivatePlugin(IAuthenticationPlugin, WRAPPED_ID)


def uninstall_login_throttle(portal):
    """Give ``source_users`` its place back and remove the throttle. Safe
    to run again."""
    pas = portal.acl_users
    registry = pas.plugins
    active = list(registry.listPluginIds(IAuthenticationPlugin))
    if pas._getOb(WRAPPED_ID, None) is not None and WRAPPED_ID not in active:
        registry.activatePlugin(IAuthenticationPlugin, WRAPPED_ID)
        if PLUGIN_ID in active:
            for _ in range(len(active) - active.index(PLUGIN_ID)):
                registry.movePluginsUp(IAuthenticationPlugin, [WRAPPED_ID])
    if PLUGIN_ID in active:
        registry.deactivatePlugin(IAuthenticationPlugin, PLUGIN_ID)
    if PLUGIN_ID in pas.objectIds():
        registry.removePluginById(PLUGIN_ID)
        pas._delObject(PLUGIN_ID)
