"""Breadcrumbs that never name a case the user may not see.

Plone's breadcrumbs of an object list the titles of all its containers,
whether or not the user may see them: the person responsible for a
measure, or a letter's recipient, would read the title of the case from
the breadcrumbs of the part they may open (the page's, and plone.restapi's
``@breadcrumbs``, which uses the same view).
"""

from plone import api
from Products.CMFPlone.browser.navigation import parent
from Products.CMFPlone.browser.navigation import PhysicalNavigationBreadcrumbs
from zope.component import getMultiAdapter


class CaseBreadcrumbs(PhysicalNavigationBreadcrumbs):
    """``breadcrumbs_view`` of a case: Plone's, without the case itself for
    someone who may not see it."""

    def breadcrumbs(self):
        if api.user.has_permission("View", obj=self.context):
            return super().breadcrumbs()
        container = parent(self.context)
        return tuple(
            getMultiAdapter(
                (container, self.request), name="breadcrumbs_view"
            ).breadcrumbs()
        )
