"""The person picker of the forms: type a name, choose a person.

Plone's own ajax select widget (plone.app.z3cform's ``AjaxSelectWidget``,
mockup's ``pat-select2``) over the vocabularies ``ntnu.casemgmt.People``
and ``ntnu.casemgmt.PeopleAndUnits`` (core/directory.py), which
plone.app.content's ``@@getVocabulary`` serves on the navigation root to
staff who assign people only. Each match shows the name and the faculty;
choosing one stores the user id. Without JavaScript the widget is a text
input: a typed user id (several separated by ``;``) works as before, and
the fields' constraints (``core.validation``) still check every id.
"""

from plone import api
from plone.app.z3cform.widgets.select import AjaxSelectWidget
from z3c.form.interfaces import IFieldWidget
from z3c.form.widget import FieldWidget
from zope.interface import implementer
from zope.schema.interfaces import ICollection


class PeopleWidget(AjaxSelectWidget):
    """A picker of users (``vocabulary``); ``allow_new`` lets a value that
    is not a user through (a letter's ``notifier``)."""

    vocabulary = "ntnu.casemgmt.People"
    allow_new = False

    def _view_context(self):
        # @@getVocabulary serves the pickers' vocabularies on the navigation
        # root (directory.allow_lookup), whatever form the widget is in
        return api.portal.get_navigation_root(api.portal.get())

    def get_pattern_options(self):
        options = super().get_pattern_options()
        options["allowNewItems"] = "true" if self.allow_new else "false"
        options["minimumInputLength"] = 2
        if not ICollection.providedBy(self.field):
            options["maximumSelectionSize"] = 1
        return options


class PeopleAndUnitsWidget(PeopleWidget):
    """Users and the notification units (a hearing's participants)."""

    vocabulary = "ntnu.casemgmt.PeopleAndUnits"


class RecipientWidget(PeopleWidget):
    """A letter's recipient: a user, or ``notifier`` (the case's notifier)."""

    allow_new = True


@implementer(IFieldWidget)
def PeopleFieldWidget(field, request):
    return FieldWidget(field, PeopleWidget(request))


@implementer(IFieldWidget)
def PeopleAndUnitsFieldWidget(field, request):
    return FieldWidget(field, PeopleAndUnitsWidget(request))


@implementer(IFieldWidget)
def RecipientFieldWidget(field, request):
    return FieldWidget(field, RecipientWidget(request))
