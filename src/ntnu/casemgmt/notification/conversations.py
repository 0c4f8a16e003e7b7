"""The conversations of a notification case (SPEC §3, §6, §7 ``@messages``).

Every CaseMessage belongs to one conversation, its ``thread``: the
notifier's (``notifier``, named or anonymous) or one per party
(``party:<user id>``). A named notifier (party or not) and every party
write only in their own; the people handling the case (the central
reception while it holds the case, then the faculty's notification unit;
Manager) read all of them and answer naming the conversation. Who reads a
message or an attachment is decided by the objects' local roles
(core/roles.py ``MessageRoles``, ``DocumentRoles``) and their workflows,
so every path of Plone obeys it; this module decides who may write where.

Messages and attachments are made by the add-on itself (``as_system``):
they never name their author, so a party never learns a hidden notifier
from them.
"""

from ntnu.casemgmt.core.names import part_id
from ntnu.casemgmt.core.roles import thread_participant
from ntnu.casemgmt.core.security import as_system
from ntnu.casemgmt.core.security import SYSTEM_USER
from ntnu.casemgmt.core.validation import max_attachment_bytes
from ntnu.casemgmt.notification import mails
from plone import api
from plone.namedfile.file import NamedBlobFile
from typing import NamedTuple

import base64
import binascii
import re


NOTIFIER = "notifier"
PARTY = "party:"

#: The longest message, in characters (``CaseMessage.text``).
TEXT_LENGTH = 10000

#: At most this many files with one message (SPEC §3 "Attachments").
MAX_FILES = 10

#: Who may write to a case's conversations from the unit's side.
UNIT_PERMISSION = "ntnu.casemgmt: Add CaseMessage"


class ConversationError(ValueError):
    """A message that cannot be written, because of ``field``; ``status``
    is the HTTP answer (400 bad input, 403 not this person's conversation,
    413 attachments over the limits)."""

    def __init__(self, field, message, status=400):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.status = status


class Attachment(NamedTuple):
    """One file handed in with a message."""

    filename: str
    content_type: str
    data: bytes


# --- who talks where ----------------------------------------------------------


def state_of(case):
    """The review state, also for someone who may not view the case."""
    history = case.workflow_history.get("casemgmt_notification_workflow") or ()
    return history[-1]["review_state"] if history else None


def party_thread(user_id):
    """The conversation of party ``user_id``."""
    return f"{PARTY}{user_id}"


def threads_of(case):
    """Every conversation the case may have: the notifier's, and one per
    party (a notifier who is a party talks in the notifier's)."""
    notifier = None if case.anonymous else getattr(case, "notifier", None)
    threads = [NOTIFIER]
    for party in mails.parties_of(case):
        if party != notifier:
            threads.append(party_thread(party))
    return threads


def own_thread(case, user_id=None):
    """The conversation of the current user (or ``user_id``) in ``case``
    as its named notifier or a party, else None."""
    if user_id is None:
        if api.user.is_anonymous():
            return None
        user_id = api.user.get_current().getId()
    for thread in threads_of(case):
        if thread_participant(case, thread) == user_id:
            return thread
    return None


def handles(case):
    """Whether the current user answers for the unit in ``case`` (the
    workflow says who: the central reception while it holds the case, then
    the faculty's unit; Manager)."""
    return api.user.has_permission(UNIT_PERMISSION, obj=case)


def _canonical(case, thread):
    """``thread`` as stored: a party's bare user id means their
    conversation too (SPEC §3 names a party's conversation by user id)."""
    if not isinstance(thread, str):
        return None
    thread = thread.strip()
    if thread != NOTIFIER and not thread.startswith(PARTY):
        thread = party_thread(thread)
    return thread if thread in threads_of(case) else None


def _where(case, thread):
    """``(thread, author_kind)`` of a message the current user writes in
    ``case``, asked for ``thread`` (or None).

    :raises ConversationError: 400 a closed case, an unknown conversation,
        none named by the unit; 403 another person's conversation.
    """
    if state_of(case) == "closed":
        raise ConversationError(
            "review_state", "the case is closed and takes no new messages"
        )
    if thread is not None and not isinstance(thread, str):
        raise ConversationError("thread", "name the conversation as a text")
    own = own_thread(case)
    if own is not None:
        if thread not in (None, "", own) and _canonical(case, thread) != own:
            raise ConversationError(
                "thread", "you write only in your own conversation", 403
            )
        return own, "notifier" if own == NOTIFIER else "party"
    if not handles(case):
        raise ConversationError("thread", "you may not write in this case", 403)
    if not thread:
        raise ConversationError(
            "thread",
            f"name the conversation: one of {', '.join(threads_of(case))}",
        )
    canonical = _canonical(case, thread)
    if canonical is None:
        raise ConversationError(
            "thread",
            f"no such conversation; one of {', '.join(threads_of(case))}",
        )
    return canonical, "officer"


# --- attachments ----------------------------------------------------------------


def safe_filename(name):
    """``name`` without path parts or control characters."""
    name = re.sub(r"[\x00-\x1f\x7f]", "", str(name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return name.lstrip(".") or "attachment"


def check_attachments(files):
    """``files`` as Attachments, every one checked before any is stored.

    :raises ConversationError: 413 more than ``MAX_FILES`` files or one over
        the registry's size; 400 a file without a name or data.
    """
    if len(files) > MAX_FILES:
        raise ConversationError(
            "attachments", f"at most {MAX_FILES} files with one message", 413
        )
    limit = max_attachment_bytes()
    for item in files:
        if not isinstance(item, Attachment) or not item.data:
            raise ConversationError("attachments", "a file is empty")
        if len(item.data) > limit:
            raise ConversationError(
                "attachments",
                f"{safe_filename(item.filename)} is larger than "
                f"{limit // (1024 * 1024)} MB",
                413,
            )
    return list(files)


def attachments_from_json(value):
    """The Attachments of a REST body's ``attachments``
    (``[{"filename", "content-type", "data", "encoding": "base64"}]``).

    :raises ConversationError: 400 not that shape or not base64; 413 too
        many or too large (checked on the encoded size first, before
        decoding).
    """
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ConversationError(
            "attachments",
            'a list of {"filename", "content-type", "data", "encoding": "base64"}',
        )
    if len(value) > MAX_FILES:
        raise ConversationError(
            "attachments", f"at most {MAX_FILES} files with one message", 413
        )
    files = []
    limit = max_attachment_bytes()
    for item in value:
        filename, data = item.get("filename"), item.get("data")
        content_type = item.get("content-type") or "application/octet-stream"
        if not isinstance(filename, str) or not filename.strip():
            raise ConversationError("attachments", "each file needs a filename")
        if not isinstance(data, str) or not isinstance(content_type, str):
            raise ConversationError("attachments", "data and content-type are texts")
        if item.get("encoding", "base64") != "base64":
            raise ConversationError("attachments", "send the data base64-encoded")
        if len(data) * 3 // 4 > limit + 2:
            raise ConversationError(
                "attachments",
                f"{safe_filename(filename)} is larger than {limit // (1024 * 1024)} MB",
                413,
            )
        try:
            raw = base64.b64decode(data, validate=True)
        except (binascii.Error, ValueError):
            raise ConversationError(
                "attachments", f"{safe_filename(filename)}: data is not base64"
            ) from None
        files.append(Attachment(filename, content_type[:200], raw))
    return check_attachments(files)


def attachments_from_form(uploads):
    """The Attachments of a browser form's file fields (empty ones left
    out)."""
    if uploads is None:
        return []
    if not isinstance(uploads, (list, tuple)):
        uploads = [uploads]
    files = []
    for upload in uploads:
        filename = getattr(upload, "filename", None)
        if not filename:
            continue
        headers = getattr(upload, "headers", None)
        content_type = (
            headers.get("content-type") if headers is not None else None
        ) or "application/octet-stream"
        upload.seek(0)
        files.append(Attachment(filename, content_type, upload.read()))
    return check_attachments(files)


def _store(case, item, thread, source):
    """One attachment as an internal CaseDocument of ``case``."""
    filename = safe_filename(item.filename)
    document = api.content.create(
        container=case,
        type="CaseDocument",
        id=part_id(case, "CaseDocument"),
        title=filename,
        visibility="internal",
    )
    document.source = source
    document.thread = thread
    document.file = NamedBlobFile(
        data=item.data, contentType=item.content_type, filename=filename
    )
    document.setCreators((SYSTEM_USER,))
    document.reindexObject()
    document.reindexObjectSecurity()
    return document


# --- writing and reading ----------------------------------------------------------


def checked_text(text, files):
    """The message's text, stripped.

    :raises ConversationError: not a text, too long, or empty without files.
    """
    if text is None:
        text = ""
    if not isinstance(text, str):
        raise ConversationError("text", "write the message as a text")
    text = text.strip()
    if len(text) > TEXT_LENGTH:
        raise ConversationError("text", f"at most {TEXT_LENGTH} characters", 413)
    if not text and not files:
        raise ConversationError("text", "write a message or attach a file")
    return text


def create_message(case, text, thread, author_kind, files):
    """The message and its attachments, made by the add-on itself."""
    source = "officer" if author_kind == "officer" else author_kind
    with as_system():
        documents = [_store(case, item, thread, source) for item in files]
        message = api.content.create(
            container=case,
            type="CaseMessage",
            id=part_id(case, "CaseMessage"),
            text=text,
            author_kind=author_kind,
        )
        message.thread = thread
        message.attachments = tuple(document.UID() for document in documents)
        message.setCreators((SYSTEM_USER,))
        message.reindexObject()
        message.reindexObjectSecurity()
    return message


def attach_evidence(case, files):
    """Files handed in with the notification itself (``@notify``, SPEC §3
    "Attachments"): internal CaseDocuments of the notifier's conversation,
    ``source`` notifier; the notifier may be anonymous, so the add-on
    stores them."""
    with as_system():
        return [_store(case, item, NOTIFIER, "notifier") for item in files]


def _tell(case, message):
    """Mail the other side of the conversation (SPEC §8; never the text)."""
    event = (
        mails.MESSAGE_FROM_UNIT
        if message.author_kind == "officer"
        else mails.MESSAGE_FROM_PARTICIPANT
    )
    mails.send_about_message(event, case, message)


def post(case, text, thread=None, files=()):
    """The current user writes ``text`` (and ``files``, Attachments) in
    ``case``: a named notifier or a party in their own conversation, the
    unit in the conversation ``thread`` names.

    :returns: the new CaseMessage.
    :raises ConversationError: see ``_where``, ``checked_text``,
        ``check_attachments``; nothing is stored then.
    """
    thread, author_kind = _where(case, thread)
    files = check_attachments(list(files))
    text = checked_text(text, files)
    message = create_message(case, text, thread, author_kind, files)
    _tell(case, message)
    return message


def post_anonymously(case, text, files=()):
    """The holder of the receipt code writes in the notifier's conversation.

    :raises ConversationError: a closed case, no text nor file, too large.
    """
    if state_of(case) == "closed":
        raise ConversationError(
            "review_state", "the case is closed and takes no new messages"
        )
    files = check_attachments(list(files))
    text = checked_text(text, files)
    message = create_message(case, text, NOTIFIER, "notifier", files)
    _tell(case, message)
    return message


def attachments_of(message):
    """The attachment documents of ``message`` that still exist."""
    if not message.attachments:
        return []
    catalog = api.portal.get_tool("portal_catalog")
    found = {
        brain.UID: brain
        for brain in catalog.unrestrictedSearchResults(UID=list(message.attachments))
    }
    documents = []
    for uid in message.attachments:
        if uid in found:
            documents.append(found[uid]._unrestrictedGetObject())
    return documents


def _file_info(document, links):
    file = document.file
    info = {
        "filename": file.filename if file is not None else document.title,
        "content-type": file.contentType if file is not None else None,
        "size": file.getSize() if file is not None else 0,
    }
    if links:
        info["@id"] = document.absolute_url()
        info["download"] = f"{document.absolute_url()}/@@download/file"
    return info


def describe(message, links=True):
    """What a reader of ``message`` gets of it (``links``: the download
    addresses of its attachments, for those who may open them)."""
    return {
        "@id": message.absolute_url() if links else None,
        "id": message.getId(),
        "text": message.text or "",
        "author_kind": message.author_kind,
        "thread": message.thread,
        "created": message.created().ISO8601(),
        "attachments": [
            _file_info(document, links) for document in attachments_of(message)
        ],
    }


def visible_messages(case):
    """The CaseMessages of ``case`` the current user may view, oldest first."""
    found = [
        obj
        for obj in case.objectValues()
        if obj.portal_type == "CaseMessage" and api.user.has_permission("View", obj=obj)
    ]
    return sorted(found, key=lambda obj: obj.created())


def notifier_messages(case):
    """The messages of the notifier's conversation, oldest first (for the
    holder of the receipt code, who has no roles)."""
    found = [
        obj
        for obj in case.objectValues()
        if obj.portal_type == "CaseMessage" and obj.thread == NOTIFIER
    ]
    return sorted(found, key=lambda obj: obj.created())


def conversations(case):
    """``[(thread, [message, ...])]`` the current user may see: the unit
    every conversation (also one without messages yet), a notifier or a
    party their own."""
    threads = threads_of(case) if handles(case) else []
    own = own_thread(case)
    if own and own not in threads:
        threads.append(own)
    grouped = {thread: [] for thread in threads}
    for message in visible_messages(case):
        grouped.setdefault(message.thread, []).append(message)
    return list(grouped.items())
