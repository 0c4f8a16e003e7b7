"""The report form: a logged-in student or staff member reports a deviation."""

from datetime import date
from ntnu.casemgmt import _
from ntnu.casemgmt.browser.forms import CheckedForm
from ntnu.casemgmt.browser.forms import copy_field
from ntnu.casemgmt.browser.forms import show_case
from ntnu.casemgmt.content.deviation import IDeviation
from ntnu.casemgmt.content.faculty import IFaculty
from ntnu.casemgmt.deviation import rules as deviation
from ntnu.casemgmt.rest.errors import RequestRefused
from plone import api
from plone.autoform.form import AutoExtensibleForm
from plone.supermodel import model
from z3c.form import button
from z3c.form import form
from z3c.form.interfaces import WidgetActionExecutionError
from zExceptions import BadRequest
from zope import schema
from zope.interface import Invalid
from zope.interface import provider
from zope.schema.interfaces import IContextAwareDefaultFactory

import json


@provider(IContextAwareDefaultFactory)
def default_faculty(context):
    """The faculty of the page the form is on, else the member's faculty."""
    for item in getattr(context, "aq_chain", ()):
        if IFaculty.providedBy(item):
            return item.code
    if api.user.is_anonymous():
        return None
    return api.user.get_current().getProperty("faculty", "") or None


@provider(IContextAwareDefaultFactory)
def default_reporter_role(context):
    """Student or staff as the member's identity says (Feide sign-in,
    core/signin.py), else nothing."""
    if api.user.is_anonymous():
        return None
    return api.user.get_current().getProperty("reporter_role", "") or None


def _defaulted(field, factory):
    """``field`` with ``factory`` as its default factory."""
    field.defaultFactory = factory
    return field


class IReportDeviation(model.Schema):
    """What a reporter fills in (the fields of SPEC §3 they own)."""

    faculty = schema.Choice(
        title=_("Faculty"),
        description=_(
            "The faculty responsible for what you report. It is your own by default."
        ),
        vocabulary="ntnu.casemgmt.Faculties",
        required=True,
        defaultFactory=default_faculty,
    )
    reporter_role = _defaulted(
        copy_field(IDeviation, "reporter_role"), default_reporter_role
    )
    category = copy_field(IDeviation, "category")
    title = copy_field(IDeviation, "title")
    event_description = copy_field(IDeviation, "event_description")
    prior_attempts = copy_field(IDeviation, "prior_attempts")
    suggested_measures = copy_field(IDeviation, "suggested_measures")
    event_date = copy_field(IDeviation, "event_date")
    course_code = copy_field(IDeviation, "course_code")


DYNAMIC_SCRIPT = """<script>
(function () {
  var course = COURSE_CATEGORIES;
  function update() {
    var select = document.getElementById("form-widgets-category");
    var field = document.getElementById("formfield-form-widgets-course_code");
    if (!select || !field) { return; }
    var value = select.value;
    var wanted = Object.prototype.hasOwnProperty.call(course, value);
    field.hidden = !wanted;
    var input = document.getElementById("form-widgets-course_code");
    if (input) {
      input.required = wanted && course[value];
      if (!wanted) { input.value = ""; }
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    var select = document.getElementById("form-widgets-category");
    if (select) { select.addEventListener("change", update); update(); }
  });
})();
</script>
""".replace("COURSE_CATEGORIES", json.dumps(deviation.COURSE_CATEGORIES))


def _json(value):
    return value.isoformat() if isinstance(value, date) else value


class ReportDeviationForm(CheckedForm, AutoExtensibleForm, form.Form):
    """Creates the case through the same function as ``@report-deviation``."""

    schema = IReportDeviation
    ignoreContext = True
    label = _("Report a deviation")
    description = _(
        "Report deviations in teaching, supervision, assessment or the learning "
        "environment after you have tried the ordinary channels. Bullying, "
        "harassment and similar conditions are not deviations: notify them "
        "instead."
    )

    def updateWidgets(self):
        """The faculty list starts with "choose": someone whose identity
        names no faculty we know must choose one, not send to the first."""
        super().updateWidgets()
        widget = self.widgets.get("faculty")
        if widget is not None and hasattr(widget, "prompt"):
            widget.prompt = True
        role = self.widgets.get("reporter_role")
        if role is not None:
            # the role is optional: its empty choice reads as such, not "No value"
            role.noValueMessage = _("Not stated")

    @button.buttonAndHandler(_("Send report"), name="send")
    def handle_send(self, action):
        data, errors = self.extractData()
        if errors:
            self.status = self.formErrorsMessage
            return
        values = {
            key: _json(value) for key, value in data.items() if value not in (None, "")
        }
        try:
            case = deviation.report(values, self.request, require_course_code=True)
        except deviation.ReportError as exc:
            if exc.field in self.widgets:
                raise WidgetActionExecutionError(
                    exc.field, Invalid(str(exc).split(": ", 1)[-1])
                ) from exc
            self.status = str(exc)
            return
        except (BadRequest, RequestRefused) as exc:
            self.status = str(exc)
            return
        show_case(
            self.request,
            case,
            _(
                "Thank you. Your report has case number ${case_number}; "
                "a receipt was sent to you by e-mail.",
                mapping={"case_number": case.case_number},
            ),
        )

    def __call__(self):
        # The form is dynamic: the course code is only asked for where a
        # category concerns a course (the server checks the same rule).
        # The script goes right after the form, inside the content area that
        # the theme keeps.
        html = super().__call__()
        start = html.find('id="form"') if isinstance(html, str) else -1
        end = html.find("</form>", start) if start >= 0 else -1
        if end >= 0:
            end += len("</form>")
            html = html[:end] + DYNAMIC_SCRIPT + html[end:]
        return html
