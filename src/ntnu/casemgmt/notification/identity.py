"""A party's access to the notifier's identity (Fvl. § 19, guide § 2.3).

When the unit withholds the notifier's identity from the parties
(``hide_notifier_from_parties``), a party may ask, in their conversation
with the unit, to learn who notified. The unit decides each request on its
own merits and records the decision here, on the case:

* ``case._identity_access`` (``core.roles.IDENTITY_ACCESS_KEY``) maps the
  party's user id to the last decision: ``granted``, ``reason``, ``date``
  and ``by``. A later decision for the same party replaces the earlier one;
  the audit trail keeps both (``identity_access`` entries).
* ``core.roles.NotificationRoles`` gives a party granted access the role
  ``NotifierIdentityReader`` (the read permission of the notifier's
  fields), so the case page, REST and the case record show the notifier
  to that party and nobody else.
* The party is told by a letter (template ``identity_access_decision``:
  the decision, its reason and the right to appeal, fvl. § 21), sent at
  once; sending it mails them the usual notice (parts/mails.py).

Only who handles the case and may know who notified decides
(``may_decide``: the notification unit, the central reception while it
holds the case, Manager), and only while the case is open; the same
people read the decisions (``may_read``), also once the case is closed.
"""

from AccessControl import Unauthorized
from datetime import date
from ntnu.casemgmt.core.names import part_id
from ntnu.casemgmt.core.people import reporter_of
from ntnu.casemgmt.core.roles import IDENTITY_ACCESS_KEY
from ntnu.casemgmt.core.security import roles_changed
from ntnu.casemgmt.core.validation import TEXT_LENGTH
from ntnu.casemgmt.notification import audit
from ntnu.casemgmt.notification.mails import parties_of
from persistent.mapping import PersistentMapping
from plone import api


#: The letter that tells the party the decision.
TEMPLATE = "identity_access_decision"

#: States in which the unit decides (the case is with the faculty's unit
#: and not closed).
OPEN_STATES = ("investigation", "assessment", "measures", "follow_up", "escalated")

#: The read permission of the notifier's fields.
VIEW_IDENTITY = "ntnu.casemgmt: View notifier identity"

#: The permission of the people handling the case.
INTERNALS = "ntnu.casemgmt: View case internals"


class IdentityAccessError(ValueError):
    """A decision that cannot be recorded, because of ``field``; ``status``
    is the HTTP answer (400, or 413 for a reason over the limit)."""

    def __init__(self, field, message, status=400):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.status = status


def may_decide(case):
    """May the current user record a decision? Who may both know who
    notified and change the case (the unit, the central reception while it
    holds the case, Manager)."""
    return api.user.has_permission(VIEW_IDENTITY, obj=case) and api.user.has_permission(
        "Modify portal content", obj=case
    )


def may_read(case):
    """May the current user read the decisions? Who may know who notified
    and handles the case: the same people, also once the case is closed."""
    return api.user.has_permission(VIEW_IDENTITY, obj=case) and api.user.has_permission(
        INTERNALS, obj=case
    )


def _state(case):
    history = case.workflow_history.get("casemgmt_notification_workflow") or ()
    return history[-1]["review_state"] if history else None


def refusal(case):
    """Why no decision can be made on ``case`` now, as an
    ``IdentityAccessError``, or None."""
    if getattr(case, "anonymous", False) or not (
        getattr(case, "notifier", None) or getattr(case, "notifier_name", None)
    ):
        field = "anonymous" if getattr(case, "anonymous", False) else "notifier"
        return IdentityAccessError(field, "no identity to disclose.")
    if not getattr(case, "hide_notifier_from_parties", False):
        return IdentityAccessError(
            "hide_notifier_from_parties",
            "the notifier's identity is not withheld: the parties see it already.",
        )
    if _state(case) not in OPEN_STATES:
        return IdentityAccessError(
            "review_state", "decisions are made while the unit handles the case."
        )
    return None


def candidates(case):
    """The parties who may ask: every party but the notifier."""
    notifier = reporter_of(case)
    return [party for party in parties_of(case) if party != notifier]


def check(case, party, granted, reason):
    """The decision's values, checked; nothing is written.

    :returns: the reason, stripped.
    :raises IdentityAccessError: naming what is wrong.
    """
    refused = refusal(case)
    if refused is not None:
        raise refused
    if not isinstance(party, str) or not party:
        raise IdentityAccessError("party", "name the party (a user id).")
    if party == reporter_of(case):
        raise IdentityAccessError(
            "party", "the notifier knows who notified: name another party."
        )
    if party not in candidates(case):
        raise IdentityAccessError("party", "not a party to this case.")
    if not isinstance(granted, bool):
        raise IdentityAccessError("granted", "true (granted) or false (refused).")
    if not isinstance(reason, str) or not reason.strip():
        raise IdentityAccessError("reason", "the reason is required.")
    if len(reason) > TEXT_LENGTH:
        raise IdentityAccessError(
            "reason", f"at most {TEXT_LENGTH} characters.", status=413
        )
    return reason.strip()


def decisions(case):
    """The decisions of ``case``, by party: ``[{party, granted, reason,
    date, by}]``."""
    stored = getattr(case, IDENTITY_ACCESS_KEY, None) or {}
    return [dict(stored[party], party=party) for party in sorted(stored)]


def decide(case, party, granted, reason):
    """Record the unit's decision on ``party``'s request to know who
    notified, change their access accordingly and send them the letter.

    Everything is checked before anything is written.

    :param party: user id of a party (not the notifier).
    :param granted: True to disclose the notifier to ``party``.
    :param reason: why (required; it goes into the letter).
    :returns: the decision, with ``party`` and the sent ``letter``.
    :raises IdentityAccessError: bad input or a case where there is
        nothing to decide (see ``check``).
    :raises AccessControl.Unauthorized: the user may not decide
        (``may_decide``); who handles the case is told why instead when
        nobody could decide now (a closed case).
    """
    if not may_decide(case):
        refused = refusal(case) if may_read(case) else None
        raise refused or Unauthorized(
            "You may not decide on access to the notifier's identity."
        )
    reason = check(case, party, granted, reason)
    decision = {
        "granted": granted,
        "reason": reason,
        "date": date.today().isoformat(),
        "by": api.user.get_current().getId(),
    }
    stored = getattr(case, IDENTITY_ACCESS_KEY, None)
    if stored is None:
        stored = PersistentMapping()
        setattr(case, IDENTITY_ACCESS_KEY, stored)
    stored[party] = decision
    audit.record(
        case,
        "identity_access",
        f"{party}: {'granted' if granted else 'refused'}: {reason}",
    )
    roles_changed(case)
    letter = _send_letter(case, party)
    return dict(decision, party=party, letter=letter)


def _send_letter(case, party):
    """Make the decision letter to ``party`` (filled in from the decision,
    parts/letters) and send it."""
    letter = api.content.create(
        container=case,
        type="Letter",
        id=part_id(case, "Letter"),  # as the name chooser would (core.names)
        template=TEMPLATE,
        recipient=party,
        title="",
    )
    api.content.transition(obj=letter, transition="send")
    return letter
