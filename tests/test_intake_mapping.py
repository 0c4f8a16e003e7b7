"""The intake action's field mapping: rows chosen from lists and checked when
the editor saves them; the thank-you page names the new case."""

from collective.easyform.api import get_actions
from ntnu.casemgmt.intake import mapping
from plone import api
from plone.supermodel import loadString
from plone.testing.zope import Browser

import pytest
import re
import transaction


EDIT_URL = "{form}/actions/create_case"
MAPPING = "form.widgets.mapping"


@pytest.fixture
def demo_form(demo_functional):
    return demo_functional["portal"]["guidelines"]["room-problems"]


def browser_for(app, user):
    browser = Browser(app)
    browser.handleErrors = False  # a 500 fails the test
    if user:
        browser.addHeader("Authorization", f"Basic {user}:demodemo")
    return browser


def open_mapping(app, form, user="editor"):
    """The action's edit form, reached from the form's list of actions."""
    browser = browser_for(app, user)
    browser.open(f"{form.absolute_url()}/actions")
    browser.getLink(url=EDIT_URL.format(form=form.absolute_url())).click()
    return browser


def rows(browser):
    """``{case_field: form_field}`` as the edit form shows it."""
    count = int(browser.getControl(name=f"{MAPPING}.count").value)
    return {
        browser.getControl(name=f"{MAPPING}.key.{i}:list").value[0]: browser.getControl(
            name=f"{MAPPING}.{i}:list"
        ).value[0]
        for i in range(count)
    }


def set_row(browser, index, case_field, form_field):
    browser.getControl(name=f"{MAPPING}.key.{index}:list").value = [case_field]
    browser.getControl(name=f"{MAPPING}.{index}:list").value = [form_field]


def add_row(browser):
    browser.getControl(name=f"{MAPPING}.buttons.add").click()
    return int(browser.getControl(name=f"{MAPPING}.count").value) - 1


def saved_mapping(form):
    transaction.begin()
    return dict(get_actions(form)["create_case"].mapping or {})


def test_old_text_is_shown_as_rows_chosen_from_lists(demo_functional, demo_form):
    browser = open_mapping(demo_functional["app"], demo_form)
    # the demo's form was saved with the old text "event_description = what"
    assert rows(browser) == {"event_description": "what"}
    case_fields = browser.getControl(name=f"{MAPPING}.key.0:list").options
    assert set(case_fields) == {
        "title",
        "category",
        "event_description",
        "prior_attempts",
        "suggested_measures",
        "event_date",
        "course_code",
        "reporter_role",
        "faculty",
    }
    form_fields = browser.getControl(name=f"{MAPPING}.0:list")
    assert {"title", "room", "what", "prior_attempts", "category"} <= set(
        form_fields.options
    )
    assert "What happened? (what)" in form_fields.displayOptions


def test_editor_saves_rows(demo_functional, demo_form, mailbox):
    app = demo_functional["app"]
    browser = open_mapping(app, demo_form)
    index = add_row(browser)
    set_row(browser, index, "suggested_measures", "room")
    browser.getControl(name="form.buttons.save").click()
    assert saved_mapping(demo_form) == {
        "event_description": "what",
        "suggested_measures": "room",
    }
    model = demo_form.actions_model
    assert '<element key="suggested_measures">room</element>' in model
    assert "field_mapping" not in model  # written in the new form
    # the form creates its cases with the new rows
    submit(
        app,
        demo_form,
        "student1",
        title="Dark",
        what="No light.",
        prior_attempts="None.",
        room="R2",
    )
    transaction.begin()
    (case,) = _cases("Deviation")
    assert case.event_description == "No light."
    assert case.suggested_measures == "R2"


@pytest.mark.parametrize(
    "change, message",
    [
        (
            [(0, "suggested_measures", "what")],
            "The case field 'What happened' is required",
        ),
        ([(None, "event_date", "room")], "it must be a date field"),
        (
            [(None, "suggested_measures", "what")],
            "the form field 'what' is mapped already, in row 1",
        ),
        ([(None, "category", "room")], None),  # a text line may give the category
        (
            [(None, "event_description", "room")],
            "Row 2: the case field 'event_description' has a row already, row 1",
        ),
    ],
)
def test_bad_mapping_is_refused(demo_functional, demo_form, change, message):
    browser = open_mapping(demo_functional["app"], demo_form)
    for index, case_field, form_field in change:
        if index is None:
            index = add_row(browser)
        set_row(browser, index, case_field, form_field)
    browser.getControl(name="form.buttons.save").click()
    if message is None:
        assert saved_mapping(demo_form)["category"] == "room"
        return
    assert "There were some errors" in browser.contents
    assert message in browser.contents
    assert saved_mapping(demo_form) == {"event_description": "what"}


CHOICE_FIELDS = """<model xmlns="http://namespaces.plone.org/supermodel/schema">
  <schema>
    <field name="title" type="zope.schema.TextLine"><title>Title</title></field>
    <field name="what" type="zope.schema.Text"><title>What</title></field>
    <field name="prior_attempts" type="zope.schema.Text"><title>Tried</title></field>
    <field name="kind" type="zope.schema.Choice">
      <title>Kind</title>
      <values><element>{first}</element><element>other</element></values>
    </field>
    <field name="tags" type="zope.schema.Set">
      <title>Tags</title>
      <value_type type="zope.schema.Choice">
        <values><element>teaching</element></values>
      </value_type>
    </field>
  </schema>
</model>"""


def _choice_form(demo_form, first):
    with api.env.adopt_roles(["Manager"]):
        demo_form.fields_model = CHOICE_FIELDS.format(first=first)
    transaction.commit()


def test_a_choice_for_the_category_needs_its_values(demo_functional, demo_form):
    _choice_form(demo_form, "rooms")
    browser = open_mapping(demo_functional["app"], demo_form)
    index = add_row(browser)
    set_row(browser, index, "category", "kind")
    browser.getControl(name="form.buttons.save").click()
    assert "Row 2 (Category): the form field 'kind' does not fit" in browser.contents
    assert "its values rooms are not values of the case field" in browser.contents
    set_row(browser, list(rows(browser)).index("category"), "category", "tags")
    browser.getControl(name="form.buttons.save").click()
    assert "it allows several answers" in browser.contents

    _choice_form(demo_form, "teaching")
    browser = open_mapping(demo_functional["app"], demo_form)
    index = add_row(browser)
    set_row(browser, index, "category", "kind")
    browser.getControl(name="form.buttons.save").click()
    assert saved_mapping(demo_form)["category"] == "kind"


def test_check_names_unknown_fields(demo_functional):
    form_schema = loadString(CHOICE_FIELDS.format(first="teaching")).schema
    problems = mapping.check(
        "Deviation",
        {"event_description": "gone", "severity": "what", "category": "kind"},
        form_schema,
    )
    assert [p.mapping["row"] for p in problems] == [1, 2]  # the category fits
    assert problems[0].mapping["form"] == "gone"
    assert problems[1].mapping["case"] == "severity"
    problems = mapping.check("Deviation", {"category": "kind"}, form_schema)
    # event_description is filled by no field
    assert str(problems[0]).startswith("The case field '${case}' is required")


def test_notification_mapping_offers_the_notify_fields(demo_functional, demo_form):
    demo_form.actions_model = demo_form.actions_model.replace(
        "CreateDeviation", "CreateNotification"
    )
    transaction.commit()
    browser = open_mapping(demo_functional["app"], demo_form)
    options = set(browser.getControl(name=f"{MAPPING}.key.0:list").options)
    assert {"persons_involved", "witnesses", "anonymous", "accused_faculty"} <= options
    assert "prior_attempts" not in options
    index = add_row(browser)
    set_row(browser, index, "anonymous", "room")
    browser.getControl(name="form.buttons.save").click()
    assert "it must be a yes/no field" in browser.contents


def test_old_text_format_is_read_as_rows(demo_functional):
    from lxml import etree
    from ntnu.casemgmt.intake.actions import CreateDeviationHandler

    element = etree.fromstring(
        '<field name="x" type="ntnu.casemgmt.intake.CreateDeviation">'
        "<title>X</title><field_mapping>event_description = what\n"
        "title = summary</field_mapping></field>"
    )
    action = CreateDeviationHandler.read(element)
    assert action.mapping == {"event_description": "what", "title": "summary"}
    written = etree.tostring(CreateDeviationHandler.write(action, "x", "t")).decode()
    assert "field_mapping" not in written
    assert '<element key="title">summary</element>' in written


# --- the thank-you page ---------------------------------------------------


def submit(app, form, user, **values):
    browser = browser_for(app, user)
    browser.open(form.absolute_url())
    for name, value in values.items():
        browser.getControl(name=f"form.widgets.{name}").value = value
    browser.getControl(name="form.buttons.submit").click()
    return browser


def _cases(portal_type):
    return [
        brain._unrestrictedGetObject()
        for brain in api.portal.get_tool("portal_catalog").unrestrictedSearchResults(
            portal_type=portal_type
        )
    ]


def test_thank_you_page_names_and_links_the_case(demo_functional, demo_form, mailbox):
    browser = submit(
        demo_functional["app"],
        demo_form,
        "student1",
        title="Projector broken",
        room="EL5",
        what="The projector in EL5 shows nothing.",
        prior_attempts="Told the janitor.",
    )
    transaction.begin()
    (case,) = _cases("Deviation")
    assert case.event_description == "The projector in EL5 shows nothing."
    assert "Room: EL5" in case.form_answers
    assert case.case_number in browser.contents
    link = browser.getLink(id="intake-case-link")
    assert link.url == case.absolute_url()
    assert "Physical learning environment" in browser.contents
    assert "learning_environment_physical" not in browser.contents
    link.click()  # the reporter may open it
    assert case.case_number in browser.contents


def test_thank_you_page_in_norwegian(demo_functional, demo_form, mailbox):
    browser = browser_for(demo_functional["app"], "student1")
    browser.addHeader("Accept-Language", "nb")
    browser.open(demo_form.absolute_url())
    browser.getControl(name="form.widgets.title").value = "Mørkt"
    browser.getControl(name="form.widgets.room").value = "R1"
    browser.getControl(name="form.widgets.what").value = "Ingen lys."
    browser.getControl(name="form.widgets.prior_attempts").value = "Ingenting."
    browser.getControl(name="form.buttons.submit").click()
    assert "learning_environment_physical" not in browser.contents
    assert re.search(r'id="intake-category">[^<]*[Ll]æringsmiljø', browser.contents)


def test_anonymous_notification_shows_the_receipt_not_the_case(
    demo_functional, demo_form, mailbox
):
    with api.env.adopt_roles(["Manager"]):
        demo_form.actions_model = demo_form.actions_model.replace(
            "CreateDeviation", "CreateNotification"
        )
        demo_form.fields_model = demo_form.fields_model.replace(
            "learning_environment_physical", "harassment"
        )
    transaction.commit()
    browser = submit(
        demo_functional["app"],
        demo_form,
        None,
        title="Comments",
        room="Lab",
        what="In the lab.",
        prior_attempts="-",
    )
    transaction.begin()
    (case,) = _cases("NotificationCase")
    assert case.anonymous
    assert case.case_number in browser.contents
    (code,) = re.findall(r'id="receipt-code">([^<]+)<', browser.contents)
    assert len(code) > 8
    assert browser.getLink(id="receipt-page-link").url.endswith("/@@receipt")
    assert "intake-case-link" not in browser.contents
    assert case.absolute_url() not in browser.contents
    assert "Harassment" in browser.contents
