"""A deviation in education quality (avvik), SPEC §3."""

from ntnu.casemgmt import _
from ntnu.casemgmt.content.case import CaseGuards
from ntnu.casemgmt.content.case import ICase
from ntnu.casemgmt.content.traversal import ConfidentialTraversal
from ntnu.casemgmt.core.validation import LINE_LENGTH
from ntnu.casemgmt.core.validation import TEXT_LENGTH
from ntnu.casemgmt.core.validation import TITLE_LENGTH
from ntnu.casemgmt.core.validation import user_exists
from ntnu.casemgmt.core.vocabularies import DEVIATION_CATEGORIES
from ntnu.casemgmt.core.vocabularies import REPORTER_ROLES
from plone.autoform import directives
from plone.dexterity.content import Container
from plone.supermodel import model
from zope import schema
from zope.interface import implementer


#: What the reporter wrote is set once, by the add-on when the case is made
#: (core/creation.py), and rewritten by nobody but a Manager; the deadline
#: changes only with its own action, kept in the history
#: (core/deadline_change.py).
WRITTEN_ONCE = "cmf.ManagePortal"


class IDeviation(model.Schema):
    """Schema of a Deviation."""

    directives.write_permission(
        title=WRITTEN_ONCE,
        category=WRITTEN_ONCE,
        event_description=WRITTEN_ONCE,
        prior_attempts=WRITTEN_ONCE,
        suggested_measures=WRITTEN_ONCE,
        event_date=WRITTEN_ONCE,
        course_code=WRITTEN_ONCE,
        reporter_role=WRITTEN_ONCE,
        deadline=WRITTEN_ONCE,
    )
    title = schema.TextLine(
        title=_("Short summary"),
        description=_("One line that says what the deviation is about."),
        required=True,
        max_length=TITLE_LENGTH,
    )

    category = schema.Choice(
        title=_("Category"),
        vocabulary=DEVIATION_CATEGORIES,
        required=True,
    )

    event_description = schema.Text(
        title=_("What happened"),
        description=_("Describe what happened, where and how."),
        required=True,
        max_length=TEXT_LENGTH,
    )

    prior_attempts = schema.Text(
        title=_("What you have tried"),
        description=_(
            "How you tried to solve the matter through the ordinary channels "
            "first, for example with the lecturer or the student representative."
        ),
        required=True,
        max_length=TEXT_LENGTH,
    )

    suggested_measures = schema.Text(
        title=_("Suggested measures"),
        required=False,
        max_length=TEXT_LENGTH,
    )

    event_date = schema.Date(title=_("Date of the event"), required=False)

    course_code = schema.TextLine(title=_("Course code"), required=False, max_length=20)

    reporter_role = schema.Choice(
        title=_("You report as"),
        vocabulary=REPORTER_ROLES,
        required=False,
    )

    case_number = schema.TextLine(title=_("Case number"), required=False, readonly=True)

    received = schema.Datetime(title=_("Received"), required=False, readonly=True)

    deadline = schema.Date(
        title=_("Deadline"),
        description=_("Four weeks after receipt unless the case worker sets another."),
        required=False,
    )

    directives.widget(case_worker="ntnu.casemgmt.browser.widgets.PeopleFieldWidget")
    case_worker = schema.TextLine(
        title=_("Case worker"),
        description=_("User id of the person who processes the case."),
        required=False,
        constraint=user_exists,
        max_length=LINE_LENGTH,
    )

    closing_comment = schema.Text(
        title=_("Closing comment"),
        description=_("Sent to the reporter when the case is closed."),
        required=False,
        max_length=TEXT_LENGTH,
    )

    form_answers = schema.Text(
        title=_("Other answers of the form"),
        description=_("Answers of an intake form that have no field of their own."),
        required=False,
        readonly=True,
    )

    rejection_reason = schema.Text(
        title=_("Reason for rejection"),
        description=_("Sent to the reporter when the case is rejected."),
        required=False,
        max_length=TEXT_LENGTH,
    )

    # Retention (SPEC §11, retention/): only a Manager keeps a case beyond
    # its retention period; the people handling the case see that it is kept.
    directives.read_permission(legal_hold="ntnu.casemgmt.ViewCaseInternals")
    directives.write_permission(legal_hold="cmf.ManagePortal")
    legal_hold = schema.Bool(
        title=_("Legal hold"),
        description=_(
            "Keeps the closed case beyond its retention period: it is neither "
            "announced for anonymisation nor anonymised. Set by a Manager."
        ),
        required=False,
        default=False,
    )


@implementer(IDeviation, ICase)
class Deviation(CaseGuards, ConfidentialTraversal, Container):
    """A reported deviation; holds measures, letters, hearings, documents."""

    # Roles inside a case come from ntnu.casemgmt.core.roles only.
    __ac_local_roles_block__ = True
