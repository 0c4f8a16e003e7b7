"""Plone's page frame as the add-on serves it (browser/frame.py): the same
HTML as Plone's own toolbar, personal bar, language selector and icons."""

from ntnu.casemgmt.browser import frame
from ntnu.casemgmt.interfaces import IBrowserLayer
from plone import api
from plone.app.i18n.locales.browser.selector import LanguageSelector as PloneLanguageSelector
from plone.app.layout import viewlets
from plone.app.layout.viewlets.common import PersonalBarViewlet as PlonePersonalBarViewlet
from plone.app.layout.viewlets.interfaces import IToolbar
from plone.app.layout.viewlets.toolbar import ToolbarViewletManager as PloneToolbar
from plone.app.testing import login
from plone.app.testing import logout
from plone.i18n.utility import setLanguageBinding
from Products.CMFPlone.browser.icons import IconsView
from Products.CMFPlone.resources import webresource
from Products.CMFPlone.resources.browser import resource
from Products.CMFPlone.resources.utils import get_override_directory
from Products.Five.browser import BrowserView
from zope.component import getMultiAdapter
from zope.interface import alsoProvides
from zope.viewlet.interfaces import IViewlet
from zope.viewlet.interfaces import IViewletManager
from zope.viewlet.manager import ViewletManager
from Products.Five.viewlet.viewlet import SimpleViewletClass

import os
import pytest
import re


@pytest.fixture
def portal(demo):
    alsoProvides(demo["request"], IBrowserLayer)
    return demo["portal"]


@pytest.fixture
def request_(demo):
    return demo["request"]


def toolbar_html(portal, request, cls):
    manager = ViewletManager("plone.toolbar", IToolbar, bases=(cls,))(portal, request, BrowserView(portal, request))
    manager.update()
    return manager.render()


@pytest.mark.parametrize("user", ["reception-ie", "student1", "caseworker-ie", "quality"])
def test_toolbar_is_plones(portal, request_, user):
    login(portal, user)
    ours = toolbar_html(portal, request_, frame.ToolbarViewletManager)
    assert ours == toolbar_html(portal, request_, PloneToolbar)
    fullname = api.user.get(userid=user).getProperty("fullname")
    assert fullname and fullname in ours


@pytest.mark.parametrize("user", ["reception-ie", None])
@pytest.mark.parametrize(
    "name,template", [("plone.anontools", "anontools.pt"), ("plone.membertools", "membertools.pt")]
)
def test_header_tools_are_plones(portal, request_, user, name, template):
    """The header's log-in link and member panel, as Plone renders them."""
    if user:
        login(portal, user)
    else:
        logout()
    view = BrowserView(portal, request_)
    header = getMultiAdapter((portal, request_, view), IViewletManager, name="plone.portalheader")
    ours = getMultiAdapter((portal, request_, view, header), IViewlet, name=name)
    assert isinstance(ours, frame.PersonalBarViewlet)
    plones = SimpleViewletClass(os.path.join(os.path.dirname(viewlets.__file__), template),
                                bases=(PlonePersonalBarViewlet,))(portal, request_, view, header)
    for viewlet in (ours, plones):
        viewlet.update()
    assert ours.render() == plones.render()
    assert ours.user_name == plones.user_name


def test_personal_bar_without_fullname_shows_the_user_id(portal, request_):
    api.user.get(userid="student1").setMemberProperties({"fullname": ""})
    login(portal, "student1")
    viewlet = frame.PersonalBarViewlet(portal, request_, None, None)
    viewlet.update()
    assert viewlet.user_name == "student1"
    assert viewlet.homelink_url.endswith("/useractions")
    assert "personaltools-logout" in [action["id"] for action in viewlet.user_actions]


def test_personal_bar_anonymous(portal, request_):
    logout()
    viewlet = frame.PersonalBarViewlet(portal, request_, None, None)
    viewlet.update()
    assert viewlet.anonymous
    assert viewlet.user_name == ""


def test_the_site_uses_the_frame(portal, request_):
    view = BrowserView(portal, request_)
    manager = getMultiAdapter((portal, request_, view), IViewletManager, name="plone.toolbar")
    assert isinstance(manager, frame.ToolbarViewletManager)
    assert isinstance(portal.restrictedTraverse("@@iconresolver"), frame.CachedIconsView)
    header = getMultiAdapter((portal, request_, view), IViewletManager, name="plone.portalheader")
    selector = getMultiAdapter(
        (portal, request_, view, header), IViewlet, name="plone.app.i18n.locales.languageselector"
    )
    assert isinstance(selector, frame.LanguageSelector)
    for manager_name, name, cls in (
        ("plone.scripts", "plone.resourceregistries.scripts", frame.ScriptsViewlet),
        ("plone.htmlhead.links", "plone.resourceregistries.styles", frame.StylesViewlet),
    ):
        manager = getMultiAdapter((portal, request_, view), IViewletManager, name=manager_name)
        assert isinstance(getMultiAdapter((portal, request_, view, manager), IViewlet, name=name), cls)


@pytest.mark.parametrize("language", ["nb", "en"])
def test_language_selector_is_plones(portal, request_, language):
    request_["set_language"] = language
    setLanguageBinding(request_)
    view = BrowserView(portal, request_)
    ours = frame.LanguageSelector(portal, request_, view, None)
    plones = PloneLanguageSelector(portal, request_, view, None)
    ours.update()
    plones.update()
    assert ours.available()
    assert [lang["code"] for lang in ours.languages()] == ours.tool.getSupportedLanguages()
    assert set(ours.tool.getSupportedLanguages()) == {"nb", "en"}
    assert ours.languages() == plones.languages()
    assert [lang["code"] for lang in ours.languages() if lang["selected"]] == [language]
    html = ours.render()
    assert 'id="portal-languageselector"' in html
    assert "set_language=nb" in html and "set_language=en" in html


@pytest.mark.parametrize("name,css,alt", [
    ("plone-user", "", ""),
    ("toolbar-action/folderContents", "icon-x", ""),
    ("inbox", "", "Inbox"),
    ("no-such-icon", "", ""),
])
def test_icon_tags_are_plones(portal, request_, name, css, alt):
    ours = frame.CachedIconsView(portal, request_)
    first = ours.tag(name, tag_class=css, tag_alt=alt)
    assert first == IconsView(portal, request_).tag(name, tag_class=css, tag_alt=alt)
    assert first.startswith("<svg")
    assert ours.tag(name, tag_class=css, tag_alt=alt) == first


def test_icon_cache_follows_the_registry(portal, request_):
    """Remapping an icon in the registry shows at once."""
    icons = frame.CachedIconsView(portal, request_)
    before = icons.tag("plone-user")
    api.portal.set_registry_record("plone.icon.plone-user", api.portal.get_registry_record("plone.icon.inbox"))
    after = icons.tag("plone-user")
    assert after != before
    assert after == IconsView(portal, request_).tag("inbox")


def test_icon_cache_keeps_no_img_tags(portal, request_):
    """An icon that is not SVG becomes an <img> with the site's URL, which
    depends on the address the site is reached at: never kept."""
    api.portal.set_registry_record("plone.icon.plone-user", "++plone++static/plone-toolbarlogo.png")
    size = len(frame._ICON_TAGS)
    tag = frame.CachedIconsView(portal, request_).tag("plone-user")
    assert re.match(r'<img src="http://nohost/plone/\+\+plone\+\+static/plone-toolbarlogo.png"', tag)
    assert len(frame._ICON_TAGS) == size


def resource_tags(portal, request, cls):
    """What the bundles' viewlet ``cls`` puts in the page, as for a new request."""
    if hasattr(request, resource.REQUEST_CACHE_KEY):
        delattr(request, resource.REQUEST_CACHE_KEY)
    viewlet = cls(portal, request, BrowserView(portal, request), None)
    viewlet.update()
    return viewlet.render()


@pytest.fixture
def file_reads(monkeypatch):
    """Paths of the bundle files read (to hash them) from now on."""
    frame._RESOURCE_TAGS.clear()
    reads = []
    original = webresource.get_resource

    def get_resource(context, path):
        reads.append(path)
        return original(context, path)

    monkeypatch.setattr(webresource, "get_resource", get_resource)
    return reads


@pytest.mark.parametrize("user", ["reception-ie", None])
@pytest.mark.parametrize("ours,plones", [
    (frame.ScriptsViewlet, resource.ScriptsView), (frame.StylesViewlet, resource.StylesView),
])
def test_resource_tags_are_plones(portal, request_, file_reads, user, ours, plones):
    if user:
        login(portal, user)
    else:
        logout()
    first = resource_tags(portal, request_, ours)
    assert first == resource_tags(portal, request_, plones)
    assert "++webresource++" in first  # the address names the file's hash
    assert resource_tags(portal, request_, ours) == first  # kept


def test_resource_tags_are_made_once(portal, request_, file_reads):
    first = resource_tags(portal, request_, frame.StylesViewlet)
    assert file_reads
    del file_reads[:]
    assert resource_tags(portal, request_, frame.StylesViewlet) == first
    assert resource_tags(portal, request_, frame.ScriptsViewlet)
    assert file_reads == []
    resource.update_resource_registry_mtime()  # what Plone does when the bundles change
    assert resource_tags(portal, request_, frame.StylesViewlet) == first
    assert file_reads


def test_resource_tags_follow_the_bundles(portal, request_, file_reads):
    """A bundle switched off, or shown by an expression, changes the tags at
    once, also when the registry is edited without Plone's change mark."""
    login(portal, "reception-ie")
    before = resource_tags(portal, request_, frame.ScriptsViewlet)
    assert 'data-bundle="plone"' in before
    api.portal.set_registry_record("plone.bundles/plone.expression", "python: member is None")
    assert 'data-bundle="plone"' not in resource_tags(portal, request_, frame.ScriptsViewlet)
    logout()
    anonymous = resource_tags(portal, request_, frame.ScriptsViewlet)
    assert 'data-bundle="plone"' in anonymous
    assert anonymous == resource_tags(portal, request_, resource.ScriptsView)
    api.portal.set_registry_record("plone.bundles/plone.enabled", False)
    assert 'data-bundle="plone"' not in resource_tags(portal, request_, frame.ScriptsViewlet)


def test_resource_tags_are_not_kept_with_files_in_the_database(portal, request_, file_reads):
    """A bundle file overridden through the web can change at any moment:
    then every page hashes the files again, as Plone does."""
    before = resource_tags(portal, request_, frame.StylesViewlet)
    path = next(p for p in file_reads if p.startswith("++plone++") and p.endswith(".css"))
    get_override_directory(portal).writeFile(path[len("++plone++"):], b"body { color: red; }")
    kept = len(frame._RESOURCE_TAGS)
    changed = resource_tags(portal, request_, frame.StylesViewlet)
    assert changed != before
    assert changed == resource_tags(portal, request_, resource.StylesView)
    del file_reads[:]
    assert resource_tags(portal, request_, frame.StylesViewlet) == changed
    assert path in file_reads
    assert len(frame._RESOURCE_TAGS) == kept


def test_resource_tags_are_not_kept_when_a_bundle_is_broken(portal, request_, file_reads):
    """Plone tells the administrators of a broken bundle on every page."""
    api.portal.set_registry_record("plone.bundles/plone.depends", "no-such-bundle")
    resource_tags(portal, request_, frame.ScriptsViewlet)
    assert frame._RESOURCE_TAGS == {}
