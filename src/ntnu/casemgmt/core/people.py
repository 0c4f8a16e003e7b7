"""Who reported or notified, and finding a person's own cases without
naming them in the catalog.

A deviation's reporter is its creator. A notification case's notifier is
kept in its ``notifier`` field only (SPEC §6: readable by those who may
know who notified); its creator and owner are the add-on itself.

"My cases" lists what a person reported or notified. A notification
case's catalog entry must not name its notifier (a party could search for
"is X the notifier?"), so the catalog keeps a keyed hash of the reporter's
or notifier's user id (``reporter_token``): the site's own secret key makes
it impossible to compute for anybody but the site, which computes it for
the signed-in user only. An anonymous case has none.
"""

from plone import api
from plone.protect.utils import safeWrite
from zope.annotation.interfaces import IAnnotations

import hashlib
import hmac
import secrets


SECRET_KEY = "ntnu.casemgmt.secret"  # noqa: S105 (the annotation's name)


def reporter_of(case):
    """User id of whoever reported ``case`` (a deviation's reporter, a
    notification case's notifier unless anonymous), or None."""
    if case.portal_type == "NotificationCase":
        return (
            None
            if getattr(case, "anonymous", False)
            else (getattr(case, "notifier", None) or None)
        )
    creators = case.listCreators()
    return creators[0] if creators else None


def site_secret():
    """The site's secret key (made once, kept in the site's annotations:
    not reachable through the web)."""
    portal = api.portal.get()
    annotations = IAnnotations(portal)
    secret = annotations.get(SECRET_KEY)
    if secret is None:
        secret = annotations[SECRET_KEY] = secrets.token_bytes(32)
        safeWrite(annotations, getattr(portal, "REQUEST", None))
    return secret


def reporter_token(user_id):
    """The catalog's token of ``user_id`` as a reporter or notifier."""
    return hmac.new(
        site_secret(), f"reporter:{user_id}".encode(), hashlib.sha256
    ).hexdigest()


def fullname(user_id):
    """A user's full name; anything that is not a user id is returned as is."""
    if not user_id:
        return ""
    user = api.user.get(userid=user_id)
    return (user.getProperty("fullname", "") if user else "") or user_id
