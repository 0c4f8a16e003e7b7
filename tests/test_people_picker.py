"""Pick people by name (issue 17; SPEC §7 ``/@users-search``): the REST
service and the pickers of the forms (the vocabulary ``ntnu.casemgmt.People``
served by ``@@getVocabulary``) answer staff who assign people only, with
the name and the faculty; a chosen id is stored and still checked."""

from datetime import date
from datetime import timedelta
from helpers import Client
from helpers import DEMO_USER_IDS
from helpers import DEVIATION
from helpers import make_deviation
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.testing.zope import Browser

import json
import pytest
import transaction


#: The demo users who assign people on a site without cases (by their
#: groups, SPEC §9); the case worker and the dean do once they are named.
STAFF = {
    "reception-ie",
    "reception-nv",
    "linemanager-ie",
    "speakup",
    "varsling-ie",
    "varsling-nv",
    "quality",
}

IE_TITLE = "Fakultet for informasjonsteknologi og elektroteknikk"


@pytest.fixture
def portal(demo_functional):
    return demo_functional["portal"]


@pytest.fixture
def app(demo_functional):
    return demo_functional["app"]


def client(portal, user):
    if user == SITE_OWNER_NAME:
        return Client(portal.absolute_url(), user, SITE_OWNER_PASSWORD)
    return Client(portal.absolute_url(), user)


def search(portal, user, **params):
    return client(portal, user).get("@users-search", params=params)


def browser_for(app, user):
    browser = Browser(app)
    browser.handleErrors = False
    browser.addHeader("Accept-Language", "en")
    browser.addHeader("Authorization", f"Basic {user}:demodemo")
    return browser


# --- who may search --------------------------------------------------------


@pytest.mark.parametrize("user", [*DEMO_USER_IDS, SITE_OWNER_NAME, None])
def test_matrix(portal, user):
    """Staff find people with name and faculty; nobody else finds anybody."""
    response = search(portal, user, q="student")
    if user in STAFF or user == SITE_OWNER_NAME:
        assert response.status_code == 200, response.text
        items = {item["id"]: item for item in response.json()["items"]}
        assert items["student1"] == {
            "id": "student1",
            "title": "Student One",
            "faculty": "ie",
            "faculty_title": IE_TITLE,
        }
        assert items["student2"]["faculty"] == "nv"
    else:
        assert response.status_code == 403, (user, response.status_code)
        error = response.json()["error"]
        assert error["type"] == "Forbidden"
        assert "staff" in error["message"]
        assert "student1" not in response.text


def test_named_case_worker_and_manager_become_staff(portal):
    """The derived roles count: a named case worker (deviation) and a named
    responsible manager (notification case) may search."""
    from test_notification_security import make_notification

    for user in ("caseworker-ie", "dean-ie"):
        assert search(portal, user, q="student").status_code == 403
    with api.env.adopt_user(username="student1"):
        case = make_deviation(portal["faculties"]["ie"], **DEVIATION)
    case.case_worker = "caseworker-ie"
    case.reindexObject()
    notification = make_notification(portal, "forwarded")
    notification.responsible_manager = "dean-ie"
    notification.reindexObject()
    notification.reindexObjectSecurity()
    transaction.commit()
    for user in ("caseworker-ie", "dean-ie"):
        response = search(portal, user, q="student")
        assert response.status_code == 200, (user, response.text)
        assert "student1" in {i["id"] for i in response.json()["items"]}


# --- what it finds ---------------------------------------------------------


@pytest.mark.parametrize(
    "q,expected",
    [
        ("case worker", "caseworker-ie"),  # full name, case-insensitive
        ("LINEMANAGER", "linemanager-ie"),  # user id
        ("varsling-nv@example", "varsling-nv"),  # e-mail
        ("Dean", "dean-ie"),
    ],
)
def test_finds_by_id_name_and_email(portal, q, expected):
    response = search(portal, "reception-ie", q=q)
    assert response.status_code == 200, response.text
    assert expected in {item["id"] for item in response.json()["items"]}


def test_no_match(portal):
    response = search(portal, "reception-ie", q="zzzzzz")
    assert response.json()["items"] == []


def test_at_most_twenty(portal):
    for number in range(25):
        api.user.create(
            email=f"many{number}@example.org",
            username=f"many{number}",
            password="a-long-password-1",
            properties={"fullname": f"Many People {number:02d}", "faculty": "nv"},
        )
    transaction.commit()
    items = search(portal, "reception-ie", q="many people").json()["items"]
    assert len(items) == 20
    assert [i["title"] for i in items] == sorted(i["title"] for i in items)


def test_groups_only_when_asked(portal):
    items = search(portal, "varsling-ie", q="nv").json()["items"]
    assert not any(item.get("group") for item in items)
    items = search(portal, "varsling-ie", q="nv", groups="true").json()["items"]
    units = [item for item in items if item.get("group")]
    assert {
        "id": "nv-notification-unit",
        "faculty": "nv",
        "group": True,
    }.items() <= units[0].items()
    assert [u["id"] for u in units] == ["nv-notification-unit"]
    assert units[0]["title"]
    # found by the faculty's name too
    items = search(portal, "varsling-ie", q="naturvitenskap", groups="true").json()
    assert "nv-notification-unit" in {i["id"] for i in items["items"]}


# --- bad input -------------------------------------------------------------


@pytest.mark.parametrize(
    "params,field",
    [
        ({}, "q"),
        ({"q": ""}, "q"),
        ({"q": "a"}, "q"),
        ({"q": " a "}, "q"),
        ({"q": "x" * 101}, "q"),
        ({"q": ["ab", "cd"]}, "q"),
        ({"q": "student", "groups": "maybe"}, "groups"),
        ({"q": "student", "sort_on": "title"}, "sort_on"),
    ],
)
def test_bad_input(portal, params, field):
    response = search(portal, "reception-ie", **params)
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["type"] == "BadRequest"
    assert error["message"].startswith(f"{field}:")
    assert error["fields"] == [field]


def test_a_student_learns_nothing_from_bad_input(portal):
    response = search(portal, "student1", q="a")
    assert response.status_code == 403


# --- the pickers' endpoint --------------------------------------------------


def vocabulary(portal, user, query, name="ntnu.casemgmt.People"):
    params = {"name": name, "query": query, "field": "case_worker"}
    session = client(portal, user).session
    return session.get(
        f"{portal.absolute_url()}/@@getVocabulary",
        params=params,
        headers={"Accept": "application/json, text/javascript"},
        timeout=60,
    )


@pytest.mark.parametrize("query", ["student", "case worker", "example.org"])
def test_picker_answers_as_the_service(portal, query):
    response = vocabulary(portal, "reception-ie", query)
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    service = search(portal, "reception-ie", q=query).json()["items"]
    assert [r["id"] for r in results] == [i["id"] for i in service]
    texts = {r["id"]: r["text"] for r in results}
    if query == "student":
        assert texts["student1"] == f"Student One ({IE_TITLE})"


def test_picker_offers_units_for_hearings(portal):
    people = vocabulary(portal, "varsling-ie", "nv-notif").json()["results"]
    assert people == []
    units = vocabulary(
        portal, "varsling-ie", "nv-notif", name="ntnu.casemgmt.PeopleAndUnits"
    ).json()["results"]
    assert [r["id"] for r in units] == ["nv-notification-unit"]


@pytest.mark.parametrize("user", ["student1", "staff1", "editor", "reporting", None])
def test_picker_refuses_others(portal, user):
    response = vocabulary(portal, user, "student")
    assert response.status_code in (401, 403), (user, response.status_code)
    assert "Student One" not in response.text


def test_picker_lists_nobody_without_a_query(portal):
    """Not a list of all users, to anybody, by any way of asking."""
    session = client(portal, "reception-ie").session
    url = portal.absolute_url()
    response = session.get(
        f"{url}/@@getVocabulary", params={"name": "ntnu.casemgmt.People"}, timeout=60
    )
    assert "student1" not in response.text
    response = session.get(f"{url}/@vocabularies/ntnu.casemgmt.People", timeout=60)
    assert "student1" not in response.text


# --- the forms ---------------------------------------------------------------


def picker_options(browser, name):
    """The widget named ``name`` and its pat-select2 options (the picker)."""
    from lxml import html

    control = browser.getControl(name=name)
    (element,) = html.fromstring(browser.contents).xpath(f'//*[@name="{name}"]')
    assert "pat-select2" in element.get("class").split()
    return control, json.loads(element.get("data-pat-select2"))


@pytest.fixture
def case_url(portal):
    with api.env.adopt_user(username="student1"):
        case = make_deviation(portal["faculties"]["ie"], **DEVIATION)
    transaction.commit()
    return case.absolute_url()


def case_at(portal, url):
    transaction.begin()
    return portal.unrestrictedTraverse(url.split("/plone/", 1)[1])


def test_approve_form_picks_the_case_worker(app, portal, case_url):
    browser = browser_for(app, "reception-ie")
    browser.open(case_url + "/@@case-transition?transition=approve")
    control, options = picker_options(browser, "form.widgets.case_worker")
    assert options["vocabularyUrl"].startswith(
        f"{portal.absolute_url()}/@@getVocabulary?name=ntnu.casemgmt.People"
    )
    assert options["maximumSelectionSize"] == 1
    # a user id that does not exist is still refused
    control.value = "nobody-at-all"
    browser.getControl(name="form.buttons.save").click()
    assert "There is no user with this user id" in browser.contents
    assert api.content.get_state(case_at(portal, case_url)) == "submitted"
    # the id the picker stores (as typed without JavaScript)
    browser.getControl(name="form.widgets.case_worker").value = "caseworker-ie"
    browser.getControl(name="form.buttons.save").click()
    case = case_at(portal, case_url)
    assert case.case_worker == "caseworker-ie"
    assert api.content.get_state(case) == "in_progress"


def test_hearing_form_picks_people_and_units(app, portal, case_url):
    case = case_at(portal, case_url)
    with api.env.adopt_user(username="reception-ie"):
        case.case_worker = "caseworker-ie"
        api.content.transition(obj=case, transition="approve")
    transaction.commit()
    browser = browser_for(app, "caseworker-ie")
    browser.open(case_url + "/++add++Hearing")
    control, options = picker_options(browser, "form.widgets.participants")
    assert "name=ntnu.casemgmt.PeopleAndUnits" in options["vocabularyUrl"]
    assert "maximumSelectionSize" not in options
    control.value = "staff1;nv-notification-unit"
    browser.getControl(name="form.widgets.question").value = "What do you think?"
    browser.getControl(name="form.widgets.deadline").value = (
        date.today() + timedelta(days=7)
    ).isoformat()
    browser.getControl(name="form.buttons.save").click()
    case = case_at(portal, case_url)
    hearing = next(o for o in case.objectValues() if o.portal_type == "Hearing")
    assert hearing.participants == ["staff1", "nv-notification-unit"]
    # the edit form shows the chosen people by name
    browser.open(hearing.absolute_url() + "/edit")
    control, options = picker_options(browser, "form.widgets.participants")
    assert options["initialValues"]["staff1"] == f"Staff One ({IE_TITLE})"
    assert options["initialValues"]["nv-notification-unit"]


def test_measure_form_refuses_an_unknown_id(app, portal, case_url):
    case = case_at(portal, case_url)
    with api.env.adopt_user(username="reception-ie"):
        case.case_worker = "caseworker-ie"
        api.content.transition(obj=case, transition="approve")
    transaction.commit()
    browser = browser_for(app, "caseworker-ie")
    browser.open(case_url + "/++add++Measure")
    browser.getControl(name="form.widgets.title").value = "Talk to the lecturer"
    browser.getControl(name="form.widgets.kind:list").value = ["clarification"]
    browser.getControl(name="form.widgets.responsible").value = "Staff One"
    browser.getControl(name="form.buttons.save").click()
    assert "There is no user with this user id" in browser.contents
    browser.getControl(name="form.widgets.responsible").value = "staff1"
    browser.getControl(name="form.buttons.save").click()
    case = case_at(portal, case_url)
    measure = next(o for o in case.objectValues() if o.portal_type == "Measure")
    assert measure.responsible == "staff1"


@pytest.mark.parametrize(
    "type_name,fields",
    [
        ("NotificationCase", ("case_officer", "responsible_manager", "parties")),
        ("NotificationCase", ("excluded_officers",)),
        ("Letter", ("recipient", "copy_to")),
        ("Measure", ("responsible",)),
        ("Deviation", ("case_worker",)),
        ("Hearing", ("participants",)),
    ],
)
def test_every_person_field_has_the_picker(type_name, fields, portal):
    from plone.autoform.interfaces import WIDGETS_KEY
    from plone.dexterity.utils import iterSchemataForType

    widgets = {}
    for schema in iterSchemataForType(type_name):
        widgets.update(schema.queryTaggedValue(WIDGETS_KEY, {}))
    for name in fields:
        factory = widgets[name]  # a dotted name, or a ParameterizedWidget
        factory = getattr(factory, "widget_factory", factory)
        factory = factory if isinstance(factory, str) else factory.__name__
        assert factory.rsplit(".", 1)[-1] in (
            "PeopleFieldWidget",
            "PeopleAndUnitsFieldWidget",
            "RecipientFieldWidget",
        ), (type_name, name)
