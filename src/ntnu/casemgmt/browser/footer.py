"""The footer portlet in the page's language (issue 17).

Plone's static text portlet has one text, so a Norwegian footer line stayed
Norwegian on English pages. This is the same portlet with a second text, in
English: a site administrator edits both where Plone's footer is edited
(toolbar → Manage portlets → Footer), no developer needed.
"""

from ntnu.casemgmt import _
from plone import api
from plone.app.textfield import RichText
from plone.app.textfield.value import RichTextValue
from plone.app.z3cform.widgets.richtext import RichTextFieldWidget
from plone.autoform import directives
from plone.base.utils import safe_text
from plone.portlet.static import static
from zope.interface import implementer


class IFooterPortlet(static.IStaticPortlet):
    """Plone's static text portlet with a text per language."""

    directives.widget(text=RichTextFieldWidget)
    text = RichText(
        title=_("Text in Norwegian"),
        description=_("Shown on pages in Norwegian."),
        required=True,
    )

    directives.widget(text_en=RichTextFieldWidget)
    text_en = RichText(
        title=_("Text in English"),
        description=_("Shown on pages in English; if empty, the Norwegian text."),
        required=False,
    )


@implementer(IFooterPortlet)
class Assignment(static.Assignment):
    """The portlet's settings (``text`` is the Norwegian text)."""

    text_en = ""

    def __init__(self, text_en="", **fields):
        super().__init__(**fields)
        self.text_en = text_en

    @property
    def title(self):
        """The portlet's name in the portlet management screen."""
        return self.header or _("Text in Norwegian and English")


def raw_html(text):
    """The HTML of a RichText field's value (a plain string in an
    assignment made by code)."""
    if isinstance(text, RichTextValue):
        return text.raw
    return safe_text(text or "")


class Renderer(static.Renderer):
    """Renders the text of the page's language."""

    def text(self):
        """The English text on English pages (when there is one), the
        Norwegian one otherwise."""
        language = (api.portal.get_current_language() or "").split("-")[0]
        if language == "en" and raw_html(self.data.text_en).strip():
            return self.data.text_en
        return self.data.text

    def transformed(self, mt="text/x-html-safe"):
        """The text, through Plone's safe HTML filter (as the static
        portlet does).

        :param mt: the MIME type to transform to
        """
        transforms = api.portal.get_tool("portal_transforms")
        data = transforms.convertTo(
            mt, raw_html(self.text()), context=self.context, mimetype="text/html"
        )
        result = data.getData() if data is not None else ""
        return safe_text(result) if result else None


class AddForm(static.AddForm):
    schema = IFooterPortlet
    label = _("Add a text in Norwegian and English")
    description = _("A text with a version for each language, e.g. the footer.")

    def create(self, data):
        return Assignment(**data)


class EditForm(static.EditForm):
    schema = IFooterPortlet
    label = _("Edit the text in Norwegian and English")
    description = _("A text with a version for each language, e.g. the footer.")
