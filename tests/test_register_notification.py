"""Registering a notification received orally, by letter, e-mail or phone on
the notifier's behalf (SPEC §6 last point, §7 ``@register-notification``):
by the central reception in /speakup and by a faculty's notification unit
in its faculty, over REST and with the form; the notifier gets exactly the
rights of an online notifier, and the person who registered it is recorded
in the history as such, never as notifier or creator."""

from helpers import Client
from ntnu.casemgmt.core import ratelimit
from ntnu.casemgmt.notification import audit
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.testing.zope import Browser

import pytest
import re
import transaction


NOTIFICATION = {
    "title": "Comments in the lab group",
    "category": "harassment",
    "event_description": "Told us on the phone about comments in lab sessions.",
    "accused_faculty": "ie",
}

#: who registers where
SPEAKUP = ("speakup", "speakup")
FACULTY = ("varsling-ie", "faculties/ie")


@pytest.fixture
def site(demo_functional):
    ratelimit.reset()
    return demo_functional["portal"]


def client(site, user):
    return Client(site.absolute_url(), user)


def register(site, where, **fields):
    user, path = where
    body = {**NOTIFICATION, "channel": "phone", **fields}
    return client(site, user).post(f"{path}/@register-notification", body)


def case_of(site, answer):
    """The case the server committed, by the answer's case number."""
    transaction.begin()
    brains = api.portal.get_tool("portal_catalog").unrestrictedSearchResults(
        case_number=answer["case_number"]
    )
    assert len(brains) == 1
    return brains[0]._unrestrictedGetObject()


def case_count():
    transaction.begin()
    return len(
        api.portal.get_tool("portal_catalog").unrestrictedSearchResults(
            portal_type="NotificationCase"
        )
    )


# --- where it starts -------------------------------------------------------


def test_central_reception_registers_for_a_user(site):
    response = register(site, SPEAKUP, notifier="student1", severity="high")
    assert response.status_code == 201, response.text
    answer = response.json()
    assert answer["review_state"] == "received"
    assert answer["case_number"].startswith("VARSEL-")
    assert "receipt" not in answer
    case = case_of(site, answer)
    assert answer["@id"] == case.absolute_url()
    assert case.aq_parent.getId() == "speakup"
    assert case.notifier == "student1"
    assert case.channel == "phone"
    assert case.severity == "high"
    assert case.anonymous is False
    assert case.external_committee is False


def test_faculty_unit_registers_in_its_faculty(site):
    response = register(
        site, FACULTY, notifier_name="Kari Nordmann", notifier_email="kari@example.org"
    )
    assert response.status_code == 201, response.text
    answer = response.json()
    assert answer["review_state"] == "forwarded"
    case = case_of(site, answer)
    assert "/".join(case.aq_parent.getPhysicalPath()).endswith("faculties/ie")
    assert case.accused_faculty == "ie"
    assert case.confirmation_deadline is not None
    assert case.notifier is None
    assert (case.notifier_name, case.notifier_email) == (
        "Kari Nordmann",
        "kari@example.org",
    )
    # the unit acknowledges next, as for a forwarded case
    with api.env.adopt_user(username="varsling-ie"):
        workflow = api.portal.get_tool("portal_workflow")
        assert {t["id"] for t in workflow.getTransitionsFor(case)} == {"acknowledge"}
    # the central reception has nothing to do with it
    with api.env.adopt_user(username="speakup"):
        assert not api.user.has_permission("View", obj=case)


def test_faculty_registration_is_about_its_own_students(site):
    before = case_count()
    response = register(site, FACULTY, accused_faculty="nv", notifier="student1")
    assert response.status_code == 400
    assert "accused_faculty" in response.json()["error"]["message"]
    assert case_count() == before


@pytest.mark.parametrize("where", [SPEAKUP, FACULTY], ids=["speakup", "faculty"])
def test_anonymous_registration_hands_on_a_receipt(site, where):
    response = register(site, where, channel="letter")
    assert response.status_code == 201, response.text
    answer = response.json()
    code = answer["receipt"]
    case = case_of(site, answer)
    assert case.anonymous is True
    assert case.notifier is None and case.notifier_name is None
    # the code leads the notifier to the case, as for @notify
    found = client(site, None).post("@receipt", {"receipt": code})
    assert found.status_code == 200, found.text
    assert found.json()["case_number"] == answer["case_number"]


# --- who may ---------------------------------------------------------------


@pytest.mark.parametrize(
    "user,path",
    [
        (None, "speakup"),
        ("student1", "speakup"),
        ("varsling-ie", "speakup"),  # a faculty unit, in the central reception
        ("reception-ie", "speakup"),
        ("quality", "speakup"),
        (None, "faculties/ie"),
        ("student1", "faculties/ie"),
        ("reception-ie", "faculties/ie"),  # deviation staff of the faculty
        ("linemanager-ie", "faculties/ie"),
        ("caseworker-ie", "faculties/ie"),
        ("varsling-nv", "faculties/ie"),  # another faculty's unit
        ("speakup", "faculties/ie"),  # the central reception, in a faculty
    ],
)
def test_others_may_not_register(site, user, path):
    before = case_count()
    response = register(site, (user, path), notifier="student1")
    assert response.status_code in (401, 403), response.text
    assert case_count() == before


def test_not_at_the_site_root(site):
    response = register(site, ("speakup", ""), notifier="student1")
    assert response.status_code in (401, 403, 404), response.text


# --- bad input -------------------------------------------------------------


@pytest.mark.parametrize(
    "fields,field",
    [
        ({"notifier": "student1", "notifier_name": "Kari"}, "notifier"),
        ({"notifier": "student1", "notifier_email": "kari@example.org"}, "notifier"),
        ({"notifier": "nosuchuser"}, "notifier"),
        (
            {"notifier_name": "Kari", "notifier_email": "not an address"},
            "notifier_email",
        ),
        ({"notifier_email": "kari@example.org"}, "notifier_name"),
        ({"notifier": "student1", "anonymous": True}, "anonymous"),
        ({"channel": "online"}, "channel"),
        ({"channel": "pigeon"}, "channel"),
        ({"channel": None}, "channel"),
        ({"channel": 3}, "channel"),
        ({"severity": "huge"}, "severity"),
        ({"notifier": ["student1"]}, "notifier"),
        ({"notifier_name": 42}, "notifier_name"),
        ({"case_officer": "varsling-ie"}, "case_officer"),
        ({"parties": ["student2"]}, "parties"),
        ({"title": ""}, "title"),
        ({"category": "gossip"}, "category"),
    ],
)
@pytest.mark.parametrize("where", [SPEAKUP, FACULTY], ids=["speakup", "faculty"])
def test_bad_input_names_the_field_and_creates_nothing(site, where, fields, field):
    before = case_count()
    body = dict(fields)
    if not {"notifier", "notifier_name", "notifier_email"} & set(fields):
        body["notifier"] = "student1"
    response = register(site, where, **body)
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert field in error["message"], error
    assert case_count() == before


def test_malformed_body(site):
    response = client(site, "speakup").session.post(
        site.absolute_url() + "/speakup/@register-notification",
        data="[1, 2]",
        headers={"Content-Type": "application/json"},
        timeout=60,
    )
    assert response.status_code == 400
    assert "error" in response.json()


# --- the notifier's rights: exactly those of an online notifier ----------

PERMISSIONS = (
    "View",
    "Modify portal content",
    "ntnu.casemgmt: View notifier identity",
    "ntnu.casemgmt: View findings",
    "ntnu.casemgmt: View case internals",
    "ntnu.casemgmt: Add CaseMessage",
    "ntnu.casemgmt: View audit log",
)
PEOPLE = (
    "student1",  # the notifier
    "student2",
    "staff1",
    "speakup",
    "varsling-ie",
    "varsling-nv",
    "reception-ie",
    "caseworker-ie",
    "quality",
)


def rights(case):
    """``{(user, permission)}`` that hold on ``case``."""
    transaction.begin()
    held = set()
    for user in PEOPLE:
        with api.env.adopt_user(username=user):
            for permission in PERMISSIONS:
                if api.user.has_permission(permission, obj=case):
                    held.add((user, permission))
    return held


def notified_online(site):
    """student1's own notification over @notify."""
    response = client(site, "student1").post("@notify", dict(NOTIFICATION))
    assert response.status_code == 201, response.text
    return response.json()


def forward_and_acknowledge(site, answer):
    url = answer["@id"]
    if answer["review_state"] == "received":
        response = client(site, "speakup").post(f"{url}/@forward", {"faculty": "ie"})
        assert response.status_code == 200, response.text
        url = response.json()["@id"]
    response = client(site, "varsling-ie").post(f"{url}/@workflow/acknowledge", {})
    assert response.status_code == 200, response.text
    return url


def test_registered_notifier_has_the_rights_of_an_online_notifier(site):
    online = notified_online(site)
    at_speakup = register(site, SPEAKUP, notifier="student1").json()
    in_faculty = register(site, FACULTY, notifier="student1").json()
    reference = rights(case_of(site, online))
    assert ("student1", "View") in reference
    assert rights(case_of(site, at_speakup)) == reference
    # forwarded: the faculty's own registration against a forwarded one
    online_url = client(site, "speakup").post(
        online["@id"] + "/@forward", {"faculty": "ie"}
    )
    assert online_url.status_code == 200, online_url.text
    online_case = case_of(site, online)
    assert rights(case_of(site, in_faculty)) == rights(online_case)
    # acknowledged, all three
    forward_and_acknowledge(site, at_speakup)
    forward_and_acknowledge(site, in_faculty)
    forward_and_acknowledge(site, online_url.json() | {"review_state": "forwarded"})
    reference = rights(case_of(site, online))
    assert ("student1", "View") in reference
    assert ("student1", "ntnu.casemgmt: View findings") not in reference
    assert rights(case_of(site, at_speakup)) == reference
    assert rights(case_of(site, in_faculty)) == reference


def test_a_party_notifier_registered_is_a_party(site):
    answer = register(site, FACULTY, notifier="student1", notifier_is_party=True).json()
    forward_and_acknowledge(site, answer)
    case = case_of(site, answer)
    with api.env.adopt_user(username="student1"):
        assert api.user.has_permission("ntnu.casemgmt: View findings", obj=case)


@pytest.mark.parametrize("where", [SPEAKUP, FACULTY], ids=["speakup", "faculty"])
def test_notifier_reads_the_case_over_rest_and_the_registrar_is_nobody_in_it(
    site, where
):
    registrar = where[0]
    answer = register(site, where, notifier="student1").json()
    url = answer["@id"]
    mine = client(site, "student1").get(url)
    assert mine.status_code == 200, mine.text
    assert mine.json()["notifier"] == "student1"
    assert mine.json()["case_number"] == answer["case_number"]
    # a student who is not the notifier gets nothing
    assert client(site, "student2").get(url).status_code in (401, 403, 404)
    case = case_of(site, answer)
    assert tuple(case.listCreators()) == ("casemgmt-system",)
    assert case.notifier == "student1"
    assert registrar not in dict(case.get_local_roles())
    admin = Client(site.absolute_url(), SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
    as_admin = admin.get(url).json()
    assert registrar not in (as_admin.get("creators") or [])
    history = admin.get(url + "/@history").json()
    assert history and all(
        (entry.get("actor") or {}).get("id") != registrar for entry in history
    ), history
    found = admin.get(
        "@search",
        params={
            "case_number": answer["case_number"],
            "metadata_fields": ["Creator", "listCreators"],
        },
    ).json()["items"]
    assert len(found) == 1
    assert found[0]["Creator"] == "casemgmt-system"
    assert found[0]["listCreators"] == ["casemgmt-system"]
    # who registered it, and how it came in, is in the history
    entries = [e for e in audit.entries(case) if e["action"] == "register"]
    assert len(entries) == 1
    assert entries[0]["actor"] == registrar
    assert "phone" in entries[0]["what"]
    comments = " ".join(
        entry.get("comments") or ""
        for entry in case.workflow_history["casemgmt_notification_workflow"]
    )
    assert registrar in comments and "phone" in comments


def test_notifier_finds_the_case_under_my_cases(site, demo_functional):
    answer = register(site, SPEAKUP, notifier="student1").json()
    browser = Browser(demo_functional["app"])
    browser.handleErrors = False
    browser.addHeader("Authorization", "Basic student1:demodemo")
    browser.open(site.absolute_url() + "/@@my-cases")
    assert answer["case_number"] in browser.contents
    browser.getLink(answer["case_number"]).click()
    assert answer["case_number"] in browser.contents
    # the receptionist has not notified anything
    other = Browser(demo_functional["app"])
    other.addHeader("Authorization", "Basic speakup:demodemo")
    other.open(site.absolute_url() + "/@@my-cases")
    assert answer["case_number"] not in other.contents


# --- the form ----------------------------------------------------------------


def browser_for(app, user, language="en"):
    browser = Browser(app)
    browser.handleErrors = False
    browser.addHeader("Accept-Language", language)
    browser.addHeader("Authorization", f"Basic {user}:demodemo")
    return browser


def fill(browser, **extra):
    browser.getControl(name="form.widgets.channel:list").value = ["oral"]
    browser.getControl(name="form.widgets.category:list").value = ["bullying"]
    browser.getControl(name="form.widgets.title").value = "Exclusion from the group"
    browser.getControl(
        name="form.widgets.event_description"
    ).value = "Came to the desk and told us."
    for name, value in extra.items():
        browser.getControl(name=f"form.widgets.{name}").value = value


@pytest.mark.parametrize("where", [SPEAKUP, FACULTY], ids=["speakup", "faculty"])
def test_the_button_leads_to_the_form(site, demo_functional, where):
    user, path = where
    browser = browser_for(demo_functional["app"], user)
    browser.open(f"{site.absolute_url()}/{path}")
    browser.getLink(id="register-notification-button").click()
    assert browser.url.endswith(f"{path}/@@register-notification")
    fill(browser, notifier="student1", **{"severity:list": ["medium"]})
    browser.getControl(name="form.buttons.register").click()
    number = re.search(r"VARSEL-\d{4}-\d{5}", browser.contents).group(0)
    case = case_of(site, {"case_number": number})
    assert browser.url == case.absolute_url()
    assert (case.notifier, case.channel, case.severity) == (
        "student1",
        "oral",
        "medium",
    )
    assert api.content.get_state(case) == (
        "forwarded" if path.startswith("faculties") else "received"
    )
    assert case.accused_faculty == ("ie" if path.startswith("faculties") else None)


@pytest.mark.parametrize(
    "user,path",
    [
        ("student1", "speakup"),
        ("reception-ie", "faculties/ie"),
        ("varsling-nv", "faculties/ie"),
        ("varsling-ie", "speakup"),
    ],
)
def test_no_button_and_no_form_for_others(site, user, path):
    html = client(site, user).session
    html.headers["Accept"] = "text/html"
    page = html.get(f"{site.absolute_url()}/{path}", timeout=60)
    assert "register-notification-button" not in page.text
    form = html.get(
        f"{site.absolute_url()}/{path}/@@register-notification",
        timeout=60,
        allow_redirects=False,
    )
    assert form.status_code in (302, 401, 403, 404), form.status_code
    assert 'name="form.buttons.register"' not in form.text
    if form.status_code == 302:
        assert (
            "login" in form.headers["Location"]
            or "require_login" in (form.headers["Location"])
        )


def test_anonymous_registration_in_the_form_shows_the_code_once(site, demo_functional):
    browser = browser_for(demo_functional["app"], "varsling-ie")
    browser.open(f"{site.absolute_url()}/faculties/ie/@@register-notification")
    fill(browser)
    browser.getControl(name="form.buttons.register").click()
    code = re.search(r'id="receipt-code">([^<]+)<', browser.contents).group(1)
    number = re.search(r"VARSEL-\d{4}-\d{5}", browser.contents).group(0)
    found = client(site, None).post("@receipt", {"receipt": code})
    assert found.json()["case_number"] == number


@pytest.mark.parametrize(
    "extra,field",
    [
        ({"notifier": "nosuchuser"}, "notifier"),
        ({"notifier": "student1", "notifier_name": "Kari"}, "notifier"),
        (
            {"notifier_name": "Kari", "notifier_email": "not an address"},
            "notifier_email",
        ),
        ({"notifier_email": "kari@example.org"}, "notifier_name"),
    ],
)
def test_form_errors_name_the_field(site, demo_functional, extra, field):
    before = case_count()
    browser = browser_for(demo_functional["app"], "speakup")
    browser.open(f"{site.absolute_url()}/speakup/@@register-notification")
    fill(browser, **extra)
    browser.getControl(name="form.buttons.register").click()
    assert browser.url.endswith("@@register-notification")
    # the error stands at the field
    assert re.search(
        rf'id="formfield-form-widgets-{field}"[^>]*class="[^"]*error', browser.contents
    ) or re.search(
        rf'class="[^"]*error[^"]*"[^>]*id="formfield-form-widgets-{field}"',
        browser.contents,
    ), browser.contents
    assert case_count() == before


def test_form_without_the_authenticator_registers_nothing(site, demo_functional):
    before = case_count()
    browser = browser_for(demo_functional["app"], "speakup")
    browser.open(f"{site.absolute_url()}/speakup/@@register-notification")
    fill(browser, notifier="student1")
    browser.getControl(name="_authenticator").value = "forged"
    browser.getControl(name="form.buttons.register").click()
    assert "nothing was sent" in browser.contents
    assert case_count() == before


def test_the_form_in_norwegian(site, demo_functional):
    browser = browser_for(demo_functional["app"], "speakup", language="nb")
    browser.open(f"{site.absolute_url()}/speakup")
    button = browser.getLink(id="register-notification-button")
    assert button.text == "Registrer et varsel"
    button.click()
    assert "Registrer et varsel" in browser.contents


# --- the receipt mail of every new case covers registrations too ----------


@pytest.mark.parametrize("where", [SPEAKUP, FACULTY], ids=["speakup", "faculty"])
def test_registered_notifier_gets_the_receipt(site, mailbox, where):
    """Registration makes the case through ``create_case`` like @notify, so
    the notifier's receipt of SPEC §8 reaches a registered notifier (by
    user id or by address), never the person who registered it."""
    by_user = register(site, where, notifier="student1").json()
    by_address = register(
        site, where, notifier_name="Kari Nordmann", notifier_email="kari@example.org"
    ).json()
    to_student = mailbox.to("student1@example.org")
    assert len(to_student) == 1
    assert by_user["case_number"] in to_student[0]["subject"] + to_student[0]["body"]
    to_kari = mailbox.to("kari@example.org")
    assert len(to_kari) == 1
    assert by_address["case_number"] in to_kari[0]["subject"] + to_kari[0]["body"]
    registrar = f"{where[0]}@example.org"
    assert not [
        m
        for m in mailbox.to(registrar)
        if "received" in m["subject"].lower() and "Your" in m["subject"]
    ]
