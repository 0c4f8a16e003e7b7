"""A measure (tiltak) decided in a case, SPEC §3.

The person responsible writes the result; what the measure is, who carries
it out and by when are decided by the people handling the case (the write
permission ``ntnu.casemgmt: Manage measure``, which the measure workflow
does not give the responsible person), through every path.
"""

from ntnu.casemgmt import _
from ntnu.casemgmt.content.case import ICasePart
from ntnu.casemgmt.core.validation import LINE_LENGTH
from ntnu.casemgmt.core.validation import TEXT_LENGTH
from ntnu.casemgmt.core.validation import TITLE_LENGTH
from ntnu.casemgmt.core.validation import user_exists
from ntnu.casemgmt.core.vocabularies import MEASURE_KINDS
from plone.autoform import directives
from plone.dexterity.content import Item
from plone.supermodel import model
from zope import schema
from zope.interface import implementer


MANAGE = "ntnu.casemgmt.ManageMeasure"


class IMeasure(model.Schema):
    """Schema of a Measure."""

    directives.write_permission(
        title=MANAGE,
        description=MANAGE,
        responsible=MANAGE,
        due_date=MANAGE,
        kind=MANAGE,
    )
    title = schema.TextLine(title=_("Measure"), required=True, max_length=TITLE_LENGTH)

    description = schema.Text(
        title=_("Description"), required=False, max_length=TEXT_LENGTH
    )

    directives.widget(responsible="ntnu.casemgmt.browser.widgets.PeopleFieldWidget")
    responsible = schema.TextLine(
        title=_("Responsible"),
        description=_("User id of the person who carries out the measure."),
        required=False,
        constraint=user_exists,
        max_length=LINE_LENGTH,
    )

    due_date = schema.Date(title=_("Due date"), required=False)

    kind = schema.Choice(
        title=_("Kind of measure"),
        vocabulary=MEASURE_KINDS,
        required=True,
    )

    result = schema.Text(title=_("Result"), required=False, max_length=TEXT_LENGTH)


@implementer(IMeasure, ICasePart)
class Measure(Item):
    """A measure with a responsible person and a due date."""
