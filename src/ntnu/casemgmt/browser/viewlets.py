"""The "Report a deviation" button on the front page and faculty pages, and
the site root's front page (what to do when, the newest guidelines, a search
over the guidelines)."""

from ntnu.casemgmt.browser.dates import format_date
from ntnu.casemgmt.browser.dates import is_norwegian
from ntnu.casemgmt.browser.frame import IAppPage
from plone import api
from plone.app.layout.viewlets import ViewletBase
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile


#: The folder of the site's general guidelines (the demo creates it).
GUIDELINES_FOLDER = "guidelines"

#: How many guidelines the front page lists.
NEWEST_GUIDELINES = 5


class ReportButtonViewlet(ViewletBase):
    """Shown on the site root and on faculties; anonymous visitors are sent
    to the login form by the report form itself."""

    def update(self):
        super().update()
        self.report_url = f"{self.context.absolute_url()}/@@report-deviation"
        self.is_faculty = getattr(self.context, "portal_type", None) == "Faculty"
        self.anonymous = api.user.is_anonymous()

    def render(self):
        # not above the add-on's own forms and lists (the report form is one)
        if IAppPage.providedBy(self.view):
            return ""
        return super().render()


class FrontPageViewlet(ReportButtonViewlet):
    """The site root's page: when to report and when to notify (two
    sentences), the buttons, the newest guidelines and a search over the
    guidelines only."""

    buttons = ViewPageTemplateFile("templates/report_button.pt")

    def update(self):
        super().update()
        self.guidelines_folder = self._guidelines_folder()

    def _guidelines_folder(self):
        portal = api.portal.get()
        return portal.get(GUIDELINES_FOLDER, None)

    def newest_guidelines(self):
        """The newest published guidelines (by publication date), those in
        the reader's language first: ``[{"title", "url", "date"}]``.

        :returns: at most ``NEWEST_GUIDELINES`` entries
        """
        if self.guidelines_folder is None:
            return []
        brains = api.content.find(
            portal_type="Guideline",
            review_state="published",
            path="/".join(self.guidelines_folder.getPhysicalPath()),
            sort_on="effective",
            sort_order="descending",
        )
        language = "nb" if is_norwegian(self.request) else "en"
        # a handful of pages: reading their language field is cheap
        own = [
            b
            for b in brains
            if (getattr(b.getObject(), "language", "") or "") in (language, "")
        ]
        return [
            {
                "title": brain.Title,
                "url": brain.getURL(),
                "date": format_date(
                    _day(brain.effective) or _day(brain.created), self.request
                ),
            }
            for brain in (own or list(brains))[:NEWEST_GUIDELINES]
        ]

    def search_url(self):
        return f"{self.navigation_root_url}/@@search"

    def search_path(self):
        """The catalog path of the guidelines (``@@search`` narrows to it)."""
        if self.guidelines_folder is None:
            return ""
        return "/".join(self.guidelines_folder.getPhysicalPath())

    def all_guidelines_url(self):
        if self.guidelines_folder is None:
            return ""
        return self.guidelines_folder.absolute_url()


def _day(effective):
    """A catalog date (Zope DateTime) as a ``date``, or None when unset:
    Plone stores an unset publication date as the far past or 1969-12-31."""
    if effective is None or effective.year() < 1971:
        return None
    return effective.asdatetime().date()
