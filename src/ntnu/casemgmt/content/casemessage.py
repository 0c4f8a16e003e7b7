"""A message in one conversation of a notification case, SPEC §3."""

from ntnu.casemgmt import _
from ntnu.casemgmt.content.case import ICasePart
from ntnu.casemgmt.core.validation import LINE_LENGTH
from ntnu.casemgmt.core.vocabularies import MESSAGE_AUTHOR_KINDS
from plone.dexterity.content import Item
from plone.supermodel import model
from zope import schema
from zope.interface import implementer


class ICaseMessage(model.Schema):
    """Schema of a CaseMessage."""

    text = schema.Text(title=_("Message"), required=False, max_length=10000)

    author_kind = schema.Choice(
        title=_("Written by"),
        vocabulary=MESSAGE_AUTHOR_KINDS,
        required=True,
    )

    # Set by the system when the message is written (notification.conversations).
    thread = schema.TextLine(
        title=_("Conversation"),
        description=_(
            "notifier, or party:<user id>: the conversation between the unit "
            "and the notifier or one party."
        ),
        required=False,
        readonly=True,
        default="notifier",
        max_length=LINE_LENGTH,
    )


@implementer(ICaseMessage, ICasePart)
class CaseMessage(Item):
    """One message of a conversation between the unit and the notifier or
    one party.

    It does not take the case's roles (the responsible manager, the other
    parties): only those core.roles.ConversationRoles gives it, the unit
    and the conversation's participant.
    """

    __ac_local_roles_block__ = True

    #: the UIDs of the CaseDocuments handed in with the message
    attachments = ()

    def Title(self):
        """Messages have no title of their own; never show their text."""
        return self.id
