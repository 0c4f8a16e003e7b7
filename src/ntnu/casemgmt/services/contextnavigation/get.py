"""@contextnavigation of a case's part: no case the user may not see.

Plone's navigation trees force in every container of the current object
("showAllParents", with an unrestricted catalog query), so the tree of a
measure or a letter named the case's title to its responsible person or
recipient, who may not see the case. For the parts of a case the tree is
built without forcing them in; the user sees what the catalog shows them.
plone.restapi builds its strategy in the renderer itself (no adapter to
register), hence these subclasses.
"""

from Acquisition import aq_inner
from plone.app.layout.navigation.navtree import buildFolderTree
from plone.memoize.instance import memoize
from plone.restapi.services.contextnavigation.get import ContextNavigation
from plone.restapi.services.contextnavigation.get import ContextNavigationGet
from plone.restapi.services.contextnavigation.get import extract_data
from plone.restapi.services.contextnavigation.get import INavigationPortlet
from plone.restapi.services.contextnavigation.get import NavigationPortletRenderer
from plone.restapi.services.contextnavigation.get import NavtreeStrategy
from plone.restapi.services.contextnavigation.get import QueryBuilder


class PartNavigationRenderer(NavigationPortletRenderer):
    @memoize
    def getNavTree(self, _marker=None):
        context = aq_inner(self.context)
        strategy = NavtreeStrategy(context, self.data)
        strategy.showAllParents = False
        return buildFolderTree(
            context,
            obj=context,
            query=QueryBuilder(context, self.data)(),
            strategy=strategy,
        )


class PartContextNavigation(ContextNavigation):
    """The ``contextnavigation`` expander of a part."""

    def __call__(self, expand=False, prefix="expand.contextnavigation."):
        result = {
            "contextnavigation": {
                "@id": f"{self.context.absolute_url()}/@contextnavigation"
            }
        }
        if not expand:
            return result
        data = extract_data(INavigationPortlet, self.request.form, prefix)
        result["contextnavigation"].update(
            PartNavigationRenderer(self.context, self.request, data).render()
        )
        return result


class PartContextNavigationGet(ContextNavigationGet):
    def reply(self):
        navigation = PartContextNavigation(self.context, self.request)
        return navigation(expand=True, prefix="expand.contextnavigation.")[
            "contextnavigation"
        ]
