"""A branded intranet, not a Plone demo (issue 17): the site's own name,
logo, colours and footer; the front page says when to report and when to
notify, with the buttons, the newest guidelines and a guideline search."""

from DateTime import DateTime
from datetime import date
from helpers import CHROMIUM
from helpers import launch_chromium
from helpers import PASSWORD
from lxml import html
from ntnu.casemgmt import demo
from pathlib import Path
from plone import api
from plone.app.textfield.value import RichTextValue

import pytest
import requests
import transaction


ROOT = Path(__file__).parent.parent
SCREENSHOTS = ROOT / "var" / "screenshots"

SENTENCES = {
    "en": (
        "Report a deviation when something is wrong with the quality of your education",
        "bullying, harassment, sexual harassment or grossly disruptive "
        "behaviour between students; you may do so anonymously",
    ),
    "nb": (
        "Meld et avvik når noe er galt med kvaliteten på utdanningen din",
        "mobbing, trakassering, seksuell trakassering eller grovt "
        "forstyrrende oppførsel mellom studenter; du kan gjøre det anonymt",
    ),
}


@pytest.fixture
def portal(demo_functional):
    portal = demo_functional["portal"]
    transaction.commit()
    return portal


def get(url, user=None, language="en", **params):
    response = requests.get(
        url,
        params=params,
        auth=(user, PASSWORD) if user else None,
        headers={"Accept": "text/html", "Accept-Language": language},
        timeout=60,
    )
    assert response.status_code == 200, (url, response.status_code)
    return response


def tree(url, user=None, language="en", **params):
    return html.fromstring(get(url, user, language, **params).text)


def text_of(page):
    return " ".join(" ".join(page.itertext()).split())


def add_guideline(folder, page_id, title, effective, text="", language="en"):
    with api.env.adopt_roles(["Manager"]):
        page = api.content.create(
            container=folder,
            type="Guideline",
            id=page_id,
            title=title,
            language=language,
            valid_from=date(2025, 1, 1),
            text=RichTextValue(f"<p>{text}</p>", "text/html", "text/x-html-safe"),
        )
        api.content.transition(obj=page, to_state="published")
        page.effective_date = DateTime(effective)
        page.reindexObject()
    return page


def guidelines(folder):
    return [page for page in folder.objectValues() if page.portal_type == "Guideline"]


@pytest.mark.parametrize("language", ["en", "nb"])
@pytest.mark.parametrize("user", [None, "student1"])
def test_front_page_says_when_to_report_and_when_to_notify(portal, language, user):
    page = tree(portal.absolute_url(), user, language)
    intro = text_of(page.xpath('//*[contains(@class, "casemgmt-front-intro")]')[0])
    for sentence in SENTENCES[language]:
        assert sentence in intro
    assert page.xpath('//a[@id="report-deviation-button"]')
    assert page.xpath('//a[@id="notify-button"]')
    # the demo's guidelines without a publication date show when they were
    # made, not Plone's "unset" date
    dates = text_of(page.xpath('//*[@id="newest-guidelines"]')[0])
    assert "1969" not in dates


def test_front_page_lists_the_newest_guidelines_in_order(portal):
    folder = portal["guidelines"]
    # the demo's pages older than the test's
    for number, page in enumerate(guidelines(folder), start=1):
        page.effective_date = DateTime(f"2024-01-{number:02d} 12:00 UTC")
        page.reindexObject()
    add_guideline(folder, "older", "An older guideline", "2025-03-01 12:00 UTC")
    add_guideline(folder, "newest", "The newest guideline", "2025-06-01 12:00 UTC")
    add_guideline(
        folder,
        "newest-nb",
        "Den nyeste retningslinjen",
        "2025-07-01 12:00 UTC",
        language="nb",
    )
    transaction.commit()
    english = sorted(
        (p for p in guidelines(folder) if p.language == "en"),
        key=lambda p: p.effective_date,
        reverse=True,
    )
    expected = [p.absolute_url() for p in english][:5]

    page = tree(portal.absolute_url())
    links = page.xpath('//*[@id="newest-guidelines"]//li/a/@href')
    assert links == expected
    assert links[:2] == [
        folder["newest"].absolute_url(),
        folder["older"].absolute_url(),
    ]
    dates = page.xpath('//*[@id="newest-guidelines"]//li/time/text()')
    assert dates[:2] == ["2025-06-01", "2025-03-01"]

    norwegian = tree(portal.absolute_url(), language="nb")
    links = norwegian.xpath('//*[@id="newest-guidelines"]//li/a/@href')
    assert links[0] == folder["newest-nb"].absolute_url()
    assert norwegian.xpath('//*[@id="newest-guidelines"]//li/time/text()')[0] == (
        "01.07.2025"
    )


def test_guideline_search_finds_a_guideline_by_a_word(portal):
    folder = portal["guidelines"]
    add_guideline(
        folder,
        "lab-safety",
        "Safety in the laboratory",
        "2025-05-01 12:00 UTC",
        text="Goggles protect against zanzibarite splashes.",
    )
    with api.env.adopt_roles(["Manager"]):
        other = api.content.create(
            container=portal,
            type="Document",
            id="not-a-guideline",
            title="Zanzibarite news",
        )
        api.content.transition(obj=other, to_state="published")
    transaction.commit()

    page = tree(portal.absolute_url())
    form = page.xpath('//form[@id="guideline-search-form"]')[0]
    fields = {
        field.get("name"): field.get("value") or ""
        for field in form.xpath(".//input[@name]")
    }
    assert fields["portal_type"] == "Guideline"
    fields["SearchableText"] = "zanzibarite"
    results = tree(form.get("action"), **fields)
    found = results.xpath('//*[@id="search-results"]//a/@href')

    assert folder["lab-safety"].absolute_url() in found
    assert other.absolute_url() not in found


@pytest.mark.parametrize("language", ["en", "nb"])
def test_the_frame_is_the_universitys(portal, language):
    response = get(portal.absolute_url(), "student1", language)
    page = html.fromstring(response.text)
    assert demo.SITE_TITLE in page.findtext(".//title")
    logo = page.xpath('//*[@id="portal-logo"]//img/@src')
    assert logo and "plone-logo" not in logo[0]
    assert logo[0].endswith("@@site-logo/ntnu-logo.svg")
    image = requests.get(logo[0], timeout=60)
    assert image.status_code == 200
    assert b"NTNU" in image.content
    assert "Powered by Plone" not in response.text
    assert "Open Source CMS/WCM" not in response.text
    footer = text_of(page.xpath('//*[@id="portal-footer-wrapper"]')[0])
    assert "postmottak@ntnu.no" in footer
    assert FOOTER_NAME[language] in footer
    assert FOOTER_NAME["en" if language == "nb" else "nb"] not in footer


#: The university's name in the demo's footer line, per language.
FOOTER_NAME = {
    "nb": "Norges teknisk-naturvitenskapelige universitet",
    "en": "Norwegian University of Science and Technology",
}


def footer_text(portal, language):
    page = tree(portal.absolute_url(), language=language)
    return text_of(page.xpath('//*[@id="portal-footer-wrapper"]')[0])


def test_the_footer_is_a_portlet_an_administrator_edits(portal):
    mapping = demo.footer_portlets(portal)
    assert list(mapping.keys()).count(demo.FOOTER_PORTLET) == 1
    assert "colophon" not in mapping and "footer" not in mapping
    # an administrator's texts, one per language, are what the pages show
    mapping[demo.FOOTER_PORTLET].text = "<p>Vår egen bunntekst</p>"
    mapping[demo.FOOTER_PORTLET].text_en = "<p>Our own footer</p>"
    transaction.commit()
    assert "Vår egen bunntekst" in footer_text(portal, "nb")
    assert "Our own footer" not in footer_text(portal, "nb")
    assert "Our own footer" in footer_text(portal, "en")
    # (the first page rendered gave the portlet its settings: see them)
    transaction.begin()
    # applying the demo again keeps them
    demo.replace_footer(portal)
    assert mapping[demo.FOOTER_PORTLET].text == "<p>Vår egen bunntekst</p>"
    assert mapping[demo.FOOTER_PORTLET].text_en == "<p>Our own footer</p>"
    # without an English text, English pages show the Norwegian one
    mapping[demo.FOOTER_PORTLET].text_en = ""
    transaction.commit()
    assert "Vår egen bunntekst" in footer_text(portal, "en")


def test_the_footer_is_edited_in_both_languages_in_plone(portal):
    """The toolbar's Manage portlets → Footer: the portlet type is offered
    there, and its edit form has both texts."""
    from ntnu.casemgmt.browser.footer import IFooterPortlet

    assert {"text", "text_en"} <= set(IFooterPortlet)
    api.user.create(
        email="siteadmin@example.org", username="siteadmin", password=PASSWORD
    )
    api.user.grant_roles(username="siteadmin", roles=["Site Administrator"])
    transaction.commit()
    url = f"{portal.absolute_url()}/++contextportlets++plone.footerportlets/"
    page = tree(f"{url}{demo.FOOTER_PORTLET}/edit", "siteadmin")
    names = page.xpath("//textarea/@name")
    assert "form.widgets.text" in names and "form.widgets.text_en" in names
    # offered in the footer (profiles/default/portlets.xml)
    manage = get(
        f"{portal.absolute_url()}/@@topbar-manage-portlets/plone.footerportlets",
        "siteadmin",
    )
    assert "+/ntnu.casemgmt.Footer" in manage.text


def test_an_old_static_footer_becomes_the_bilingual_one(portal):
    """A site made before the footer had an English text (Plone's static
    portlet): applying the demo again makes it the footer portlet, with
    the English text when the Norwegian one is still the demo's."""
    from ntnu.casemgmt.browser import footer
    from plone.portlet.static import static

    mapping = demo.footer_portlets(portal)
    del mapping[demo.FOOTER_PORTLET]
    mapping[demo.FOOTER_PORTLET] = static.Assignment(
        header="NTNU", text=demo.FOOTER_HTML, omit_border=True
    )
    demo.replace_footer(portal)
    assignment = mapping[demo.FOOTER_PORTLET]
    assert isinstance(assignment, footer.Assignment)
    assert (assignment.text, assignment.text_en) == (
        demo.FOOTER_HTML,
        demo.FOOTER_HTML_EN,
    )
    assert assignment.omit_border


def test_the_colours_are_served(portal):
    page = get(portal.absolute_url()).text
    css_url = f"{portal.absolute_url()}/++resource++ntnu.casemgmt/casemgmt.css"
    assert css_url in page
    css = get(css_url).text
    assert "--bs-primary: var(--ntnu-blue)" in css
    assert "#portal-globalnav-wrapper" in css


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="no /usr/bin/chromium")
@pytest.mark.parametrize("language", ["en", "nb"])
def test_front_page_screenshot(portal, language):
    sync_api = pytest.importorskip("playwright.sync_api")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        context = browser.new_context(
            extra_http_headers={"Accept-Language": language},
            locale=language,
            viewport={"width": 1280, "height": 900},
        )
        page = context.new_page()
        page.goto(portal.absolute_url())
        assert page.locator("#guideline-search-form").is_visible()
        page.screenshot(
            path=str(SCREENSHOTS / f"front-page-{language}.png"), full_page=True
        )
        browser.close()
