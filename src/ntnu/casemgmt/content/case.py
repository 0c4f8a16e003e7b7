"""What deviations and notification cases have in common."""

from zope.interface import Interface


class ICase(Interface):
    """Marker of the two case types: they get a case number, a received
    time and a deadline from the system."""
