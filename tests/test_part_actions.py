"""Issue 17: every step of a case's parts is a button on the part's page
with a short form (``@@part-transition``), and the toolbar's State menu of
a case and of each part leads to the same forms, never to an error page."""

from datetime import date
from datetime import timedelta
from helpers import PASSWORD
from plone import api
from test_deviation_security import make_case
from test_notification_security import make_notification
from zope.browsermenu.interfaces import IBrowserMenu
from zope.component import getUtility
from zope.globalrequest import getRequest

import pytest
import re
import requests
import transaction


ERROR_PAGE = "seems to be an error"


class Browser:
    """A logged-in user's browser: HTML pages and the forms' posts."""

    def __init__(self, user):
        self.session = requests.Session()
        self.session.headers["Accept"] = "text/html"
        self.session.auth = (user, "secret" if user == "admin" else PASSWORD)

    def get(self, url):
        return self.session.get(url, timeout=60)

    def submit(self, url, fields, button="form.buttons.save"):
        """Post the form at ``url`` with its authenticator (CSRF)."""
        page = self.get(url)
        assert page.status_code == 200, page.text[:500]
        token = re.search(r'name="_authenticator" value="([^"]+)"', page.text)
        assert token, page.text[:2000]
        data = dict(fields, _authenticator=token[1], **{button: "x"})
        return self.session.post(url, data=data, timeout=60)


def refused(response):
    """Was the page refused (Plone's "insufficient privileges" page, or a
    status that says so)?"""
    return response.status_code in (401, 403, 404) or response.url.endswith(
        "/insufficient-privileges"
    )


@pytest.fixture
def portal(demo_functional):
    return demo_functional["portal"]


@pytest.fixture
def parts(portal):
    """A deviation in progress with one part of each kind, made by its case
    worker; staff1 is the measure's responsible person."""
    case = make_case(portal, "in_progress")
    with api.env.adopt_user(username="caseworker-ie"):
        measure = api.content.create(
            container=case,
            type="Measure",
            title="New lab routine",
            kind="corrective",
            responsible="staff1",
            due_date=date.today() + timedelta(days=10),
        )
        spare = api.content.create(
            container=case, type="Measure", title="Spare", kind="corrective"
        )
        letter = api.content.create(
            container=case,
            type="Letter",
            title="Preliminary reply",
            template="preliminary_reply",
            recipient="student1",
        )
        document = api.content.create(
            container=case, type="CaseDocument", title="Minutes", text="We met."
        )
    (hearing,) = [o for o in case.objectValues() if o.portal_type == "Hearing"]
    transaction.commit()
    return {
        "case": case,
        "measure": measure,
        "spare": spare,
        "letter": letter,
        "hearing": hearing,
        "document": document,
    }


def state_menu(obj, user):
    """``{title: url}`` of the toolbar's State menu of ``obj`` for ``user``
    (the transitions, plus Plone's "Advanced…" and policy entries)."""
    menu = getUtility(IBrowserMenu, name="plone_contentmenu_workflow")
    with api.env.adopt_user(username=user):
        items = menu.getMenuItems(obj, getRequest())
    return {
        item["extra"]["id"]: item["action"]
        for item in items
        if item["extra"]["id"].startswith("workflow-transition-")
    }


def test_part_pages_show_fields_state_and_buttons(parts):
    measure, url = parts["measure"], parts["measure"].absolute_url()
    page = Browser("caseworker-ie").get(url)
    assert page.status_code == 200
    assert 'id="transition-start"' in page.text
    assert 'id="transition-cancel"' in page.text
    assert 'id="action-edit"' in page.text
    assert parts["case"].absolute_url() in page.text  # back to the case
    assert "Staff One" in page.text  # the responsible person by name
    assert measure.due_date.isoformat() in page.text
    # the responsible person starts it but may not cancel it
    page = Browser("staff1").get(url)
    assert page.status_code == 200
    assert 'id="transition-start"' in page.text
    assert 'id="transition-cancel"' not in page.text
    # the reporter does not see the measure at all
    assert refused(Browser("student1").get(url))


def test_measure_is_started_and_completed_with_its_result(parts):
    measure = parts["measure"]
    url = measure.absolute_url()
    responsible = Browser("staff1")
    response = responsible.submit(
        f"{url}/@@part-transition?transition=start", {"form.widgets.comment": ""}
    )
    assert response.status_code == 200 and response.url == url
    transaction.begin()
    assert api.content.get_state(measure) == "in_progress"
    # completing asks for the result: without it nothing happens
    form = f"{url}/@@part-transition?transition=complete"
    assert "form.widgets.result" in responsible.get(form).text
    response = responsible.submit(form, {"form.widgets.result": ""})
    assert response.status_code == 200 and "form.widgets.result" in response.text
    transaction.begin()
    assert api.content.get_state(measure) == "in_progress"
    response = responsible.submit(form, {"form.widgets.result": "Routine in place."})
    assert response.url == url
    transaction.begin()
    assert api.content.get_state(measure) == "completed"
    assert measure.result == "Routine in place."
    history = measure.workflow_history["casemgmt_measure_workflow"]
    assert history[-1]["actor"] == "staff1"


def test_measure_cancelled_by_the_case_worker(parts):
    spare = parts["spare"]
    response = Browser("caseworker-ie").submit(
        f"{spare.absolute_url()}/@@part-transition?transition=cancel",
        {"form.widgets.comment": "Not needed."},
    )
    assert response.url == spare.absolute_url()
    transaction.begin()
    assert api.content.get_state(spare) == "cancelled"


def test_a_step_the_user_may_not_take_is_refused_on_the_part_page(parts):
    spare = parts["spare"]
    browser = Browser("staff1")  # not responsible for the spare measure
    response = browser.get(f"{spare.absolute_url()}/@@part-transition?transition=start")
    assert refused(response)
    assert ERROR_PAGE not in response.text
    transaction.begin()
    assert api.content.get_state(spare) == "planned"


def test_letter_send_names_the_placeholders_then_sends(parts):
    letter = parts["letter"]
    url = letter.absolute_url()
    worker = Browser("caseworker-ie")
    assert letter.unfilled_placeholders()
    page = worker.get(url)
    assert "disabled" in page.text and 'id="transition-send"' in page.text
    response = worker.get(f"{url}/@@part-transition?transition=send")
    assert response.url == url
    assert "cannot be sent until these placeholders" in response.text
    assert letter.unfilled_placeholders()[0] in response.text
    transaction.begin()
    assert api.content.get_state(letter) == "draft"
    with api.env.adopt_user(username="caseworker-ie"):
        letter.body = "Dear student, we are looking into it."
    transaction.commit()
    assert f"{url}/@@part-transition?transition=send" in worker.get(url).text
    response = worker.submit(
        f"{url}/@@part-transition?transition=send", {"form.widgets.comment": ""}
    )
    assert response.url == url
    transaction.begin()
    assert api.content.get_state(letter) == "sent"


def test_hearing_closed_and_document_shared_by_buttons(parts):
    worker = Browser("caseworker-ie")
    hearing = parts["hearing"]
    page = worker.get(hearing.absolute_url())
    assert 'id="transition-close"' in page.text
    assert "Which measure?" in page.text
    worker.submit(
        f"{hearing.absolute_url()}/@@part-transition?transition=close",
        {"form.widgets.comment": ""},
    )
    transaction.begin()
    assert api.content.get_state(hearing) == "closed"

    document = parts["document"]
    url = document.absolute_url()
    assert 'id="transition-share"' in worker.get(url).text
    worker.submit(f"{url}/@@part-transition?transition=share", {})
    transaction.begin()
    assert api.content.get_state(document) == "party"
    assert document.visibility == "party"
    assert 'id="transition-unshare"' in worker.get(url).text
    worker.submit(f"{url}/@@part-transition?transition=unshare", {})
    transaction.begin()
    assert api.content.get_state(document) == "internal"
    assert document.visibility == "internal"


def test_transition_urls_of_parts_lead_to_the_form(portal):
    """The workflow specification's addresses: no part transition goes to
    Plone's bare content_status_modify."""
    workflow = api.portal.get_tool("portal_workflow")
    for wf_id in (
        "casemgmt_measure_workflow",
        "casemgmt_letter_workflow",
        "casemgmt_hearing_workflow",
        "casemgmt_casedocument_workflow",
    ):
        for transition in workflow[wf_id].transitions.objectValues():
            assert transition.actbox_url.endswith(
                f"/@@part-transition?transition={transition.id}"
            ), (wf_id, transition.id)


def _choose_each(obj, users):
    """Open every State menu entry of ``obj`` as each of ``users``: a form
    (or, for "Advanced…", the page with the buttons), never an error page.
    Returns the entries seen."""
    seen = set()
    for user in users:
        browser = Browser(user)
        for entry, url in state_menu(obj, user).items():
            response = browser.get(url)
            assert response.status_code == 200, (user, entry, response.status_code)
            assert ERROR_PAGE not in response.text, (user, entry)
            if entry == "workflow-transition-advanced":
                assert response.url == obj.absolute_url(), (user, response.url)
            else:
                assert 'name="form.buttons.save"' in response.text, (user, entry)
            seen.add(entry)
    return seen


def test_plone_workflow_forms_lead_to_the_add_ons(parts):
    """A bare content_status_modify (a bookmark, an old link) leads to the
    step's form, not to an error page."""
    case = parts["case"]
    browser = Browser("caseworker-ie")
    response = browser.get(
        f"{case.absolute_url()}/content_status_modify?workflow_action=close"
    )
    assert response.url.endswith("/@@case-transition?transition=close")
    assert 'name="form.buttons.save"' in response.text
    response = browser.get(
        f"{case.absolute_url()}/content_status_modify?workflow_action=reject"
    )
    assert response.url == case.absolute_url()
    transaction.begin()
    assert api.content.get_state(case) == "in_progress"


@pytest.mark.parametrize("state", ["submitted", "in_progress", "closed", "rejected"])
def test_state_menu_of_a_deviation_gives_forms(portal, state):
    case = make_case(portal, state)
    transaction.commit()
    seen = _choose_each(case, ["reception-ie", "caseworker-ie", "admin"])
    expected = {
        "submitted": {"approve", "reject", "reject_as_notification"},
        "in_progress": {"close"},
        "closed": {"reopen"},
        "rejected": {"reopen"},
    }[state]
    assert {e.rsplit("-", 1)[-1] for e in seen} >= expected


@pytest.mark.parametrize(
    "state", ["received", "forwarded", "investigation", "measures"]
)
def test_state_menu_of_a_notification_case_gives_forms(portal, state):
    case = make_notification(portal, state)
    transaction.commit()
    seen = _choose_each(case, ["speakup", "varsling-ie", "dean-ie"])
    assert seen, state


def test_state_menu_of_each_part_in_each_state(parts):
    """Each entry, as each user who has it, state after state: the form
    opens, and posting it takes the step."""
    users = ["caseworker-ie", "reception-ie", "staff1"]
    steps = [
        ("measure", ["start", "complete"]),
        ("spare", ["cancel"]),
        ("hearing", ["close"]),
        ("document", []),  # its state follows its visibility field
    ]
    for key, path in steps:
        obj = parts[key]
        for transition in path:
            seen = _choose_each(obj, users)
            assert f"workflow-transition-{transition}" in seen, (key, seen)
            fields = {"form.widgets.comment": ""}
            if transition == "complete":
                fields["form.widgets.result"] = "Done."
            Browser("caseworker-ie").submit(
                f"{obj.absolute_url()}/@@part-transition?transition={transition}",
                fields,
            )
            transaction.begin()
        # the final state: what is still offered opens a form too
        _choose_each(obj, users)
    # Manager's State menu of a document: share and unshare, the same form
    document = parts["document"]
    assert "workflow-transition-share" in _choose_each(document, ["admin"])
