"""What deviations and notification cases have in common, and what their
parts have in common."""

from AccessControl import ClassSecurityInfo
from AccessControl.class_init import InitializeClass
from zope.interface import Interface


class ICase(Interface):
    """Marker of the two case types: they get a case number, a received
    time and a deadline from the system."""


class ICasePart(Interface):
    """Marker of what lives inside a case: measures, letters, hearings,
    documents and messages."""


class CaseGuards:
    """Mixin of the case classes: what the workflows' guard expressions
    ask of a case (restricted code; whoever may fire a transition may view
    the case)."""

    security = ClassSecurityInfo()

    @security.protected("View")
    def reopenable(self):
        """False once the case was anonymised under the retention rule
        (SPEC §11): what it said is gone, so it stays closed."""
        from ntnu.casemgmt.retention.anonymise import is_anonymised

        return not is_anonymised(self)


InitializeClass(CaseGuards)
