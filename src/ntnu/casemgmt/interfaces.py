"""Marker interfaces of ntnu.casemgmt."""

from zope.publisher.interfaces.browser import IDefaultBrowserLayer


class IBrowserLayer(IDefaultBrowserLayer):
    """Browser layer: views and services of this add-on only answer on sites
    where the add-on is installed."""
