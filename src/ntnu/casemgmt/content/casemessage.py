"""A message between a notifier and the case officer, SPEC §3."""

from ntnu.casemgmt import _
from ntnu.casemgmt.content.case import ICasePart
from ntnu.casemgmt.core.vocabularies import MESSAGE_AUTHOR_KINDS
from plone.dexterity.content import Item
from plone.supermodel import model
from zope import schema
from zope.interface import implementer


class ICaseMessage(model.Schema):
    """Schema of a CaseMessage."""

    text = schema.Text(title=_("Message"), required=True, max_length=10000)

    author_kind = schema.Choice(
        title=_("Written by"),
        vocabulary=MESSAGE_AUTHOR_KINDS,
        required=True,
    )


@implementer(ICaseMessage, ICasePart)
class CaseMessage(Item):
    """One message in the exchange between notifier and officer."""

    def Title(self):
        """Messages have no title of their own; never show their text."""
        return self.id
