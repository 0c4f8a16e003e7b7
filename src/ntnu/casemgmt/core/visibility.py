"""Which fields of a case a person may read: the one rule, from the
schemas' read permissions (plone.autoform ``read_permission``).

plone.restapi applies the same read permissions to every JSON answer; the
case pages, the case report PDF and anything else that shows a field asks
``readable`` here, so all of them show the same.
"""

from AccessControl import getSecurityManager
from plone.autoform.interfaces import READ_PERMISSIONS_KEY
from plone.dexterity.utils import iterSchemata
from plone.dexterity.utils import iterSchemataForType
from plone.supermodel.utils import mergedTaggedValueDict
from zope.component import queryUtility
from zope.security.interfaces import IPermission


#: Who handles a case: the deviation's staff, the notification unit and
#: the central reception; the permission of the history and internal fields.
INTERNALS = "ntnu.casemgmt: View case internals"


def _read_permissions(obj):
    result = {}
    for schema in iterSchemata(obj):
        result.update(mergedTaggedValueDict(schema, READ_PERMISSIONS_KEY))
    return result


def unguarded(portal_type, name):
    """Is field ``name`` of ``portal_type`` readable by everyone who may
    view an object of it (no read permission of its own)? What the lists
    show from the catalog and what the text search indexes ask this."""
    for schema in iterSchemataForType(portal_type):
        if name in mergedTaggedValueDict(schema, READ_PERMISSIONS_KEY):
            return False
    return True


def readable(obj, name):
    """May the current user read field ``name`` of ``obj`` (which they may
    view)?"""
    permission_id = _read_permissions(obj).get(name)
    if not permission_id:
        return True
    permission = queryUtility(IPermission, name=permission_id)
    if permission is None:
        return False
    return bool(getSecurityManager().checkPermission(permission.title, obj))


def handles(obj):
    """Is the current user one of the people handling the case ``obj``?"""
    return bool(getSecurityManager().checkPermission(INTERNALS, obj))
