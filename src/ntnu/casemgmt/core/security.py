"""The add-on's two levers on security: acting with more rights than the
current user (``as_system``), and telling Plone that derived roles changed
(``roles_changed``).

The one way the add-on acts with more rights than the current user.

``as_system()`` runs a block as ``casemgmt-system``, an unrestricted user
with the Manager role that exists only in memory. It is used where the rules
of the process, not the person in front of the screen, decide:

* an anonymous notification must not record who sent it;
* a transfer or a forward moves a case between places the actor cannot
  write to;
* the state of a case document follows its visibility field, hearings
  close with their case, expired hearings close by themselves.

Unlike ``plone.api.env.adopt_roles`` (proxy roles), this user's roles are
seen by workflow guards too. Everything done inside is attributed to
``casemgmt-system``; callers check first that the person may do what they
asked for.
"""

from AccessControl.SecurityManagement import getSecurityManager
from AccessControl.SecurityManagement import newSecurityManager
from AccessControl.SecurityManagement import setSecurityManager
from AccessControl.users import UnrestrictedUser
from contextlib import contextmanager
from plone import api
from zope.annotation.interfaces import IAnnotations
from zope.globalrequest import getRequest


SYSTEM_USER = "casemgmt-system"


class SystemUser(UnrestrictedUser):
    """The add-on acting on its own rules."""

    def getId(self):
        return SYSTEM_USER


@contextmanager
def as_system():
    """Run the block as ``casemgmt-system`` (see the module docstring)."""
    previous = getSecurityManager()
    user = SystemUser(SYSTEM_USER, "", ("Manager",), ())
    newSecurityManager(None, user.__of__(api.portal.get().acl_users))
    try:
        yield
    finally:
        setSecurityManager(previous)


def _forget_cached_checks(request):
    """Drop borg.localrole's per-request cache of role checks, which would
    otherwise keep answering with the roles from before the change."""
    annotations = IAnnotations(request, None)
    if annotations is None:
        return
    for key in [
        k for k in annotations if isinstance(k, str) and "checkLocalRolesAllowed" in k
    ]:
        del annotations[key]


def roles_changed(obj):
    """Derived roles of ``obj`` changed: update the catalog's security of
    ``obj`` and what it contains (never more), and this request's checks."""
    obj.reindexObjectSecurity()
    request = getRequest()
    if request is not None:
        _forget_cached_checks(request)
