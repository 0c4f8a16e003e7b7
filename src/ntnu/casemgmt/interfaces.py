"""Marker interfaces of ntnu.casemgmt."""

from zope.interface import Interface
from zope.publisher.interfaces.browser import IDefaultBrowserLayer


class IBrowserLayer(IDefaultBrowserLayer):
    """Browser layer: views and services of this add-on only answer on sites
    where the add-on is installed."""


class IScheduledJob(Interface):
    """A job ``casemgmt-jobs`` runs (a named utility): called with
    ``today=<date>``, safe to run twice, catching up after missed days;
    returns what it did, naming each case."""

    def __call__(today=None):
        """Run as of ``today`` (the real date unless a dry run)."""
