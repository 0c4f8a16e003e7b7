"""The e-mails of SPEC §8: addressed to people, written in their language.

Each process keeps its mails in one table (``deviation/mails.py``,
``notification/mails.py``, ``parts/mails.py``): event -> recipients ->
message, every event named by its row of SPEC §8. This module sends them.

Each mail is a pair of translatable messages (subject and body) with a
mapping of values. It is rendered once per recipient, in the recipient's
language (the member property ``language``, else the site's default), its
dates too (``core/dates.py``), and handed to the MailHost; the MailHost
sends when the transaction commits, so a request that fails sends nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass
from email.utils import formataddr
from ntnu.casemgmt import logger
from ntnu.casemgmt.core import dates
from plone import api
from zope.i18n import translate
from zope.i18nmessageid import Message

import re


LANGUAGES = ("nb", "en")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def site_language():
    """The site's default language, reduced to one we ship (nb/en)."""
    language = (
        api.portal.get_registry_record("plone.default_language", default="en") or "en"
    )
    language = language.split("-")[0]
    return language if language in LANGUAGES else "en"


def user_language(user):
    """The language a user reads mail in."""
    language = (user.getProperty("language", "") or "").split("-")[0] if user else ""
    if language in ("no", "nn"):
        language = "nb"
    return language if language in LANGUAGES else site_language()


def group_members(group_id):
    """User objects of a group, or an empty list when it does not exist."""
    if api.group.get(groupname=group_id) is None:
        return []
    return api.user.get_users(groupname=group_id)


def addressees(user_ids=(), groups=(), addresses=(), exclude=()):
    """``(email, language)`` for each distinct recipient.

    :param user_ids: user ids; unknown users and users without an e-mail
        address are skipped (and logged).
    :param groups: group ids whose members all get the mail.
    :param addresses: plain addresses (functional mailboxes), written to in
        the site's language.
    :param exclude: user ids who get nothing, however they are named
        (a case's ``excluded_officers``), nor does their address.
    """
    result = {}
    users = [api.user.get(userid=user_id) for user_id in user_ids if user_id]
    for group in groups:
        users.extend(group_members(group))
    barred = set()
    for user_id in exclude:
        user = api.user.get(userid=user_id)
        if user is not None and user.getProperty("email", ""):
            barred.add(user.getProperty("email", "").lower())
    for user in users:
        if user is None or user.getId() in exclude:
            continue
        email = user.getProperty("email", "")
        if not email:
            logger.warning("user %s has no e-mail address: not mailed", user.getId())
            continue
        result.setdefault(email.lower(), (email, user_language(user)))
    for address in addresses:
        if address and EMAIL.match(address) and address.lower() not in barred:
            result.setdefault(address.lower(), (address, site_language()))
    return list(result.values())


def sender():
    """The portal's from address."""
    address = api.portal.get_registry_record("plone.email_from_address", default="")
    name = api.portal.get_registry_record("plone.email_from_name", default="") or ""
    return formataddr((name, address)) if address else None


def send(subject, body, mapping, user_ids=(), groups=(), addresses=(), exclude=()):
    """Send one mail per recipient, each in the recipient's language.

    :param subject: translatable message (``_("...")``) with ``${name}``
        placeholders.
    :param body: translatable message for the body.
    :param mapping: the values of the placeholders; dates, datetimes and
        callables of the language are written in each recipient's
        language (``core.dates.localized``).
    :returns: the list of addresses mailed.
    """
    sent = []
    for email, language in addressees(user_ids, groups, addresses, exclude):
        # zope.i18n takes the mapping from the message itself
        values = dates.localized(mapping, language)
        api.portal.send_email(
            recipient=email,
            sender=sender(),
            subject=translate(
                Message(subject, mapping=values), target_language=language
            ),
            body=translate(Message(body, mapping=values), target_language=language),
        )
        sent.append(email)
    return sent


# -- the tables of SPEC §8 ------------------------------------------------------


@dataclass(frozen=True)
class Recipients:
    """Whom a mail goes to, named as SPEC §8 names them (``name``), found
    by ``find(context)``: ``{"user_ids", "groups", "addresses"}``, any of
    them, for ``send``."""

    name: str
    find: Callable


@dataclass(frozen=True)
class Mail:
    """One mail: to whom, and its translatable subject and body."""

    to: Recipients
    subject: Message
    body: Message


@dataclass(frozen=True)
class Event:
    """A row of SPEC §8 (``spec``, its words) and the mails it sends."""

    spec: str
    mails: tuple


def send_event(event, context, mapping):
    """Send every mail of ``event`` about ``context`` (a case or a part),
    filled in with ``mapping``; returns the addresses mailed. Nobody named
    in the case's ``excluded_officers`` is mailed (SPEC §4)."""
    from ntnu.casemgmt.core.roles import excluded_officers

    excluded = excluded_officers(context)
    sent = []
    for mail in event.mails:
        found = mail.to.find(context) or {}
        sent += send(mail.subject, mail.body, mapping, exclude=excluded, **found)
    return sent
