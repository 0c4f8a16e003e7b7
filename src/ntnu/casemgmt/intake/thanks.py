"""The thank-you page of an intake form: the new case's number and a link
to it, or for an anonymous notification its receipt code (shown once) and
the receipt page; the category by its title, never its id.

The action leaves what it made on the request (``remember``); a viewlet on
EasyForm's thanks page shows it.
"""

from ntnu.casemgmt import _
from ntnu.casemgmt.intake.mapping import CASE_TYPES
from plone import api
from plone.app.layout.viewlets.common import ViewletBase
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zope.i18n import translate
from zope.schema.interfaces import IChoice


KEY = "ntnu.casemgmt.intake.outcome"


def category_title(case, request):
    """The case's category in the user's language."""
    field = CASE_TYPES[case.portal_type]["schema"]["category"]
    try:
        term = field.vocabulary.getTerm(case.category)
    except LookupError:
        return case.category
    return translate(term.title, context=request)


def remember(request, case, receipt):
    """Keep what the thank-you page shows about the new ``case``.

    :param receipt: the receipt code of an anonymous notification, or None.
    :returns: the outcome (a dict).
    """
    may_view = (
        receipt is None
        and not api.user.is_anonymous()
        and api.user.has_permission("View", obj=case)
    )
    portal_url = api.portal.get().absolute_url()
    outcome = {
        "portal_type": case.portal_type,
        "case_number": case.case_number,
        "url": case.absolute_url() if may_view else None,
        "receipt": receipt,
        "receipt_url": f"{portal_url}/@@receipt" if receipt else None,
        "category": category_title(case, request),
    }
    request.set(KEY, outcome)
    return outcome


def show_category_title(request, form_schema, form_field, outcome):
    """Let the thanks page's list of answers show the category's title where
    the form asked for it as free text (a choice shows its own titles)."""
    if not form_field or form_field not in form_schema:
        return
    if IChoice.providedBy(form_schema[form_field]):
        return
    name = f"form.widgets.{form_field}"
    if name in request.form:
        request.form[name] = outcome["category"]


def message(outcome):
    """The outcome as one status message (for a form that shows another
    page after sending)."""
    if outcome["receipt"]:
        return _(
            "Your notification has case number ${case_number}. "
            "Your receipt code, shown only now: ${receipt}",
            mapping=outcome,
        )
    if outcome["portal_type"] == "Deviation":
        return _(
            "Thank you. Your report has case number ${case_number}; "
            "a receipt was sent to you by e-mail.",
            mapping=outcome,
        )
    return _(
        "Thank you. Your notification has case number ${case_number}.",
        mapping=outcome,
    )


class ThanksViewlet(ViewletBase):
    """The new case on the thanks page of an intake form."""

    index = ViewPageTemplateFile("thanks.pt")

    def update(self):
        super().update()
        self.outcome = self.request.get(KEY)

    def render(self):
        return self.index() if self.outcome else ""
