"""A guideline page (retningslinje), SPEC §3."""

from ntnu.casemgmt import _
from plone.app.z3cform.widgets.contentbrowser import ContentBrowserFieldWidget
from plone.autoform import directives
from plone.dexterity.content import Item
from plone.supermodel import model
from z3c.relationfield.schema import RelationChoice
from zope import schema
from zope.interface import implementer


class IGuideline(model.Schema):
    """Fields of a Guideline on top of the page behaviors (title, text)."""

    decided_by = schema.TextLine(
        title=_("Decided by"),
        description=_(
            "Who decided the guideline, for example 'Pro-Rector for Education'."
        ),
        required=False,
    )

    valid_from = schema.Date(title=_("Valid from"), required=False)

    other_language = RelationChoice(
        title=_("Other language version"),
        description=_("The same guideline in the other language."),
        vocabulary="plone.app.vocabularies.Catalog",
        required=False,
    )
    directives.widget(
        "other_language",
        ContentBrowserFieldWidget,
        pattern_options={"selectableTypes": ["Guideline"]},
    )


@implementer(IGuideline)
class Guideline(Item):
    """A wiki-style guideline page."""
