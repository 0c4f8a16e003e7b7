"""The central SpeakUp reception, where new notification cases land."""

from ntnu.casemgmt import _
from ntnu.casemgmt.content.moves import CaseHolder
from ntnu.casemgmt.content.traversal import ConfidentialTraversal
from plone.dexterity.content import Container
from plone.schema import Email
from plone.supermodel import model
from zope import schema
from zope.interface import implementer


class ICentralReception(model.Schema):
    """Schema of the CentralReception (SPEC §2)."""

    title = schema.TextLine(title=_("Name"), required=True)

    reception_email = Email(
        title=_("Reception e-mail"),
        description=_("Functional address that receives notices of new cases."),
        required=False,
    )


@implementer(ICentralReception)
class CentralReception(CaseHolder, ConfidentialTraversal, Container):
    """Folder of notification cases not yet forwarded to a faculty."""

    # Like a faculty: no order list that grows with every case.
    _ordering = "unordered"
