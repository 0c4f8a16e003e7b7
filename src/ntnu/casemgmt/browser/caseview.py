"""The case pages: status, due date, details, parts, history and a button
for every action the user may take. Which fields show is decided by
``core.visibility`` (the rule of REST and the case record PDF too)."""

from ntnu.casemgmt import _
from ntnu.casemgmt.browser.dates import Dates
from ntnu.casemgmt.core import deadline_change
from ntnu.casemgmt.core import deadlines
from ntnu.casemgmt.core import visibility
from ntnu.casemgmt.core.dates import language_of
from ntnu.casemgmt.core.people import fullname
from ntnu.casemgmt.core.people import reporter_of
from ntnu.casemgmt.core.vocabularies import DEVIATION_CATEGORIES
from ntnu.casemgmt.core.vocabularies import MESSAGE_AUTHOR_KINDS
from ntnu.casemgmt.core.vocabularies import NOTIFICATION_CATEGORIES
from ntnu.casemgmt.notification import conversations
from ntnu.casemgmt.notification import identity
from ntnu.casemgmt.notification import rules as notification
from ntnu.casemgmt.records import export
from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.statusmessages.interfaces import IStatusMessage
from zope.i18n import translate


#: What the "Add" buttons say.
ADD_LABELS = {
    "Measure": _("Add a measure"),
    "Hearing": _("Add a hearing"),
    "CaseDocument": _("Add a document"),
    "Letter": _("Add a letter"),
}

#: What the case page says when a message cannot be written, by the
#: status the REST service would answer.
MESSAGE_ERRORS = {
    400: _(
        "The message was not sent: write a text or attach a file (a closed "
        "case takes no new messages)."
    ),
    403: _("The message was not sent: you may not write in this conversation."),
    413: _(
        "The message was not sent: at most 10 files, each no larger than the "
        "site's limit."
    ),
}

CHILD_SECTIONS = {
    "Deviation": (
        ("Measure", _("Measures")),
        ("Hearing", _("Hearings")),
        ("CaseDocument", _("Documents")),
        ("Letter", _("Letters")),
    ),
    "NotificationCase": (
        ("CaseDocument", _("Documents")),
        ("Measure", _("Measures")),
        ("Hearing", _("Hearings")),
        ("Letter", _("Letters")),
    ),
}


#: History entries that are no transition (added by the add-on in the
#: same state), by their action.
HISTORY_ACTIONS = {
    deadline_change.ACTION: _("Deadline changed"),
}


class CaseView(Dates, BrowserView):
    """What the pages of both kinds of case show: status, parts, history
    and the actions the user may take."""

    workflow_id = None
    categories = None  # the vocabulary of the case's category

    def can(self, permission):
        return api.user.has_permission(permission, obj=self.context)

    def category_title(self):
        value = self.context.category
        if value in self.categories:
            return self.categories.getTerm(value).title
        return value

    @property
    def state(self):
        return api.content.get_state(self.context)

    def state_title(self):
        workflow = api.portal.get_tool("portal_workflow")
        return workflow.getTitleForStateOnType(self.state, self.context.portal_type)

    def transitions(self):
        workflow = api.portal.get_tool("portal_workflow")
        url = self.context.absolute_url()
        return [
            {
                "id": t["id"],
                "title": t["title"] or t["id"],
                "url": f"{url}/@@case-transition?transition={t['id']}",
            }
            for t in workflow.getTransitionsFor(self.context)
        ]

    def can_change_deadline(self):
        """The "Change the deadline" button (core/deadline_change.py)."""
        return deadline_change.changeable(self.context)

    def can_export(self):
        """May the user download the case for the archive (a closed case;
        records.export decides)?"""
        try:
            export.check(self.context)
        except export.ExportRefused:
            return False
        return True

    def add_links(self):
        url = self.context.absolute_url()
        return [
            {
                "type": type_id,
                "title": ADD_LABELS[type_id],
                "url": f"{url}/++add++{type_id}",
            }
            for type_id, title in CHILD_SECTIONS[self.context.portal_type]
            if self.can(f"ntnu.casemgmt: Add {type_id}")
            and self.can("Add portal content")
        ]

    def sections(self):
        """The case's parts the user may see, by kind."""
        workflow = api.portal.get_tool("portal_workflow")
        result = []
        for type_id, title in CHILD_SECTIONS[self.context.portal_type]:
            brains = api.content.find(
                context=self.context, depth=1, portal_type=type_id, sort_on="created"
            )
            items = [
                {
                    "url": b.getURL(),
                    "title": b.Title or b.getId,
                    "state_title": workflow.getTitleForStateOnType(
                        b.review_state, type_id
                    ),
                }
                for b in brains
            ]
            if items:
                result.append({"title": title, "entries": items})
        return result

    def history(self):
        """The workflow history, for those who handle the case (its
        comments are theirs: not the reporter's or a party's)."""
        if not visibility.handles(self.context):
            return []
        workflow = api.portal.get_tool("portal_workflow")
        entries = []
        for entry in reversed(self.context.workflow_history.get(self.workflow_id, ())):
            action = entry.get("action")
            title = HISTORY_ACTIONS.get(action) or action or _("Reported")
            for wf in workflow.getWorkflowsFor(self.context):
                if action in wf.transitions:
                    title = wf.transitions[action].title
            entries.append({
                "action": translate(title, domain="plone", context=self.request),
                "actor": fullname(entry.get("actor")),
                "time": entry.get("time"),
                "comments": deadline_change.written_comment(
                    entry, language_of(self.request)
                ),
            })
        return entries


class DeviationView(CaseView):
    """Status, deadline, details, parts, history and the allowed actions."""

    workflow_id = "casemgmt_deviation_workflow"
    categories = DEVIATION_CATEGORIES

    def days_left(self):
        return deadlines.days_left(self.context.deadline)

    def overdue(self):
        return deadlines.case_is_overdue(self.context)

    def case_worker_name(self):
        return fullname(self.context.case_worker)

    def reporter_name(self):
        return fullname(reporter_of(self.context))

    def is_reporter_only(self):
        """The reporter sees the outcome, not the internal parts."""
        return not self.can("Modify portal content") and not visibility.handles(
            self.context
        )

    def can_transfer(self):
        return self.can("ntnu.casemgmt: Transfer deviation")


class NotificationView(CaseView):
    """The case page; fields the user may not read are not there at all."""

    workflow_id = "casemgmt_notification_workflow"
    categories = NOTIFICATION_CATEGORIES

    def sees_findings(self):
        return self.readable("summary")

    def readable(self, name):
        """May the user read field ``name`` (visibility.py, as REST)?"""
        return visibility.readable(self.context, name)

    def is_staff(self):
        return visibility.handles(self.context)

    def notifier_name(self):
        """The notifier, for those who may know who it is (SPEC §6)."""
        if self.context.anonymous:
            return translate(_("Anonymous"), context=self.request)
        if not self.readable("notifier"):
            return None
        notifier = notification.notifier_of(self.context)
        return fullname(notifier) if notifier else (self.context.notifier_name or None)

    def names(self, user_ids):
        return ", ".join(fullname(u) for u in user_ids or ())

    def identity_access_url(self):
        """The form of decisions on the notifier's identity, for who may
        make one now (notification/identity.py), else None."""
        if identity.may_decide(self.context) and identity.refusal(self.context) is None:
            return f"{self.context.absolute_url()}/@@identity-access"
        return None

    def identity_decisions(self):
        """The decisions on parties' access to the notifier's identity, for
        who may make them."""
        if not identity.may_read(self.context):
            return []
        return [
            dict(
                decision,
                party_name=fullname(decision["party"]),
                by_name=fullname(decision["by"]),
                title=_("Granted") if decision["granted"] else _("Refused"),
            )
            for decision in identity.decisions(self.context)
        ]

    def can_forward(self):
        return "forward" in {t["id"] for t in self.transitions()}

    def due_date(self):
        """The due date of the case's state (SPEC §3), or None."""
        return deadlines.due_date(self.context, self.state)

    def overdue(self):
        return deadlines.case_is_overdue(self.context)

    def conversations(self):
        """The conversations the user may see (SPEC §3, §6): the unit every
        one, each with a reply form; a named notifier or a party their own.
        Who reads a message is the message's own security."""
        result = []
        can_write = conversations.state_of(self.context) != "closed"
        own = conversations.own_thread(self.context)
        for thread, messages in conversations.conversations(self.context):
            result.append({
                "thread": thread,
                "key": thread.replace(":", "-"),
                "title": self.thread_title(thread, own),
                "messages": [self.message_entry(m) for m in messages],
                "can_write": can_write
                and (thread == own or conversations.handles(self.context)),
            })
        return result

    def thread_title(self, thread, own):
        """What a conversation is called for the current user."""
        if thread == own:
            return _("Your conversation with the unit")
        if thread == conversations.NOTIFIER:
            return _("Conversation with the notifier")
        return _(
            "Conversation with ${name}",
            mapping={"name": fullname(thread[len(conversations.PARTY) :])},
        )

    def message_entry(self, message):
        described = conversations.describe(message)
        return dict(
            described,
            author_title=MESSAGE_AUTHOR_KINDS.getTerm(message.author_kind).title
            if message.author_kind in MESSAGE_AUTHOR_KINDS
            else message.author_kind,
            date=message.created(),
        )

    def __call__(self):
        form = self.request.form
        if self.request.method == "POST" and "form.buttons.message" in form:
            CheckAuthenticator(self.request)
            self.write_message(form)
            return self.request.response.redirect(self.context.absolute_url())
        return self.index()

    def write_message(self, form):
        """Write the message of the posted form; say how it went."""
        messages = IStatusMessage(self.request)
        try:
            files = conversations.attachments_from_form(form.get("attachments"))
            conversations.post(
                self.context, form.get("message"), form.get("thread") or None, files
            )
        except conversations.ConversationError as exc:
            messages.add(MESSAGE_ERRORS.get(exc.status, MESSAGE_ERRORS[400]), "error")
            return
        messages.add(_("The message was sent."), "info")
