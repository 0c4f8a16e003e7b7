"""Field constraints shared by the content schemas.

Constraints run both in the Classic UI forms and in plone.restapi's
deserializer, so a bad value is refused the same way in both places.
"""

from ntnu.casemgmt import _
from plone import api
from zope.schema import ValidationError

import re


FACULTY_CODE = re.compile(r"^[a-z][a-z0-9-]{0,15}$")


class UnknownUser(ValidationError):
    __doc__ = _("There is no user with this user id.")


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


def faculty_code(value):
    """Accept a faculty code of the SPEC form (``ie``, ``nv``, ...)."""
    if not FACULTY_CODE.match(value or ""):
        raise BadFacultyCode(value)
    return True
