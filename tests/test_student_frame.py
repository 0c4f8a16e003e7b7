"""The frame around the pages for people who are not Plone editors
(issue 17): no editing toolbar for who cannot edit (the user menu stays in
the header), no byline on app pages, the guideline page's buttons, the demo
themed on every host."""

from helpers import DEVIATION
from helpers import make_deviation
from helpers import PASSWORD
from lxml import html
from pathlib import Path
from plone import api
from zope.component import getMultiAdapter
from zope.component import queryMultiAdapter
from zope.viewlet.interfaces import IViewletManager

import plone.app.layout.viewlets
import pytest
import requests
import transaction


LAYOUT = Path(plone.app.layout.viewlets.__file__).parent


@pytest.fixture
def portal(demo_functional):
    return demo_functional["portal"]


@pytest.fixture
def case(portal):
    with api.env.adopt_user(username="student1"):
        case = make_deviation(portal["faculties"]["ie"], **DEVIATION)
    transaction.commit()
    return case


def page(url, user):
    """The HTML page at ``url`` as ``user`` (lxml tree), answered 200."""
    response = requests.get(
        url,
        auth=(user, PASSWORD),
        headers={"Accept": "text/html", "Accept-Language": "en"},
        timeout=60,
    )
    assert response.status_code == 200, (url, user, response.status_code)
    return html.fromstring(response.text)


def has_toolbar(tree):
    return bool(tree.xpath('//*[@id="edit-bar" or @id="edit-zone"]'))


def user_menu(tree):
    """The hrefs of the header's member tools (Plone's plone.membertools)."""
    return tree.xpath('//*[@id="portal-membertools"]//a/@href')


# Plone's names this add-on relies on: if Plone renames them the toolbar
# or the user menu comes back (or goes) unnoticed.
def test_plone_still_asks_is_toolbar_visible(portal):
    request = portal.REQUEST
    view = getMultiAdapter((portal, request), name="view")
    manager = queryMultiAdapter(
        (portal, request, view), IViewletManager, "plone.toolbar"
    )
    assert manager is not None
    assert "context_state/is_toolbar_visible" in (LAYOUT / "toolbar.pt").read_text()
    members = (LAYOUT / "membertools.pt").read_text()
    assert "is_toolbar_visible" in members
    assert "not toolbar_visible" in members
    configure = (LAYOUT / "configure.zcml").read_text()
    assert 'name="plone.membertools"' in configure
    assert 'name="plone.documentbyline"' in configure


@pytest.mark.parametrize("user", ["student1", "staff1"])
def test_no_toolbar_for_who_cannot_edit(portal, case, user):
    url = portal.absolute_url()
    pages = [url, f"{url}/@@report-deviation", f"{url}/@@my-cases"]
    if user == "student1":
        pages.append(case.absolute_url())
    for address in pages:
        tree = page(address, user)
        assert not has_toolbar(tree), address
        assert "plone-toolbar-left" not in (tree.body.get("class") or ""), address
        # the user menu moves to the header: My cases, My work, log-out
        links = " ".join(user_menu(tree))
        assert "@@my-cases" in links, address
        assert "logout" in links, address


def test_toolbar_kept_for_who_edits(portal, case):
    guidelines = portal["guidelines"].absolute_url()
    assert has_toolbar(page(guidelines, "editor"))
    assert has_toolbar(page(f"{guidelines}/report-deviation-en", "editor"))
    # the editor edits guidelines, not the site's front page
    assert not has_toolbar(page(portal.absolute_url(), "editor"))


def test_toolbar_kept_for_site_managers(portal, case):
    from plone.app.testing import SITE_OWNER_NAME
    from plone.app.testing import SITE_OWNER_PASSWORD

    response = requests.get(
        portal.absolute_url(),
        auth=(SITE_OWNER_NAME, SITE_OWNER_PASSWORD),
        headers={"Accept": "text/html"},
        timeout=60,
    )
    assert has_toolbar(html.fromstring(response.text))
    response = requests.get(
        case.absolute_url(),
        auth=(SITE_OWNER_NAME, SITE_OWNER_PASSWORD),
        headers={"Accept": "text/html"},
        timeout=60,
    )
    assert has_toolbar(html.fromstring(response.text))


def test_case_staff_see_the_toolbar_where_they_edit(portal, case):
    # reception may edit a submitted case (its workflow): the toolbar stays
    # there, not on the front page
    assert has_toolbar(page(case.absolute_url(), "reception-ie"))
    assert not has_toolbar(page(portal.absolute_url(), "reception-ie"))


def test_no_byline_on_app_pages(portal, case):
    url = portal.absolute_url()
    pages = {
        "student1": [
            f"{url}/@@report-deviation",
            f"{url}/@@notify",
            f"{url}/@@my-cases",
            case.absolute_url(),
        ],
        "reception-ie": [
            f"{url}/@@my-work",
            f"{url}/faculties/ie/@@case-inbox",
            f"{url}/faculties/ie/@@case-list",
            case.absolute_url(),
        ],
        "speakup": [f"{url}/@@notification-queue"],
    }
    for user, addresses in pages.items():
        for address in addresses:
            tree = page(address, user)
            assert tree.xpath('//*[@id="content"]'), address
            assert not tree.xpath('//*[@id="section-byline"]'), (user, address)


def test_guideline_pages_keep_their_byline(portal):
    tree = page(portal["guidelines"]["report-deviation-en"].absolute_url(), "editor")
    assert tree.xpath('//*[@id="section-byline"]')


def test_guideline_page_has_report_button_and_notification_link(portal):
    guideline = portal["guidelines"]["report-deviation-en"]
    tree = page(guideline.absolute_url(), "student1")
    (button,) = tree.xpath('//a[@id="report-deviation-button"]')
    assert button.get("href") == f"{portal.absolute_url()}/@@report-deviation"
    (link,) = tree.xpath(
        '//*[@id="guideline-text"]//a[contains(., "page on notification")]'
    )
    target = requests.compat.urljoin(guideline.absolute_url(), link.get("href"))
    assert target == portal["guidelines"]["notify-en"].absolute_url()
    page(target, "student1")
    nb = page(portal["guidelines"]["report-deviation-nb"].absolute_url(), "student1")
    assert nb.xpath('//*[@id="guideline-text"]//a[contains(., "siden om varsling")]')


def test_report_form_and_case_never_say_no_value(portal, case):
    tree = page(f"{portal.absolute_url()}/@@report-deviation", "student1")
    assert "No value" not in tree.text_content()
    assert "Not stated" in tree.text_content()
    # the front page's buttons are not repeated above the form
    assert not tree.xpath('//*[@id="report-deviation-button"]')
    assert case.reporter_role is None
    tree = page(case.absolute_url(), "student1")
    assert "No value" not in tree.text_content()


def test_demo_is_themed_on_every_host(portal):
    from ntnu.casemgmt.demo import THEME_HOSTS_RECORD

    assert api.portal.get_registry_record(THEME_HOSTS_RECORD) == []


def test_stylesheet_is_linked_and_served(portal):
    tree = page(portal.absolute_url(), "student1")
    (href,) = tree.xpath('//link[contains(@href, "casemgmt.css")]/@href')
    response = requests.get(href, timeout=60)
    assert response.status_code == 200
    assert "casemgmt-listing" in response.text
