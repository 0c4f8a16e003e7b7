"""Plone's page frame, with the same output for less work.

Every page of the site shows the toolbar, the personal bar, the language
selector, inline icons and the bundles' script and style tags. Plone
computes some of them wastefully, and the work lists are read many times a
day; these subclasses, registered for the add-on's browser layer only, give
the same HTML without the waste.
"""

from plone.app.i18n.locales.browser import selector
from plone.app.layout import viewlets
from plone.app.layout.viewlets.common import PersonalBarViewlet as PlonePersonalBarViewlet
from plone.app.layout.viewlets.common import ViewletBase
from plone.app.layout.viewlets.toolbar import ToolbarViewletManager as PloneToolbarViewletManager
from plone.app.theming.utils import theming_policy
from plone.base import PloneMessageFactory as plone_
from plone.base.interfaces import IBundleRegistry
from plone.base.interfaces.resources import OVERRIDE_RESOURCE_DIRECTORY_NAME
from plone.i18n.locales.interfaces import IContentLanguageAvailability
from plone.registry.interfaces import IRegistry
from plone.resource.interfaces import IResourceDirectory
from Products.CMFCore.Expression import Expression
from Products.CMFPlone.browser.icons import IconsView
from Products.CMFPlone.resources.browser import resource
from Products.CMFPlone.resources.utils import evaluateExpression
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zope.component import getMultiAdapter
from zope.component import getUtility
from zope.component import queryUtility
from zope.i18n import translate

import json
import os


def _plone_template(module, name):
    """Plone's own template ``name`` beside ``module``, for a subclass."""
    return ViewPageTemplateFile(os.path.join(os.path.dirname(module.__file__), name))


#: rendered <svg> tags by (resource path, css class, title)
_ICON_TAGS = {}
_MAX_ICON_TAGS = 2000


class CachedIconsView(IconsView):
    """Plone's icon resolver, remembering each rendered ``<svg>``.

    Plone reads and parses the SVG file of every icon on every page (the
    toolbar alone shows a dozen). The registry is still asked each time, so
    an icon remapped there shows at once; only the rendering of the file is
    kept. Other icons (``<img>`` with the site's URL) are not kept: their
    tag depends on the address the site is reached at.
    """

    def tag(self, name, tag_class="", tag_alt=""):
        icon = self.lookup(name)
        if not icon.endswith(".svg"):
            return super().tag(name, tag_class, tag_alt)
        key = (icon, tag_class, tag_alt)
        tag = _ICON_TAGS.get(key)
        if tag is None:
            if len(_ICON_TAGS) >= _MAX_ICON_TAGS:
                _ICON_TAGS.clear()
            tag = _ICON_TAGS[key] = super().tag(name, tag_class, tag_alt)
        return tag


class LanguageSelector(selector.LanguageSelector):
    """The language selector, looking up only the site's languages.

    Plone's asks the registry once for each of the ~600 languages it knows
    to find the two this site offers (nb, en).
    """

    render = _plone_template(selector, "languageselector.pt")

    def languages(self):
        if self.tool is None:
            return []
        current = self.tool.getLanguageBindings(self.request)[0]
        known = getUtility(IContentLanguageAvailability).getLanguages(
            combined=self.tool.use_combined_language_codes
        )
        return [
            dict(known[code], code=code, selected=code == current)
            for code in self.tool.getSupportedLanguages()
            if code in known
        ]


class PersonalBarViewlet(PlonePersonalBarViewlet):
    """The personal bar, naming the member this request is signed in as.

    Plone's asks PAS to find the same user a second time (``getMemberInfo``)
    only to read the full name, which the signed-in member already carries;
    and it does so three times a page (toolbar, anontools, membertools).
    """

    def update(self):
        ViewletBase.update(self)
        context_state = getMultiAdapter((self.context, self.request), name="plone_context_state")
        self.user_actions = [self._action(action) for action in context_state.actions("user")]
        self.anonymous = self.portal_state.anonymous()
        if not self.anonymous:
            member = self.portal_state.member()
            self.homelink_url = f"{self.navigation_root_url}/useractions"
            self.user_name = member.getProperty("fullname", "") or member.getId()

    def _action(self, action):
        """One user action as Plone's personal bar template wants it."""
        info = {
            "title": action["title"],
            "href": action["url"],
            "id": "personaltools-{}".format(action["id"]),
            "target": action.get("link_target", None),
            "icon": action.get("icon", None),
        }
        modal = action.get("modal")
        if modal:
            info["class"] = "pat-plone-modal"
            if '"title":' in modal:
                modal = json.loads(modal)
                modal["title"] = translate(plone_(modal["title"]), context=self.request)
                modal = json.dumps(modal)
            info["data-pat-plone-modal"] = modal
        return info


class AnonToolsViewlet(PersonalBarViewlet):
    """Plone's log-in link in the header, on the personal bar above."""

    index = _plone_template(viewlets, "anontools.pt")


class MemberToolsViewlet(PersonalBarViewlet):
    """Plone's member panel in the header, on the personal bar above."""

    index = _plone_template(viewlets, "membertools.pt")


class ToolbarViewletManager(PloneToolbarViewletManager):
    """Plone's toolbar with the personal bar above."""

    def get_personal_bar(self):
        viewlet = PersonalBarViewlet(self.context, self.request, self.__parent__, self)
        viewlet.update()
        return viewlet


#: rendered bundle tags ({"js": ..., "css": ...}) by all they are made of
_RESOURCE_TAGS = {}
_MAX_RESOURCE_TAGS = 200
#: compiled bundle expressions by their text
_EXPRESSIONS = {}


def _has_resources_through_the_web():
    """True when a bundle file may live in the database: a resource
    overridden or a theme uploaded through the web."""
    persistent = queryUtility(IResourceDirectory, name="persistent")
    if persistent is None:
        return False
    for name in persistent.listDirectory():
        if name != OVERRIDE_RESOURCE_DIRECTORY_NAME or persistent[name].listDirectory():
            return True
    return False


class CachedResourcesMixin:
    """Plone's script and style tags of the bundles, made once.

    Plone makes them anew on every page: it reads every bundle file and
    hashes it (SHA-384) for the tag's address and integrity attribute. The
    tags are kept here by everything they are made of (the bundle records,
    the theme, the expressions as they evaluate here, the bundles the
    request adds or removes, the custom CSS, the site's address and
    Plone's own mark of a change, ``update_resource_registry_mtime``).
    File contents are not in the key, so nothing is kept while any bundle
    file can change without a restart: when a resource is overridden or a
    theme uploaded through the web. Files on disk change only with a new
    release, and a restart empties this cache.
    """

    def update(self):
        if getattr(self.request, resource.REQUEST_CACHE_KEY, None) is not None:
            return super().update()  # the other viewlet of this request made them
        key = self._tags_key()
        kept = _RESOURCE_TAGS.get(key) if key is not None else None
        if kept is not None:
            self.rendered = kept
            setattr(self.request, resource.REQUEST_CACHE_KEY, kept)
            return
        self._troubled = False
        super().update()
        if key is not None and not self._troubled:
            if len(_RESOURCE_TAGS) >= _MAX_RESOURCE_TAGS:
                _RESOURCE_TAGS.clear()
            _RESOURCE_TAGS[key] = self.rendered

    def _tags_key(self):
        """All the tags are made of but the file contents, or None when
        a file may be in the database."""
        if _has_resources_through_the_web():
            return None
        registry = getUtility(IRegistry)
        records = registry.collectionOfInterface(IBundleRegistry, prefix="plone.bundles", check=False)
        bundles = tuple(
            (
                name, record.enabled, record.jscompilation, record.csscompilation, record.depends,
                record.load_async, record.load_defer, record.expression,
                self._evaluate(record.expression) if record.expression else None,
            )
            for name, record in sorted(records.items())
        )
        policy = theming_policy(self.request)
        theme = policy.get_theme() if policy.isThemeEnabled() else None
        if theme is not None:
            theme = (
                theme.__name__, theme.production_css, theme.development_css, theme.production_js,
                theme.development_js, tuple(theme.enabled_bundles), tuple(theme.disabled_bundles),
            )
        enabled, disabled = self._request_bundles()
        return (
            getattr(registry, resource._RESOURCE_REGISTRY_MTIME, None),
            getMultiAdapter((self.context, self.request), name="plone_portal_state").portal_url(),
            bundles,
            theme,
            tuple(sorted(enabled)),
            tuple(sorted(disabled)),
            registry.get("plone.app.theming.interfaces.IThemeSettings.custom_css"),
        )

    def status_message_factory(self, status_message, status_type="error"):
        # Plone reports a broken bundle to the site's administrators on
        # every page until it is mended: such tags are not kept.
        self._troubled = True
        return super().status_message_factory(status_message, status_type)

    def _evaluate(self, text):
        expression = _EXPRESSIONS.get(text)
        if expression is None:
            expression = _EXPRESSIONS[text] = Expression(text)
        return bool(evaluateExpression(expression, self.context))


class ScriptsViewlet(CachedResourcesMixin, resource.ScriptsView):
    """Plone's bundle script tags, made once (CachedResourcesMixin)."""


class StylesViewlet(CachedResourcesMixin, resource.StylesView):
    """Plone's bundle style tags, made once (CachedResourcesMixin)."""
