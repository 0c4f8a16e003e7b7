"""GET and POST <notification>/@identity-access: the unit's decisions on
parties' requests to know who notified (notification/identity.py)."""

from AccessControl import Unauthorized
from ntnu.casemgmt.core.people import fullname
from ntnu.casemgmt.notification import identity
from ntnu.casemgmt.rest.errors import PayloadTooLarge
from ntnu.casemgmt.services import error
from ntnu.casemgmt.services import json_fields
from plone.restapi.services import Service


FIELDS = ("party", "granted", "reason")


def describe(decision):
    """A decision as JSON."""
    return {
        "party": decision["party"],
        "party_name": fullname(decision["party"]),
        "granted": decision["granted"],
        "reason": decision["reason"],
        "date": decision["date"],
        "by": decision["by"],
    }


def forbidden(
    request,
    message="You may not see or make decisions on access to the notifier's identity.",
):
    return error(request, 403, message, "Forbidden")


class _IdentityAccess(Service):
    def refused(self):
        """The 403 for who may view the case but not the decisions."""
        return None if identity.may_read(self.context) else forbidden(self.request)


class IdentityAccessGet(_IdentityAccess):
    """The decisions and the parties who may ask."""

    def reply(self):
        refused = self.refused()
        if refused:
            return refused
        items = [describe(d) for d in identity.decisions(self.context)]
        why_not = identity.refusal(self.context)
        return {
            "@id": f"{self.context.absolute_url()}/@identity-access",
            "case_number": self.context.case_number,
            "parties": [
                {"id": party, "name": fullname(party)}
                for party in identity.candidates(self.context)
            ],
            "can_decide": why_not is None,
            "items": items,
            "items_total": len(items),
        }


class IdentityAccessPost(_IdentityAccess):
    """``{"party", "granted", "reason"}``: record the decision, change the
    party's access, send them the letter; 201 with the decision. Who reads
    the decisions but may not decide now (a closed case) gets 400 saying
    why, anybody else 403."""

    def reply(self):
        refused = self.refused()
        if refused:
            return refused
        data, refused = json_fields(self.request, FIELDS)
        if refused:
            return refused
        try:
            decision = identity.decide(
                self.context, data.get("party"), data.get("granted"), data.get("reason")
            )
        except Unauthorized as exc:
            return forbidden(self.request, str(exc))
        except identity.IdentityAccessError as exc:
            if exc.status == 413:
                raise PayloadTooLarge(str(exc), [exc.field]) from None
            return error(self.request, exc.status, str(exc), fields=[exc.field])
        self.request.response.setStatus(201)
        return dict(describe(decision), letter=decision["letter"].absolute_url())
