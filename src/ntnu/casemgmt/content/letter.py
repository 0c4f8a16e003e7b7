"""A formal letter of a case, made from a template, SPEC §3."""

from AccessControl import ClassSecurityInfo
from AccessControl.class_init import InitializeClass
from ntnu.casemgmt import _
from ntnu.casemgmt.content.case import ICasePart
from ntnu.casemgmt.core.validation import LETTER_LENGTH
from ntnu.casemgmt.core.validation import LINE_LENGTH
from ntnu.casemgmt.core.validation import TITLE_LENGTH
from ntnu.casemgmt.core.validation import users_exist
from plone.autoform import directives
from plone.dexterity.content import Item
from plone.schema import Email
from plone.supermodel import model
from zope import schema
from zope.interface import implementer


class ILetter(model.Schema):
    """Schema of a Letter."""

    title = schema.TextLine(title=_("Title"), required=False, max_length=TITLE_LENGTH)

    template = schema.Choice(
        title=_("Template"),
        # those of the case's process (core.vocabularies.letter_templates)
        vocabulary="ntnu.casemgmt.LetterTemplates",
        required=True,
    )

    directives.widget(recipient="ntnu.casemgmt.browser.widgets.RecipientFieldWidget")
    recipient = schema.TextLine(
        title=_("Recipient"),
        description=_("User id or name of the person the letter is addressed to."),
        required=False,
        max_length=LINE_LENGTH,
    )

    recipient_email = Email(
        title=_("E-mail address outside the portal"),
        description=_(
            "Optional: an address that is also told the letter was sent "
            "(a notice with a link, never the letter's text)."
        ),
        required=False,
        max_length=LINE_LENGTH,
    )

    directives.widget(copy_to="ntnu.casemgmt.browser.widgets.PeopleFieldWidget")
    copy_to = schema.List(
        title=_("Copy to"),
        description=_(
            "User ids of people told about the letter for information; they "
            "may read it once it is sent."
        ),
        value_type=schema.TextLine(max_length=LINE_LENGTH),
        required=False,
        max_length=50,
        constraint=users_exist,
    )

    body = schema.Text(title=_("Letter text"), required=False, max_length=LETTER_LENGTH)

    exempt_from_public = schema.Bool(
        title=_("Exempt from public disclosure (offl. § 13)"),
        required=False,
        default=True,
    )

    sent = schema.Date(title=_("Sent"), required=False, readonly=True)


@implementer(ILetter, ICasePart)
class Letter(Item):
    """A letter; frozen once sent."""

    security = ClassSecurityInfo()

    @security.protected("View")
    def unfilled_placeholders(self):
        """The placeholders of the template still in the body (SPEC §3).
        The letter workflow's guard of ``send`` asks it from restricted
        code; whoever may send a letter may view it."""
        from ntnu.casemgmt.parts.letters.placeholders import unfilled

        return unfilled(self.template, self.body)

    @property
    def __ac_local_roles_block__(self):
        # A letter to the notifier names them (its greeting, its address):
        # it does not take the case's roles (the responsible manager, the
        # parties) but only those core.roles.LetterRoles gives it, the
        # people who may know who notified.
        return self.recipient == "notifier"


InitializeClass(Letter)
