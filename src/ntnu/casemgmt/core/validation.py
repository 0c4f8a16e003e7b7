"""Field constraints shared by the content schemas.

Constraints run both in the Classic UI forms and in plone.restapi's
deserializer, so a bad value is refused the same way in both places.
"""

from ntnu.casemgmt import _
from plone import api
from zope.schema import ValidationError

import re


FACULTY_CODE = re.compile(r"^[a-z][a-z0-9-]{0,15}$")

#: Longest values of the schemas' text fields, in characters (a larger
#: value is refused with 413 over REST and a form error in the UI).
TITLE_LENGTH = 300
LINE_LENGTH = 200
TEXT_LENGTH = 20_000
LETTER_LENGTH = 100_000


#: Registry record: the largest attachment in MB (SPEC §3), and its default.
MAX_ATTACHMENT_RECORD = "ntnu.casemgmt.max_attachment_mb"
MAX_ATTACHMENT_MB = 20


def max_attachment_bytes():
    """The largest file a case document may hold, in bytes."""
    value = api.portal.get_registry_record(
        MAX_ATTACHMENT_RECORD, default=MAX_ATTACHMENT_MB
    )
    return (
        (value if isinstance(value, int) and value > 0 else MAX_ATTACHMENT_MB)
        * 1024
        * 1024
    )


class FileTooLarge(ValidationError):
    __doc__ = _("The file is too large.")


class UnknownUser(ValidationError):
    __doc__ = _("There is no user with this user id.")


class UnknownPrincipal(ValidationError):
    __doc__ = _("There is no user or group with this id.")


class BadFacultyCode(ValidationError):
    __doc__ = _(
        "Use a short code of lowercase letters, digits and hyphens, "
        "starting with a letter."
    )


def user_exists(value):
    """Accept a user id only if the user exists in the site."""
    if value and api.user.get(userid=value) is None:
        raise UnknownUser(value)
    return True


def users_exist(values):
    """Accept a list of user ids only if every user exists."""
    for value in values or ():
        user_exists(value)
    return True


def principals_exist(values):
    """Accept a list of user or group ids (a hearing may consult a whole
    unit, e.g. ``nv-notification-unit``) only if each exists."""
    for value in values or ():
        if (
            value
            and api.user.get(userid=value) is None
            and api.group.get(groupname=value) is None
        ):
            raise UnknownPrincipal(value)
    return True


def file_size(value):
    """Accept a file no larger than the registry's limit."""
    if value is not None and getattr(value, "size", 0) > max_attachment_bytes():
        raise FileTooLarge(value.filename)
    return True


def faculty_code(value):
    """Accept a faculty code of the SPEC form (``ie``, ``nv``, ...)."""
    if not FACULTY_CODE.match(value or ""):
        raise BadFacultyCode(value)
    return True
