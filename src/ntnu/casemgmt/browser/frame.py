"""The frame around the add-on's pages for people who are not Plone editors:
no editing toolbar for those who cannot edit (the user menu then shows in
the header), no byline on app pages, the add-on's stylesheet (phones)."""

from plone import api
from plone.app.layout.globals.context import ContextState as PloneContextState
from plone.app.layout.viewlets import ViewletBase
from zope.interface import Interface


#: The permissions that make the toolbar worth showing on a context.
EDITING_PERMISSIONS = ("Modify portal content", "Add portal content")


class IAppPage(Interface):
    """A page of the add-on's processes (forms, lists, case and part pages):
    it shows no document byline."""


def may_edit_or_manage(context):
    """Whether the current user may edit or add content on ``context``, or
    manage the site (Manager, Site Administrator).

    :param context: the content object the page shows
    """
    if api.user.is_anonymous():
        return False
    if api.user.has_permission("Manage portal", obj=api.portal.get()):
        return True
    return any(
        api.user.has_permission(permission, obj=context)
        for permission in EDITING_PERMISSIONS
    )


class ContextState(PloneContextState):
    """``plone_context_state`` on the add-on's layer.

    Plone's toolbar (plone.app.layout viewlets/toolbar.pt), its body classes
    and the header's member tools (membertools.pt) all ask
    ``is_toolbar_visible``: narrowing it here hides the toolbar and keeps the
    user menu (My cases, My work, the inbox, log out) in the header.
    """

    def is_toolbar_visible(self):
        # the "Show Toolbar" permission stays a further condition
        return super().is_toolbar_visible() and may_edit_or_manage(self.context)


class NoBylineViewlet(ViewletBase):
    """``plone.documentbyline`` on app pages: "by admin — last modified"
    says nothing about a form or a case."""

    def render(self):
        return ""


class StylesheetViewlet(ViewletBase):
    """The add-on's stylesheet in the page head (phone layouts of the
    student's pages), without a resource bundle in the registry."""

    def render(self):
        portal_url = api.portal.get().absolute_url()
        return (
            '<link rel="stylesheet" href="'
            f'{portal_url}/++resource++ntnu.casemgmt/casemgmt.css" />'
        )
