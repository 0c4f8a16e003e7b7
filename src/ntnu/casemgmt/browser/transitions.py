"""The forms behind a case's buttons: a transition (with the comment or the
case worker it needs), a transfer to another faculty, a forward to the
faculty of the accused, a hearing participant's answer.

z3c.form forms, like the report and notify forms: the framework gives them
plone.protect's authenticator (CSRF), labels and error messages; the rules
they apply are the processes' own (``deviation.rules``,
``notification.rules``, the subscribers that check a transition's
comment).
"""

from ntnu.casemgmt import _
from ntnu.casemgmt.browser.dates import format_date
from ntnu.casemgmt.browser.forms import CheckedForm
from ntnu.casemgmt.browser.forms import StepForm
from ntnu.casemgmt.core.places import faculty_of
from ntnu.casemgmt.core.validation import LINE_LENGTH
from ntnu.casemgmt.core.validation import TEXT_LENGTH
from ntnu.casemgmt.core.validation import user_exists
from ntnu.casemgmt.deviation import rules as deviation
from ntnu.casemgmt.deviation.subscribers import COMMENT_FIELDS
from ntnu.casemgmt.notification import rules as notification
from ntnu.casemgmt.notification.subscribers import REQUIRED_COMMENTS
from ntnu.casemgmt.parts import hearings
from plone import api
from plone.autoform import directives
from plone.autoform.form import AutoExtensibleForm
from plone.supermodel import model
from Products.statusmessages.interfaces import IStatusMessage
from z3c.form import button
from z3c.form import field
from z3c.form import form
from z3c.form.interfaces import WidgetActionExecutionError
from zope import schema
from zope.i18n import translate
from zope.interface import Invalid
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary

import copy


#: Transitions whose comment is required: the deviation's (sent to the
#: reporter) and the notification case's (notification/subscribers.py).
COMMENT_REQUIRED = {
    "Deviation": set(COMMENT_FIELDS),
    "NotificationCase": set(REQUIRED_COMMENTS),
}

#: Who reads the comment of a transition, said on the form (SPEC §5).
COMMENT_READERS = {
    ("Deviation", "reject"): _("The comment is sent to the reporter."),
    ("Deviation", "close"): _("The comment is sent to the reporter."),
    ("NotificationCase", "close"): _(
        "The comment is the outcome: it is sent to the parties. A notifier who "
        "is not a party is only told that the case is closed."
    ),
    ("NotificationCase", "return_from_committee"): _(
        "The comment records the conclusion of the external committee in the "
        "case's history; it is not sent to anybody."
    ),
    ("NotificationCase", "escalate"): _(
        "Say what the Appeals Committee is asked to decide (expulsion or "
        "exclusion) and why. The Education Quality Division reads it in the "
        "case's history; it is not sent to the student."
    ),
    ("NotificationCase", "conclude"): _(
        "Record the Appeals Committee's decision in the case's history. The "
        "student is told by the decision letter, not by this comment."
    ),
}

#: Transitions that ask for the case worker before they are done.
ASKS_CASE_WORKER = ("approve",)


class ITransition(model.Schema):
    directives.widget(case_worker="ntnu.casemgmt.browser.widgets.PeopleFieldWidget")
    case_worker = schema.TextLine(
        title=_("Case worker"),
        description=_(
            "User id of the case worker. Leave empty to take the case yourself."
        ),
        required=False,
        max_length=LINE_LENGTH,
        constraint=user_exists,
    )
    comment = schema.Text(title=_("Comment"), required=False, max_length=TEXT_LENGTH)


class CaseTransitionForm(StepForm, AutoExtensibleForm, form.Form):
    """``@@case-transition?transition=<id>``: ask what the transition needs,
    then do it. The toolbar's State menu leads here too (the workflow
    specification's action addresses)."""

    schema = ITransition
    view_name = "case-transition"

    def available(self):
        workflow = api.portal.get_tool("portal_workflow")
        return {t["id"]: t for t in workflow.getTransitionsFor(self.context)}

    def step_title(self):
        transition = self.available().get(self.transition_id)
        return transition["title"] if transition else None

    @property
    def label(self):
        title = self.step_title()
        title = translate(title, domain="plone", context=self.request) if title else ""
        return f"{title}: {self.context.case_number}"

    @property
    def description(self):
        return self.context.title

    def comment_required(self):
        return self.transition_id in COMMENT_REQUIRED.get(self.context.portal_type, ())

    def updateFields(self):
        super().updateFields()
        if self.transition_id not in ASKS_CASE_WORKER:
            self.fields = self.fields.omit("case_worker")
        # The comment as this transition needs it: required or not, and who
        # will read it.
        comment = copy.copy(self.fields["comment"].field)
        comment.required = self.comment_required()
        comment.description = COMMENT_READERS.get(
            (self.context.portal_type, self.transition_id), ""
        )
        self.fields["comment"].field = comment

    def updateWidgets(self):
        super().updateWidgets()
        if "case_worker" in self.widgets and not self.widgets["case_worker"].value:
            self.widgets["case_worker"].value = self.context.case_worker or ""

    def __call__(self):
        if self.step_title() is None:
            return self.refuse(_("This action is not available for the case now."))
        return super().__call__()

    def take(self, data):
        comment = (data.get("comment") or "").strip()
        if self.comment_required() and not comment:
            raise WidgetActionExecutionError(
                "comment",
                Invalid(_("Write the comment: it is required for this step.")),
            )
        if data.get("case_worker"):
            self.context.case_worker = data["case_worker"]
        api.content.transition(
            obj=self.context, transition=self.transition_id, comment=comment
        )

    def done(self):
        if api.user.has_permission("View", obj=self.context):
            super().done()
            return
        # the step ended the user's access (the quality division's
        # ``conclude``): back to the site, not to a page they may not see
        IStatusMessage(self.request).add(
            _("Done: the case was updated. You no longer have access to it."), "info"
        )
        self.request.response.redirect(api.portal.get().absolute_url())


def _faculties(exclude=None):
    from ntnu.casemgmt.core.places import faculty_choices

    return SimpleVocabulary([
        SimpleTerm(value=f["code"], token=f["code"], title=f["title"])
        for f in faculty_choices(exclude=exclude)
    ])


class MoveToFacultyForm(CheckedForm, form.Form):
    """A form that moves a case to another faculty: pick the faculty, add a
    comment, and land where the user still sees something useful."""

    ignoreContext = True
    errors_type = ValueError
    done = None  # message with ${case_number} and ${faculty}
    faculty_title = _("Faculty")

    def faculties(self):
        raise NotImplementedError

    def default_faculty(self):
        return None

    def move(self, code, comment):
        raise NotImplementedError

    def next_url(self, source):
        raise NotImplementedError

    @property
    def fields(self):
        faculty = schema.Choice(
            __name__="faculty",
            title=self.faculty_title,
            vocabulary=self.faculties(),
            required=True,
            default=self.default_faculty()
            if self.default_faculty() in self.faculties()
            else None,
        )
        comment = schema.Text(
            __name__="comment",
            title=_("Comment"),
            required=False,
            max_length=TEXT_LENGTH,
        )
        return field.Fields(faculty, comment)

    @button.buttonAndHandler(_("Save"), name="save")
    def handle_save(self, action):
        data, errors = self.extractData()
        if errors:
            self.status = self.formErrorsMessage
            return
        source = faculty_of(self.context)
        try:
            moved = self.move(data["faculty"], (data.get("comment") or "").strip())
        except self.errors_type as exc:
            raise WidgetActionExecutionError("faculty", Invalid(str(exc))) from exc
        mapping = {"case_number": moved.case_number, "faculty": moved.aq_parent.title}
        IStatusMessage(self.request).add(
            translate(_(self.done, mapping=mapping), context=self.request), "info"
        )
        self.request.response.redirect(self.next_url(source))

    @button.buttonAndHandler(_("Cancel"), name="cancel")
    def handle_cancel(self, action):
        self.request.response.redirect(self.context.absolute_url())


class TransferForm(MoveToFacultyForm):
    """Move a new deviation to the faculty that should handle it."""

    errors_type = deviation.TransferError
    done = _("Case ${case_number} was transferred to ${faculty}.")

    @property
    def label(self):
        title = translate(_("Transfer to another faculty"), context=self.request)
        return f"{title}: {self.context.case_number}"

    description = _(
        "The case moves to the chosen faculty with its case number and history, "
        "and that faculty's reception is told. You will no longer see it."
    )

    def faculties(self):
        own = faculty_of(self.context)
        return _faculties(exclude=own.code if own is not None else None)

    def move(self, code, comment):
        return deviation.transfer(self.context, code, comment)

    def next_url(self, source):
        # The old faculty's reception no longer sees the case.
        if source is not None:
            return source.absolute_url() + "/@@case-inbox"
        return api.portal.get().absolute_url()


class ForwardForm(MoveToFacultyForm):
    """The central reception forwards a case to the accused's faculty."""

    errors_type = notification.NotifyError
    done = _("Case ${case_number} was forwarded to ${faculty}.")
    faculty_title = _("Faculty of the accused student")

    @property
    def label(self):
        title = translate(_("Forward to faculty"), context=self.request)
        return f"{title}: {self.context.case_number}"

    @property
    def description(self):
        deadline = self.context.forward_deadline
        return translate(
            _(
                "Forward deadline: ${date}",
                mapping={"date": format_date(deadline, self.request) or "-"},
            ),
            context=self.request,
        )

    def faculties(self):
        return _faculties()

    def default_faculty(self):
        return self.context.accused_faculty

    def move(self, code, comment):
        return notification.forward(self.context, code, comment)

    def next_url(self, source):
        return api.portal.get().absolute_url() + "/@@notification-queue"


class IHearingAnswer(model.Schema):
    answer = schema.Text(title=_("Your answer"), required=True, max_length=TEXT_LENGTH)


class HearingAnswerForm(CheckedForm, AutoExtensibleForm, form.Form):
    """A participant answers a hearing."""

    schema = IHearingAnswer
    ignoreContext = True
    label = _("Answer the hearing")

    @property
    def description(self):
        deadline = self.context.deadline
        return translate(
            _(
                "${question} (answer by ${date})",
                mapping={
                    "question": self.context.question or "",
                    "date": format_date(deadline, self.request) or "-",
                },
            ),
            context=self.request,
        )

    @button.buttonAndHandler(_("Send answer"), name="save")
    def handle_save(self, action):
        data, errors = self.extractData()
        if errors:
            self.status = self.formErrorsMessage
            return
        hearings.answer(self.context, data["answer"])
        IStatusMessage(self.request).add(_("Thank you: your answer was saved."), "info")
        self.request.response.redirect(self.context.absolute_url())
