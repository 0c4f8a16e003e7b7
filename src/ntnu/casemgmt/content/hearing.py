"""A hearing round (høring) in a deviation or a notification case, SPEC §3."""

from ntnu.casemgmt import _
from ntnu.casemgmt.content.case import ICasePart
from ntnu.casemgmt.core.validation import LETTER_LENGTH
from ntnu.casemgmt.core.validation import LINE_LENGTH
from ntnu.casemgmt.core.validation import principals_exist
from ntnu.casemgmt.core.validation import TEXT_LENGTH
from ntnu.casemgmt.core.validation import TITLE_LENGTH
from plone.autoform import directives
from plone.dexterity.content import Item
from plone.supermodel import model
from zope import schema
from zope.interface import implementer


class IHearing(model.Schema):
    """Schema of a Hearing."""

    title = schema.TextLine(title=_("Title"), required=False, max_length=TITLE_LENGTH)

    question = schema.Text(
        title=_("Question to the participants"), required=True, max_length=TEXT_LENGTH
    )

    directives.widget(
        participants="ntnu.casemgmt.browser.widgets.PeopleAndUnitsFieldWidget"
    )
    participants = schema.List(
        title=_("Participants"),
        description=_(
            "The people asked to answer, or a unit consulted as a whole "
            "(a group such as nv-notification-unit)."
        ),
        value_type=schema.TextLine(max_length=LINE_LENGTH),
        required=True,
        max_length=50,
        constraint=principals_exist,
    )

    deadline = schema.Date(title=_("Answer by"), required=True)

    # the participants' answers, appended by parts.hearings.answer only:
    # nobody rewrites what a participant said
    directives.write_permission(responses="cmf.ManagePortal")
    responses = schema.Text(
        title=_("Responses"), required=False, max_length=LETTER_LENGTH
    )


@implementer(IHearing, ICasePart)
class Hearing(Item):
    """A hearing round; its participants may read the case while it is open."""
