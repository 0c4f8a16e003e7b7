"""Letters made from templates (``letters/templates.py``), SPEC §3.

A new letter gets a title and a body from its template, filled in from the
case, in the recipient's language. The body stays editable while the letter
is a draft; the ``send`` transition stamps the date, and the workflow lets
nobody change a sent letter.
"""

from Acquisition import aq_parent
from datetime import date
from ntnu.casemgmt import _
from ntnu.casemgmt.core import dates
from ntnu.casemgmt.core import mail as mails
from ntnu.casemgmt.core.people import fullname
from ntnu.casemgmt.core.people import reporter_of
from ntnu.casemgmt.core.roles import IDENTITY_ACCESS_KEY
from ntnu.casemgmt.core.security import roles_changed
from ntnu.casemgmt.core.vocabularies import DEVIATION_CATEGORIES
from ntnu.casemgmt.core.vocabularies import NOTIFICATION_CATEGORIES
from ntnu.casemgmt.parts import mails as part_mails
from ntnu.casemgmt.parts.letters.placeholders import missing
from plone import api
from string import Template
from zope.i18n import translate


def _faculty_title(case):
    for item in case.aq_chain:
        if getattr(item, "portal_type", None) in ("Faculty", "CentralReception"):
            return item.title
    return ""


#: ``Letter.recipient`` for the case's notifier, named or anonymous (SPEC
#: §3): the letter does not name them, and only those who may know who
#: notified read it (content.letter).
NOTIFIER = "notifier"

#: Templates addressed to the notifier of a notification case.
TO_NOTIFIER = ("receipt_confirmation", "summons_notifier")

#: Templates addressed to the accused, a party who is not the reporter.
TO_ACCUSED = (
    "summons_accused",
    "written_warning",
    "advance_notice_expulsion",
    "warning_violation_expulsion",
    "exclusion_notice",
    "appeals_committee_decision",
)


def default_recipient(template, case):
    """Whom a letter of ``template`` goes to unless the writer says."""
    if case.portal_type == "NotificationCase" and template in TO_NOTIFIER:
        return NOTIFIER
    reporter = reporter_of(case) or ""
    if template in TO_ACCUSED:
        parties = [p for p in (getattr(case, "parties", None) or []) if p != reporter]
        return parties[0] if parties else ""
    return reporter


def recipient_id(case, recipient):
    """The user id a letter's ``recipient`` stands for (``notifier``: the
    case's notifier), or None for a name or nobody."""
    if recipient == NOTIFIER:
        return reporter_of(case)
    return recipient or None


def language_of(recipient, case=None):
    """The language a letter to ``recipient`` (a user id, ``notifier`` or a
    name) is in."""
    user_id = recipient_id(case, recipient) if case is not None else recipient
    user = api.user.get(userid=user_id) if user_id else None
    return mails.user_language(user) if user is not None else mails.site_language()


#: Placeholders naming a person of the case: ``<field>_name``.
PEOPLE = ("case_worker_name", "case_officer_name", "responsible_manager_name")


def _name_or_placeholder(case, name, language):
    """The full name of the person in field ``name`` without ``_name``, or,
    while nobody is named, a placeholder that keeps the letter from being
    sent until the writer fills it in (never "The responsible manager is .")."""
    user_id = getattr(case, name.removesuffix("_name"), None)
    return fullname(user_id) if user_id else missing(name, language)


#: ``${decision}`` of the letter on a party's access to the notifier's
#: identity (notification/identity.py), by the decision.
IDENTITY_DECISIONS = {
    True: _(
        "letter_identity_access_granted",
        default="Your request is granted. You can now see on the case page who "
        "submitted the notification. You may use this information to safeguard "
        "your interests in the case, but you must not pass it on to others.",
    ),
    False: _(
        "letter_identity_access_refused",
        default="Your request is refused. The identity of the person who "
        "submitted the notification will not be disclosed to you.",
    ),
}


def _identity_decision(case, recipient, language):
    """``decision`` and ``reason``: the unit's last decision on the access
    of ``recipient`` to the notifier's identity; placeholders the writer
    fills in when there is none (a letter made by hand)."""
    decision = (getattr(case, IDENTITY_ACCESS_KEY, None) or {}).get(recipient)
    if decision is None:
        return {
            "decision": missing("decision", language),
            "reason": missing("reason", language),
        }
    return {
        "decision": translate(
            IDENTITY_DECISIONS[bool(decision["granted"])], target_language=language
        ),
        "reason": decision["reason"],
    }


def values(case, recipient, language, today=None):
    """The placeholders of the templates, from ``case``."""
    category_vocabulary = (
        DEVIATION_CATEGORIES
        if case.portal_type == "Deviation"
        else NOTIFICATION_CATEGORIES
    )
    category = getattr(case, "category", None)
    category_title = ""
    if category in category_vocabulary:
        category_title = translate(
            category_vocabulary.getTerm(category).title, target_language=language
        )
    received = getattr(case, "received", None)
    deadline = getattr(case, "deadline", None)
    return {
        "case_number": case.case_number or "",
        "case_title": case.title or "",
        "faculty": _faculty_title(case),
        # dates as the recipient writes them (core/dates.py)
        "date": dates.format_date(today or date.today(), language),
        "recipient_name": fullname(recipient_id(case, recipient)),
        "deadline": dates.format_date(deadline, language),
        "new_deadline": missing("new_deadline", language),
        "closing_comment": getattr(case, "closing_comment", "") or "",
        "rejection_reason": getattr(case, "rejection_reason", "") or "",
        **{name: _name_or_placeholder(case, name, language) for name in PEOPLE},
        "received": dates.format_date(received, language),
        "category": category_title,
        "summary": getattr(case, "summary", "") or "",
        "outcome": getattr(case, "outcome", "") or "",
        "immediate_measures": getattr(case, "immediate_measures", "") or "",
        **_identity_decision(case, recipient, language),
    }


#: First words of the two alternative "your rights" paragraphs of the
#: receipt confirmation; the one that does not apply is left out.
RIGHTS = {
    "party": ("You are a party", "Du er part"),
    "non_party": ("You are not a party", "Du er ikke part"),
}

#: The template's instruction to choose one of them, left out with it.
CHOOSE = ("[Keep the paragraph", "[Behold avsnittet")


def _choose_rights(body, case):
    """Keep the rights paragraph that applies to the notifier (SPEC §6)."""
    drop = RIGHTS["non_party" if getattr(case, "notifier_is_party", False) else "party"]
    paragraphs = [
        p
        for p in body.split("\n\n")
        if not p.startswith(drop) and not p.strip().startswith(CHOOSE)
    ]
    # the heading line followed by the instruction in brackets; other
    # placeholders (a name not known yet) stay for the writer to fill in
    paragraphs = [
        "\n".join(line for line in p.splitlines() if not line.startswith(CHOOSE))
        for p in paragraphs
    ]
    return "\n\n".join(paragraphs)


def render(template, case, recipient, today=None):
    """``(title, body, language)`` of a letter of ``template`` about ``case``."""
    from ntnu.casemgmt.parts.letters.templates import TEMPLATES

    language = language_of(recipient, case)
    texts = TEMPLATES[template].get(language) or TEMPLATES[template]["en"]
    mapping = values(case, recipient, language, today)
    title = Template(texts["title"]).safe_substitute(mapping)
    body = Template(texts["body"]).safe_substitute(mapping)
    if template == "receipt_confirmation":
        body = _choose_rights(body, case)
    return title, body, language


def letter_added(letter, event):
    """Pre-fill recipient, title and body of a new letter from its template."""
    case = aq_parent(letter)
    if not getattr(case, "case_number", None) or not letter.template:
        return
    if not letter.recipient:
        letter.recipient = default_recipient(letter.template, case)
    title, body, _language = render(letter.template, case, letter.recipient)
    if not letter.title:
        letter.title = title
    if not letter.body:
        letter.body = body
    letter.reindexObject()


def letter_transitioned(letter, event):
    """Stamp the date a letter was sent and deliver it (SPEC §8)."""
    if event.transition is not None and event.transition.id == "send":
        letter.sent = date.today()
        letter.reindexObject()
        part_mails.letter_sent(letter)


def letter_modified(letter, event):
    """A new recipient (or ``copy_to``) may read the letter once it is sent:
    the catalog's security of this letter follows."""
    roles_changed(letter)


def sent_to_notifier(case):
    """The sent letters of ``case`` addressed to ``notifier``, oldest
    first: what the notifier reads with the receipt code (SPEC §7)."""
    letters = [
        letter
        for letter in case.objectValues()
        if getattr(letter, "portal_type", None) == "Letter"
        and letter.recipient == NOTIFIER
        and api.content.get_state(obj=letter) == "sent"
    ]
    letters.sort(key=lambda letter: (letter.sent or date.min, letter.getId()))
    return [
        {
            "template": letter.template,
            "title": letter.title or "",
            "sent": letter.sent.isoformat() if letter.sent else None,
            "body": letter.body or "",
        }
        for letter in letters
    ]
