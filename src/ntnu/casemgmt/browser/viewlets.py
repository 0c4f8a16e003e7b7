"""The "Report a deviation" button on the front page and faculty pages."""

from ntnu.casemgmt.browser.frame import IAppPage
from plone import api
from plone.app.layout.viewlets import ViewletBase


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
