"""Plone's page frame, with the same output for less work.

Every page of the site shows the toolbar, the personal bar, the language
selector and inline icons. Plone computes some of them wastefully, and the
work lists are read many times a day; these subclasses, registered for the
add-on's browser layer only, give the same HTML without the waste.
"""

from plone.app.i18n.locales.browser import selector
from plone.app.layout import viewlets
from plone.app.layout.viewlets.common import PersonalBarViewlet as PlonePersonalBarViewlet
from plone.app.layout.viewlets.common import ViewletBase
from plone.app.layout.viewlets.toolbar import ToolbarViewletManager as PloneToolbarViewletManager
from plone.base import PloneMessageFactory as plone_
from plone.i18n.locales.interfaces import IContentLanguageAvailability
from Products.CMFPlone.browser.icons import IconsView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zope.component import getMultiAdapter
from zope.component import getUtility
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
