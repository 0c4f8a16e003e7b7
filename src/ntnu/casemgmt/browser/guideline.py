"""Guideline pages and the faculty page that lists them."""

from ntnu.casemgmt import _
from ntnu.casemgmt.browser.caselist import case_list_url
from ntnu.casemgmt.browser.dates import Dates
from ntnu.casemgmt.content.faculty import IFaculty
from plone import api
from Products.Five.browser import BrowserView


class GuidelineView(Dates, BrowserView):
    """A guideline like the university's procedure pages: who decided it,
    from when it is valid, and a link to the other language version."""

    def other(self):
        relation = getattr(self.context, "other_language", None)
        target = (
            relation.to_object
            if relation is not None and not relation.isBroken()
            else None
        )
        if target is None or not api.user.has_permission("View", obj=target):
            return None
        return {
            "url": target.absolute_url(),
            "title": target.title,
            "language": target.language,
        }

    def other_label(self):
        other = self.other()
        if other is None:
            return None
        return "Norsk versjon" if other["language"] == "nb" else "English version"

    def report_url(self):
        """The report form of the guideline's faculty, else of the site."""
        for item in self.context.aq_chain:
            if IFaculty.providedBy(item):
                return f"{item.absolute_url()}/@@report-deviation"
        root = api.portal.get_navigation_root(self.context)
        return f"{root.absolute_url()}/@@report-deviation"

    def notify_url(self):
        """The notification form (one for the whole site)."""
        return f"{api.portal.get_navigation_root(self.context).absolute_url()}/@@notify"


class FacultyView(BrowserView):
    """A faculty's page: what to do (buttons), short help, its guidelines
    and intake forms, and the site's general guidelines, in the reader's
    language first."""

    def language(self):
        return (
            self.request.get("LANGUAGE") or api.portal.get_current_language() or "en"
        )[:2]

    def _pages(self, **query):
        language = self.language()
        language = "nb" if language in ("nb", "no", "nn") else "en"
        brains = api.content.find(
            portal_type="Guideline", sort_on="sortable_title", **query
        )
        # a handful of pages: reading their language field is cheap
        own = [
            b
            for b in brains
            if (getattr(b.getObject(), "language", "") or "") in (language, "")
        ]
        return own or list(brains)

    def guidelines(self):
        return self._pages(path="/".join(self.context.getPhysicalPath()))

    def general_guidelines(self):
        portal = api.portal.get()
        if "guidelines" not in portal:
            return []
        return self._pages(path="/".join(portal["guidelines"].getPhysicalPath()))

    def forms(self):
        return api.content.find(
            portal_type="EasyForm",
            path="/".join(self.context.getPhysicalPath()),
            sort_on="sortable_title",
        )

    def case_list_url(self):
        """The faculty's case list, for the staff (``caselist.py``)."""
        return case_list_url(self.context)

    help_text = _(
        "faculty_help",
        default="Report a deviation when something in teaching, supervision, "
        "assessment, the study programme or the learning environment does not "
        "work as it should and the ordinary channels did not help. Notify "
        "censurable conditions such as bullying or harassment instead: that can "
        "be done anonymously.",
    )
