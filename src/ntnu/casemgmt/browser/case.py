"""The page of a deviation, and the forms behind its buttons."""

from ntnu.casemgmt import _
from ntnu.casemgmt.core import deadlines
from ntnu.casemgmt.deviation import rules as deviation
from ntnu.casemgmt.parts import hearings
from ntnu.casemgmt.core import visibility
from ntnu.casemgmt.core.places import faculty_choices
from ntnu.casemgmt.core.people import fullname
from ntnu.casemgmt.core.vocabularies import DEVIATION_CATEGORIES
from plone import api
from plone.protect import CheckAuthenticator
from Products.CMFCore.WorkflowCore import WorkflowException
from Products.Five.browser import BrowserView
from Products.statusmessages.interfaces import IStatusMessage
from zope.i18n import translate
from zope.i18nmessageid import Message


#: What the "Add" buttons say.
ADD_LABELS = {
    "Measure": _("Add a measure"),
    "Hearing": _("Add a hearing"),
    "CaseDocument": _("Add a document"),
    "Letter": _("Add a letter"),
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
        ("Letter", _("Letters")),
    ),
}

#: Transitions that ask for the case worker before they are done.
ASKS_CASE_WORKER = ("approve",)


class CaseView(BrowserView):
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

    def add_links(self):
        url = self.context.absolute_url()
        return [
            {"type": type_id, "title": ADD_LABELS[type_id], "url": f"{url}/++add++{type_id}"}
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
                    "state_title": workflow.getTitleForStateOnType(b.review_state, type_id),
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
            title = action or translate(_("Reported"), context=self.request)
            for wf in workflow.getWorkflowsFor(self.context):
                if action in wf.transitions:
                    title = wf.transitions[action].title
            entries.append(
                {
                    "action": title,
                    "actor": fullname(entry.get("actor")),
                    "time": entry.get("time"),
                    "comments": entry.get("comments", ""),
                }
            )
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
        return fullname(deviation.reporter_of(self.context))

    def is_reporter_only(self):
        """The reporter sees the outcome, not the internal parts."""
        return not self.can("Modify portal content") and not visibility.handles(self.context)

    def can_transfer(self):
        return self.can("ntnu.casemgmt: Transfer deviation")


class CaseTransitionForm(BrowserView):
    """Ask what a transition needs (comment, case worker), then do it."""

    def transition(self):
        return self.request.form.get("transition", "")

    def available(self):
        workflow = api.portal.get_tool("portal_workflow")
        return {t["id"]: t for t in workflow.getTransitionsFor(self.context)}

    def title(self):
        transition = self.available().get(self.transition())
        return transition["title"] if transition else self.transition()

    def comment_required(self):
        return self.transition() in deviation.COMMENT_FIELDS

    def asks_case_worker(self):
        return self.transition() in ASKS_CASE_WORKER

    def __call__(self):
        self.errors = {}
        if self.transition() not in self.available():
            IStatusMessage(self.request).add(
                _("This action is not available for the case now."), "error"
            )
            return self.request.response.redirect(self.context.absolute_url())
        if self.request.method == "POST" and "form.buttons.cancel" in self.request.form:
            return self.request.response.redirect(self.context.absolute_url())
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            if self.apply():
                return self.request.response.redirect(self.next_url)
        return self.index()

    def apply(self):
        form = self.request.form
        comment = (form.get("comment") or "").strip()
        case_worker = (form.get("case_worker") or "").strip()
        if self.comment_required() and not comment:
            self.errors["comment"] = _("Write the comment: it is sent to the reporter.")
        if case_worker and api.user.get(userid=case_worker) is None:
            self.errors["case_worker"] = _("There is no user with this user id.")
        if self.errors:
            return False
        if self.asks_case_worker() and case_worker:
            self.context.case_worker = case_worker
        try:
            api.content.transition(obj=self.context, transition=self.transition(), comment=comment)
        except (WorkflowException, api.exc.InvalidParameterError) as exc:
            self.errors["comment"] = str(exc)
            return False
        IStatusMessage(self.request).add(_("Done: the case was updated."), "info")
        self.next_url = self.context.absolute_url()
        return True


class MoveToFacultyForm(BrowserView):
    """A form that moves a case to another faculty: pick the faculty, add
    a comment, and land where the user still sees something useful."""

    errors_type = ValueError
    done = None  # message with ${case_number} and ${faculty}

    def move(self, code, comment):
        raise NotImplementedError

    def next_url(self, source):
        raise NotImplementedError

    def __call__(self):
        self.errors = {}
        if self.request.method == "POST" and "form.buttons.cancel" in self.request.form:
            return self.request.response.redirect(self.context.absolute_url())
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            source = deviation.faculty_of(self.context)
            try:
                moved = self.move(
                    self.request.form.get("faculty") or None,
                    (self.request.form.get("comment") or "").strip(),
                )
            except self.errors_type as exc:
                self.errors["faculty"] = str(exc)
                return self.index()
            mapping = {"case_number": moved.case_number, "faculty": moved.aq_parent.title}
            IStatusMessage(self.request).add(
                translate(Message(self.done, mapping=mapping), context=self.request), "info"
            )
            return self.request.response.redirect(self.next_url(source))
        return self.index()


class TransferForm(MoveToFacultyForm):
    """Move a new deviation to the faculty that should handle it."""

    errors_type = deviation.TransferError
    done = _("Case ${case_number} was transferred to ${faculty}.")

    def faculties(self):
        own = deviation.faculty_of(self.context)
        return faculty_choices(exclude=own.code if own is not None else None)

    def move(self, code, comment):
        return deviation.transfer(self.context, code or "", comment)

    def next_url(self, source):
        # The old faculty's reception no longer sees the case.
        if source is not None:
            return source.absolute_url() + "/@@case-inbox"
        return api.portal.get().absolute_url()


class HearingAnswerForm(BrowserView):
    """A participant answers a hearing."""

    def __call__(self):
        self.errors = {}
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            text = self.request.form.get("answer", "")
            try:
                hearings.answer(self.context, text)
            except ValueError:
                self.errors["answer"] = _("Write your answer.")
                return self.index()
            IStatusMessage(self.request).add(_("Thank you: your answer was saved."), "info")
            return self.request.response.redirect(self.context.absolute_url())
        return self.index()


class LetterPDF(BrowserView):
    """``<letter>/@@letter.pdf``: the letter as a PDF download."""

    def __call__(self):
        from Acquisition import aq_parent
        from ntnu.casemgmt.parts.letters import language_of
        from ntnu.casemgmt.parts.letters import pdf

        letter = self.context
        case = aq_parent(letter)
        sender = ""
        for item in case.aq_chain:
            if getattr(item, "portal_type", None) in ("Faculty", "CentralReception"):
                sender = item.title
                break
        data = pdf.render(
            title=letter.title or letter.template,
            body=letter.body,
            sender=sender,
            reference=getattr(case, "case_number", "") or "",
            exempt=letter.exempt_from_public,
            language=language_of(letter.recipient, case),
        )
        name = f"{getattr(case, 'case_number', 'letter')}-{letter.getId()}.pdf"
        response = self.request.response
        response.setHeader("Content-Type", "application/pdf")
        response.setHeader("Content-Disposition", f'attachment; filename="{name}"')
        response.setHeader("Content-Length", str(len(data)))
        # confidential: never in a shared cache
        response.setHeader("Cache-Control", "private, no-store")
        return data


class CaseReportPDF(BrowserView):
    """``<case>/@@case-report.pdf``: the case as the user may see it."""

    def __call__(self):
        from ntnu.casemgmt.reporting.caserecord import case_report

        data = case_report(self.context)
        response = self.request.response
        response.setHeader("Content-Type", "application/pdf")
        response.setHeader(
            "Content-Disposition", f'attachment; filename="{self.context.case_number}.pdf"'
        )
        response.setHeader("Cache-Control", "private, no-store")
        return data
