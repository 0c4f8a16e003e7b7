"""The navigation portlet of a case's part: no case the user may not see.

Plone's navigation strategy forces every container of the current object
into the tree with an unrestricted catalog query ("showAllParents"): the
portlet beside a measure or a letter named the case's title to its
responsible person or recipient. For the parts of a case it does not.
"""

from plone.app.portlets.portlets.navigation import NavtreeStrategy


class PartNavtreeStrategy(NavtreeStrategy):
    def __init__(self, context, portlet):
        super().__init__(context, portlet)
        self.showAllParents = False
