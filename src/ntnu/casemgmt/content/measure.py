"""A measure (tiltak) decided in a case, SPEC §3."""

from ntnu.casemgmt import _
from ntnu.casemgmt.validation import user_exists
from ntnu.casemgmt.vocabularies import MEASURE_KINDS
from plone.dexterity.content import Item
from plone.supermodel import model
from zope import schema
from zope.interface import implementer


class IMeasure(model.Schema):
    """Schema of a Measure."""

    title = schema.TextLine(title=_("Measure"), required=True)

    description = schema.Text(title=_("Description"), required=False)

    responsible = schema.TextLine(
        title=_("Responsible"),
        description=_("User id of the person who carries out the measure."),
        required=False,
        constraint=user_exists,
    )

    due_date = schema.Date(title=_("Due date"), required=False)

    kind = schema.Choice(
        title=_("Kind of measure"),
        vocabulary=MEASURE_KINDS,
        required=True,
        default="corrective",
    )

    result = schema.Text(title=_("Result"), required=False)


@implementer(IMeasure)
class Measure(Item):
    """A measure with a responsible person and a due date."""
