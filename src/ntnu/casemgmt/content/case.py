"""What deviations and notification cases have in common, and what their
parts have in common."""

from zope.interface import Interface


class ICase(Interface):
    """Marker of the two case types: they get a case number, a received
    time and a deadline from the system."""


class ICasePart(Interface):
    """Marker of what lives inside a case: measures, letters, hearings,
    documents and messages."""
