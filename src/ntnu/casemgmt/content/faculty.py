"""A faculty: the unit that receives and processes cases."""

from ntnu.casemgmt import _
from ntnu.casemgmt.content.moves import CaseHolder
from ntnu.casemgmt.content.traversal import ConfidentialTraversal
from ntnu.casemgmt.core.validation import faculty_code
from plone.dexterity.content import Container
from plone.schema import Email
from plone.supermodel import model
from zope import schema
from zope.interface import implementer


class IFaculty(model.Schema):
    """Schema of a Faculty (SPEC §3)."""

    title = schema.TextLine(title=_("Name"), required=True)

    code = schema.ASCIILine(
        title=_("Code"),
        description=_(
            "Short lowercase code of the faculty, for example 'ie'. "
            "Member profiles and notification cases refer to it."
        ),
        required=True,
        constraint=faculty_code,
    )

    reception_email = Email(
        title=_("Reception e-mail"),
        description=_("Functional address that receives notices of new cases."),
        required=False,
    )


@implementer(IFaculty)
class Faculty(CaseHolder, ConfidentialTraversal, Container):
    """A faculty folder; cases of the faculty live inside it."""

    # Tens of thousands of cases: an ordered folder keeps a list of every
    # id that is rewritten whenever a case is added, so creating a case
    # would cost more with every case before it. Contents list by id.
    _ordering = "unordered"
