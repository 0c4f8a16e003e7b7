"""A case document: minutes, assessments, evidence, SPEC §3."""

from ntnu.casemgmt import _
from ntnu.casemgmt.content.case import ICasePart
from ntnu.casemgmt.core.validation import file_size
from ntnu.casemgmt.core.validation import TEXT_LENGTH
from ntnu.casemgmt.core.validation import TITLE_LENGTH
from ntnu.casemgmt.core.vocabularies import DOCUMENT_SOURCES
from ntnu.casemgmt.core.vocabularies import DOCUMENT_VISIBILITY
from plone.dexterity.content import Item
from plone.namedfile.field import NamedBlobFile
from plone.supermodel import model
from zope import schema
from zope.interface import implementer


class ICaseDocument(model.Schema):
    """Schema of a CaseDocument."""

    title = schema.TextLine(title=_("Title"), required=True, max_length=TITLE_LENGTH)

    text = schema.Text(title=_("Text"), required=False, max_length=TEXT_LENGTH)

    file = NamedBlobFile(title=_("File"), required=False, constraint=file_size)

    visibility = schema.Choice(
        title=_("Visibility"),
        description=_(
            "Internal assessments are exempt from the parties' right of access "
            "(Forvaltningsloven § 18)."
        ),
        vocabulary=DOCUMENT_VISIBILITY,
        required=True,
        default="internal",
    )

    # Set by the system: evidence handed in through a conversation says who
    # gave it (notification.conversations); what the unit adds is its own.
    source = schema.Choice(
        title=_("Handed in by"),
        vocabulary=DOCUMENT_SOURCES,
        required=False,
        readonly=True,
        default="officer",
    )


@implementer(ICaseDocument, ICasePart)
class CaseDocument(Item):
    """A document of a case, visible to parties or internal."""

    #: The conversation (``CaseMessage.thread``) an attachment was handed in
    #: through, else None.
    thread = None

    @property
    def __ac_local_roles_block__(self):
        # An attachment of a conversation is that conversation's: it does
        # not take the case's roles (the responsible manager, the other
        # parties) but those core.roles.ConversationRoles gives it.
        return bool(self.thread)
