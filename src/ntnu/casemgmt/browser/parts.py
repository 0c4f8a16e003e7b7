"""The pages of a case's parts (measures, hearings, documents; letters in
``letterview.py``) and the form behind their buttons.

Each step of a part is a button on its page leading to
``@@part-transition?transition=<id>``, a short form that asks what the
step needs (a measure's result) and then does it; the workflow
specification's action addresses lead the toolbar's State menu there too.
Which fields show is ``core.visibility``'s rule, as on the case pages.
"""

from Acquisition import aq_parent
from ntnu.casemgmt import _
from ntnu.casemgmt.browser.dates import format_date
from ntnu.casemgmt.browser.dates import format_datetime
from ntnu.casemgmt.browser.dates import language_of
from ntnu.casemgmt.browser.forms import StepForm
from ntnu.casemgmt.content.casedocument import ICaseDocument
from ntnu.casemgmt.content.hearing import IHearing
from ntnu.casemgmt.content.letter import ILetter
from ntnu.casemgmt.content.measure import IMeasure
from ntnu.casemgmt.core import visibility
from ntnu.casemgmt.core.people import fullname
from ntnu.casemgmt.core.validation import TEXT_LENGTH
from ntnu.casemgmt.parts import hearings
from ntnu.casemgmt.parts.documents import document_visibility
from plone import api
from plone.dexterity.utils import iterSchemata
from plone.namedfile.interfaces import INamedField
from Products.Five.browser import BrowserView
from Products.statusmessages.interfaces import IStatusMessage
from urllib.parse import quote
from z3c.form import field
from z3c.form import form
from z3c.form.interfaces import WidgetActionExecutionError
from zope import schema
from zope.i18n import translate
from zope.interface import Invalid
from zope.schema import getFieldsInOrder
from zope.schema.interfaces import IChoice
from zope.schema.interfaces import ICollection
from zope.schema.interfaces import IDate
from zope.schema.interfaces import IDatetime


#: Fields that hold user ids: shown by name.
PERSON_FIELDS = {"responsible", "participants", "recipient", "copy_to"}

#: A case document's two states follow its ``visibility`` field
#: (parts/documents.py): its "transitions" set that field.
DOCUMENT_STEPS = {"share": "party", "unshare": "internal"}


def case_of(part):
    """The case ``part`` belongs to."""
    return aq_parent(part)


def part_transitions(part):
    """``{id: title}`` of the steps the current user may take on ``part``
    now: the workflow's, and for a case document sharing or making it
    internal when the user may edit it (the workflow leaves those to the
    add-on, which follows the document's visibility field)."""
    workflow = api.portal.get_tool("portal_workflow")
    if ICaseDocument.providedBy(part):
        if not api.user.has_permission("Modify portal content", obj=part):
            return {}
        state = api.content.get_state(part)
        (definition,) = workflow.getWorkflowsFor(part)
        return {
            step: definition.transitions[step].title
            for step, wanted in DOCUMENT_STEPS.items()
            if wanted != state
        }
    return {t["id"]: t["title"] for t in workflow.getTransitionsFor(part)}


def send_refusal(part, transition_id):
    """The placeholders that keep a letter from being sent (SPEC §3), or
    an empty list."""
    if transition_id != "send" or not ILetter.providedBy(part):
        return []
    if api.content.get_state(part) != "draft":
        return []
    return list(part.unfilled_placeholders())


class PartActions:
    """What a part's page offers: its state, its steps, editing, the way
    back to the case."""

    def state(self):
        return api.content.get_state(obj=self.context)

    def state_title(self):
        workflow = api.portal.get_tool("portal_workflow")
        return workflow.getTitleForStateOnType(self.state(), self.context.portal_type)

    def transitions(self):
        url = self.context.absolute_url()
        return [
            {
                "id": step,
                "title": title or step,
                "url": f"{url}/@@part-transition?transition={quote(step)}",
            }
            for step, title in part_transitions(self.context).items()
        ]

    def can_edit(self):
        return api.user.has_permission("Modify portal content", obj=self.context)

    def case_link(self):
        """The case's number and address, when the user may view the case
        (a letter's recipient may not), else None."""
        case = case_of(self.context)
        if not api.user.has_permission("View", obj=case):
            return None
        return {"url": case.absolute_url(), "number": case.case_number or case.title}


class PartView(PartActions, BrowserView):
    """``<part>/view`` of a measure, hearing or case document."""

    def fields(self):
        """``[{name, title, value, url}]`` of the fields the user may read
        that have a value."""
        result = []
        for schema_ in iterSchemata(self.context):
            for name, field_ in getFieldsInOrder(schema_):
                if name == "title" or not visibility.readable(self.context, name):
                    continue
                value = getattr(self.context, name, None)
                if value in (None, "", [], ()):
                    continue
                result.append(self.entry(name, field_, value))
        return result

    def entry(self, name, field_, value):
        """One field as the page shows it."""
        url = None
        if INamedField.providedBy(field_):
            text = value.filename or name
            url = f"{self.context.absolute_url()}/@@download/{name}"
        elif name in PERSON_FIELDS:
            values = value if isinstance(value, (list, tuple)) else [value]
            text = ", ".join(fullname(v) for v in values)
        elif IChoice.providedBy(field_):
            vocabulary = field_.bind(self.context).vocabulary
            term = vocabulary.getTerm(value) if value in vocabulary else None
            text = translate(term.title, context=self.request) if term else value
        elif IDatetime.providedBy(field_):
            text = format_datetime(value, self.request)
        elif IDate.providedBy(field_):
            text = format_date(value, self.request)
        elif ICollection.providedBy(field_):
            text = ", ".join(str(v) for v in value)
        elif isinstance(value, bool):
            text = translate(_("Yes") if value else _("No"), context=self.request)
        elif name == "responses" and IHearing.providedBy(self.context):
            text = hearings.written_responses(value, language_of(self.request))
        else:
            text = str(value)
        return {"name": name, "title": field_.title, "value": text, "url": url}


class PartTransitionForm(StepForm, form.Form):
    """``<part>/@@part-transition?transition=<id>``: confirm a step of a
    part, with what it needs (a measure's result when it has none), and
    take it. The toolbar's State menu leads here too."""

    view_name = "part-transition"

    def step_title(self):
        return part_transitions(self.context).get(self.transition_id)

    def asks_result(self):
        return (
            IMeasure.providedBy(self.context)
            and self.transition_id == "complete"
            and not (self.context.result or "").strip()
        )

    @property
    def fields(self):
        fields = []
        if self.asks_result():
            fields.append(
                schema.Text(
                    __name__="result",
                    title=_("Result"),
                    description=_("What was done: required to complete the measure."),
                    required=True,
                    max_length=TEXT_LENGTH,
                )
            )
        if ICaseDocument.providedBy(self.context):
            return field.Fields(*fields)  # its state is its visibility
        fields.append(
            schema.Text(
                __name__="comment",
                title=_("Comment"),
                description=_("Kept in the history of the part."),
                required=False,
                max_length=TEXT_LENGTH,
            )
        )
        return field.Fields(*fields)

    @property
    def label(self):
        title = translate(self.step_title() or "", domain="plone", context=self.request)
        return f"{title}: {self.context.title or self.context.getId()}"

    def __call__(self):
        unfilled = send_refusal(self.context, self.transition_id)
        if unfilled:
            return self.refuse(
                translate(
                    _(
                        "The letter cannot be sent until these placeholders are "
                        "filled in: ${placeholders}",
                        mapping={"placeholders": ", ".join(unfilled)},
                    ),
                    context=self.request,
                )
            )
        if self.step_title() is None:
            return self.refuse(_("This action is not available now."))
        return super().__call__()

    def take(self, data):
        """Take the step: a case document's by its visibility field, any
        other part's by its workflow (a measure's result first)."""
        if self.asks_result():
            result = (data.get("result") or "").strip()
            if not result:
                raise WidgetActionExecutionError(
                    "result", Invalid(_("Write the result of the measure."))
                )
            self.context.result = result
        if ICaseDocument.providedBy(self.context):
            self.context.visibility = DOCUMENT_STEPS[self.transition_id]
            document_visibility(self.context, None)
            self.context.reindexObject()
            return
        api.content.transition(
            obj=self.context,
            transition=self.transition_id,
            comment=(data.get("comment") or "").strip(),
        )

    def done(self):
        IStatusMessage(self.request).add(_("Done: the part was updated."), "info")
        self.request.response.redirect(self.context.absolute_url())


class StateMenuRedirect(BrowserView):
    """Plone's ``content_status_modify`` and ``content_status_history``
    (the State menu's "Advanced…") on a case or a part: they would take a
    step without what it needs and end on an error page; they lead to the
    step's own form instead (the addresses of the workflow specification),
    or to the page with the buttons."""

    def __call__(self):
        action = self.request.form.get("workflow_action")
        workflow = api.portal.get_tool("portal_workflow")
        for info in workflow.listActionInfos(object=self.context):
            wanted = info["category"] == "workflow" and info["id"] == action
            if wanted and info["allowed"] and info["url"]:
                return self.request.response.redirect(info["url"])
        return self.request.response.redirect(self.context.absolute_url())
