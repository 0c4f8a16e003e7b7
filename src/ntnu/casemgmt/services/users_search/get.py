"""GET /@users-search?q=<text>[&groups=true]: the people a picker offers
(SPEC §7), for staff who assign people only (core/directory.py)."""

from ntnu.casemgmt.core import directory
from ntnu.casemgmt.services import error
from plone.restapi.services import Service


PARAMETERS = ("q", "groups")


def _groups(value):
    """The ``groups`` parameter as a bool.

    :raises directory.QueryError: anything but ``true`` or ``false``.
    """
    if value in (None, "", "false"):
        return False
    if value == "true":
        return True
    error = directory.QueryError("groups: true or false.")
    error.field = "groups"
    raise error


class UsersSearchGet(Service):
    """``{"items": [{"id", "title", "faculty", "faculty_title"}]}``, with
    ``"group": true`` on a notification unit (``groups=true``)."""

    def reply(self):
        form = self.request.form
        unknown = sorted(set(form) - set(PARAMETERS))
        if unknown:
            return error(
                self.request,
                400,
                f"{unknown[0]}: unknown parameter (give q, and groups=true "
                "for the notification units).",
                fields=[unknown[0]],
            )
        try:
            groups = _groups(form.get("groups"))
            items = directory.search(form.get("q"), groups=groups)
        except directory.QueryError as exc:
            return error(self.request, 400, str(exc), fields=[exc.field])
        except directory.NotStaff as exc:
            return error(self.request, 403, str(exc), "Forbidden")
        return {
            "@id": f"{self.context.absolute_url()}/@users-search",
            "items": items,
            "items_total": len(items),
        }
