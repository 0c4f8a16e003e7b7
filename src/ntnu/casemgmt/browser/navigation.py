"""Navigation: the portlet beside a case's part names no case the user may
not see; the site's sections are named in the page's language.

Plone's navigation strategy forces every container of the current object
into the tree with an unrestricted catalog query ("showAllParents"): the
portlet beside a measure or a letter named the case's title to its
responsible person or recipient. For the parts of a case it does not.
"""

from ntnu.casemgmt import _
from plone.app.layout.viewlets import common
from plone.app.layout.viewlets.common import GlobalSectionsViewlet
from plone.app.portlets.portlets.navigation import NavtreeStrategy
from zope.i18n import translate


#: The titles of the sections the add-on and its demo make (``/faculties``,
#: ``/guidelines``), here so that the catalogue holds them.
SECTION_TITLES = (_("Faculties"), _("Guidelines"))


class PartNavtreeStrategy(NavtreeStrategy):
    def __init__(self, context, portlet):
        super().__init__(context, portlet)
        self.showAllParents = False


def section_title(title, request):
    """``title`` of a section in the page's language when the add-on's
    catalogue knows it, else as it is (an administrator's own title).

    :param title: the folder's title
    :param request: the current request
    """
    return translate(title, domain="ntnu.casemgmt", context=request, default=title)


class SectionsViewlet(GlobalSectionsViewlet):
    """The global navigation with the top sections' titles in the page's
    language: a folder's title is one text ("Guidelines", "Faculties"), so
    a title the add-on's catalogue knows is shown translated; any other
    title (an administrator's own) as it is. Uses the viewlet's hook for
    the tabs (``customize_tab``), not a copy of it.
    """

    def customize_tab(self, entry, tab):
        entry["title"] = section_title(entry["title"], self.request)


class PathBarViewlet(common.PathBarViewlet):
    """The breadcrumbs with the sections' titles in the page's language,
    as in the global navigation (``section_title``)."""

    def update(self):
        super().update()
        self.breadcrumbs = tuple(
            {**crumb, "Title": section_title(crumb["Title"], self.request)}
            for crumb in self.breadcrumbs
        )
