"""Intake forms built with collective.easyform create real cases."""

from plone import api
from plone.testing.zope import Browser

import pytest
import transaction


FIELDS = """<model xmlns="http://namespaces.plone.org/supermodel/schema">
  <schema>
    <field name="title" type="zope.schema.TextLine"><title>Short summary</title></field>
    <field name="category" type="zope.schema.TextLine"><title>Category</title><default>learning_environment_physical</default></field>
    <field name="what" type="zope.schema.Text"><title>What happened?</title></field>
    <field name="prior_attempts" type="zope.schema.Text"><title>What did you try?</title></field>
    <field name="room" type="zope.schema.TextLine"><title>Room</title><required>False</required></field>
  </schema>
</model>"""

ACTIONS = """<model xmlns="http://namespaces.plone.org/supermodel/schema">
  <schema>
    <field name="create" type="ntnu.casemgmt.intake.{action}">
      <title>Create the case</title>
      <field_mapping>event_description = what</field_mapping>
    </field>
  </schema>
</model>"""


@pytest.fixture
def form(demo_functional):
    portal = demo_functional["portal"]
    with api.env.adopt_roles(["Manager"]):
        form = api.content.create(
            container=portal["faculties"]["ie"],
            type="EasyForm",
            id="intake",
            title="Room problems",
        )
        form.fields_model = FIELDS
        form.actions_model = ACTIONS.format(action="CreateDeviation")
        api.content.transition(obj=form, to_state="published") if api.content.get_state(
            form, default=None
        ) == "private" else None
    transaction.commit()
    return form


def submit(app, form, user, **values):
    browser = Browser(app)
    browser.handleErrors = False
    if user:
        browser.addHeader("Authorization", f"Basic {user}:demodemo")
    browser.open(form.absolute_url())
    for name, value in values.items():
        browser.getControl(name=f"form.widgets.{name}").value = value
    browser.getControl(name="form.buttons.submit").click()
    return browser


def test_submission_creates_a_deviation(demo_functional, form, mailbox):
    browser = submit(
        demo_functional["app"],
        form,
        "student1",
        title="Cold lecture hall",
        what="R1 is at 14 degrees.",
        prior_attempts="Told the janitor.",
        room="R1",
    )
    assert "AVVIK-" in browser.contents
    transaction.begin()
    (brain,) = api.portal.get_tool("portal_catalog").unrestrictedSearchResults(
        portal_type="Deviation"
    )
    case = brain._unrestrictedGetObject()
    assert case.aq_parent.getId() == "ie"
    assert case.event_description == "R1 is at 14 degrees."
    assert case.category == "learning_environment_physical"
    assert "Room: R1" in case.form_answers
    assert case.listCreators()[0] == "student1"
    assert len(mailbox.to("student1@example.org")) == 1  # the receipt
    assert len(mailbox.to("reception-ie@example.org")) == 1


def test_bad_input_is_a_form_error(demo_functional, form):
    browser = submit(
        demo_functional["app"],
        form,
        "student1",
        title="x",
        category="nonsense",
        what="y",
        prior_attempts="z",
    )
    assert "category" in browser.contents
    transaction.begin()
    assert not api.portal.get_tool("portal_catalog").unrestrictedSearchResults(
        portal_type="Deviation"
    )


def test_notification_form_for_anonymous(demo_functional, form):
    portal = demo_functional["portal"]
    form.actions_model = ACTIONS.format(action="CreateNotification")
    form.fields_model = FIELDS.replace("learning_environment_physical", "harassment")
    transaction.commit()
    browser = submit(
        demo_functional["app"],
        form,
        None,
        title="Comments",
        what="In the lab.",
        prior_attempts="-",
    )
    assert "receipt code" in browser.contents
    transaction.begin()
    (brain,) = portal.portal_catalog.unrestrictedSearchResults(
        portal_type="NotificationCase"
    )
    case = brain._unrestrictedGetObject()
    assert case.anonymous and case.aq_parent.getId() == "speakup"
