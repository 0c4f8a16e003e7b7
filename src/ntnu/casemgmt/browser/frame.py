"""The frame around the add-on's pages for people who are not Plone editors:
no editing toolbar for those who cannot edit (the user menu then shows in
the header), no byline on app pages, the add-on's stylesheet (phones),
icon labels and the theme's close button in the page's language."""

from html import escape
from ntnu.casemgmt import _
from ntnu.casemgmt.interfaces import IBrowserLayer
from plone import api
from plone.app.layout.globals.context import ContextState as PloneContextState
from plone.app.layout.viewlets import ViewletBase
from plone.transformchain.interfaces import ITransform
from Products.CMFPlone.browser.icons import IconsView as PloneIconsView
from repoze.xmliter.serializer import XMLSerializer
from zope.component import adapter
from zope.i18n import translate
from zope.interface import implementer
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
    student's pages) and its small script (labels of the person picker's
    remove links), without a resource bundle in the registry."""

    def render(self):
        resources = f"{api.portal.get().absolute_url()}/++resource++ntnu.casemgmt"
        remove = escape(translate(_("Remove"), context=self.request), quote=True)
        return (
            f'<link rel="stylesheet" href="{resources}/casemgmt.css" />\n'
            f'<script defer src="{resources}/casemgmt.js" '
            f'data-remove-label="{remove}"></script>'
        )


class IconsView(PloneIconsView):
    """``@@iconresolver`` on the add-on's layer: an icon's label (its SVG
    ``<title>``, read aloud and shown as a tooltip) in the page's language.

    Plone's templates pass English labels, e.g. plone.app.z3cform's form
    macros ``icons.tag('plone-statusmessage-error', tag_alt='Error')`` above
    a form with errors, and their ``i18n:attributes="alt"`` on the replaced
    element never applies: the label stayed "Error" on Norwegian pages.
    """

    def tag(self, name, tag_class="", tag_alt=""):
        """The icon's markup, ``tag_alt`` translated (Plone's domain unless
        it is a message of another domain).

        :param name: the icon's name in the registry (``plone.icon.<name>``)
        :param tag_class: CSS classes of the ``<svg>``/``<img>``
        :param tag_alt: the label, a message id or English text
        """
        if tag_alt:
            tag_alt = translate(tag_alt, domain="plone", context=self.request)
        return super().tag(name, tag_class=tag_class, tag_alt=tag_alt)


#: Barceloneta's button that closes the menu on small screens (its theme
#: index.html, labelled "Close" in English only).
THEME_CLOSE_BUTTONS = (
    '//div[contains(@class, "offcanvas-header")]'
    '/button[contains(concat(" ", normalize-space(@class), " "), " btn-close ")]'
)


@implementer(ITransform)
@adapter(Interface, IBrowserLayer)
class ThemeLabels:
    """The label of Barceloneta's close button in the page's language.

    The label is fixed text of the theme's ``index.html``, which no Diazo
    rule of Barceloneta fills from the content (unlike the menu button's,
    which the sections viewlet gives). Rewriting it on the themed page
    keeps Barceloneta as it is (no copy of the theme to maintain) and holds
    whichever Barceloneta-based theme a site chooses. Runs right after
    plone.app.theming's Diazo transform (8850), before plone.protect's
    (9000).
    """

    order = 8860

    def __init__(self, published, request):
        self.published = published
        self.request = request

    def transformBytes(self, result, encoding):
        return None  # not themed: no theme markup to translate

    def transformUnicode(self, result, encoding):
        return None

    def transformIterable(self, result, encoding):
        """Label the close buttons of the page Diazo made.

        :param result: the response body; a themed page is Diazo's lxml
            tree (an ``XMLSerializer``), anything else is left alone
        :param encoding: the response's encoding (unused)
        """
        if not isinstance(result, XMLSerializer):
            return None
        buttons = result.tree.xpath(THEME_CLOSE_BUTTONS)
        if not buttons:
            return None
        label = translate(_("Close the menu"), context=self.request)
        for button in buttons:
            button.set("aria-label", label)
        return result
