"""A hearing round (høring) in a deviation, SPEC §3."""

from ntnu.casemgmt import _
from ntnu.casemgmt.validation import users_exist
from plone.dexterity.content import Item
from plone.supermodel import model
from zope import schema
from zope.interface import implementer


class IHearing(model.Schema):
    """Schema of a Hearing."""

    title = schema.TextLine(title=_("Title"), required=False)

    question = schema.Text(title=_("Question to the participants"), required=True)

    participants = schema.List(
        title=_("Participants"),
        description=_("User ids of the people asked to answer."),
        value_type=schema.TextLine(),
        required=True,
        constraint=users_exist,
    )

    deadline = schema.Date(title=_("Answer by"), required=True)

    responses = schema.Text(title=_("Responses"), required=False)


@implementer(IHearing)
class Hearing(Item):
    """A hearing round; its participants may read the case while it is open."""
