"""Hearing participants answer from the link in their e-mail, from My work,
from the case page and the hearing's page, and over REST (issue 17)."""

from datetime import date
from datetime import timedelta
from helpers import Client
from helpers import DEVIATION
from helpers import make_deviation
from helpers import PASSWORD
from lxml import html
from plone import api
from urllib.parse import urlsplit

import pytest
import re
import requests
import transaction


@pytest.fixture
def portal(demo_functional):
    return demo_functional["portal"]


def open_hearing(portal, participants=("staff1",), days=7):
    """An approved deviation of ie (case worker caseworker-ie) with an open
    hearing asking ``participants``; committed."""
    with api.env.adopt_user(username="student1"):
        case = make_deviation(portal["faculties"]["ie"], **DEVIATION)
    with api.env.adopt_user(username="reception-ie"):
        case.case_worker = "caseworker-ie"
        api.content.transition(obj=case, transition="approve")
    with api.env.adopt_user(username="caseworker-ie"):
        hearing = api.content.create(
            container=case,
            type="Hearing",
            title="Hearing on the exam date",
            question="Which date suits the exam?",
            participants=list(participants),
            deadline=date.today() + timedelta(days=days),
        )
    transaction.commit()
    return case, hearing


def responses(hearing):
    transaction.begin()
    return hearing.aq_parent[hearing.getId()].responses or ""


def form_fields(page):
    """The answer form's hidden fields (plone.protect's ``_authenticator``)
    and its action."""
    tree = html.fromstring(page)
    (form,) = [
        f for f in tree.xpath("//form") if f.xpath(".//*[@name='form.widgets.answer']")
    ]
    hidden = {
        i.get("name"): i.get("value") or ""
        for i in form.xpath(".//input[@type='hidden']")
        if i.get("name")
    }
    return form.get("action"), hidden


# --- the e-mail's link -----------------------------------------------------


def log_in(session, response, user):
    """Fill in and send Plone's log-in form of ``response`` as ``user``."""
    tree = html.fromstring(response.text)
    (form,) = tree.xpath("//form[.//input[@name='__ac_password']]")
    data = {
        i.get("name"): i.get("value") or ""
        for i in form.xpath(".//input")
        if i.get("name") and i.get("type") not in ("submit", "checkbox")
    }
    data.update({"__ac_name": user, "__ac_password": PASSWORD})
    (button,) = form.xpath(".//*[@type='submit'][contains(@name, 'login')]")
    data[button.get("name")] = button.get("value") or "Log in"
    action = requests.compat.urljoin(response.url, form.get("action") or "")
    return session.post(action, data=data, timeout=60)


def the_link(mailbox, address, hearing):
    """The link to ``hearing``'s answer form in the mail to ``address``."""
    links = {
        link
        for mail in mailbox.to(address)
        if "Hearing" in mail["subject"]
        for link in re.findall(r"https?://\S+@@hearing-answer", mail["body"])
        if hearing.UID() in link
    }
    assert len(links) == 1, links
    return links.pop()


def test_mail_link_opens_the_answer_form(portal, mailbox):
    _case, hearing = open_hearing(portal)
    link = the_link(mailbox, "staff1@example.org", hearing)
    assert (
        link == f"{portal.absolute_url()}/resolveuid/{hearing.UID()}/@@hearing-answer"
    )

    session = requests.Session()
    session.headers["Accept-Language"] = "en"
    # not logged in: the link leads to the log-in form, which comes back
    response = session.get(link, timeout=60)
    assert response.status_code == 200
    assert "__ac_password" in response.text or "login" in response.url
    came_from = hearing.absolute_url() + "/@@hearing-answer"
    assert urlsplit(came_from).path in requests.utils.unquote(response.url)
    # the participant logs in on that form and lands on the answer form
    response = log_in(session, response, "staff1")
    assert response.status_code == 200, response.status_code
    assert response.url == came_from
    assert "Which date suits the exam?" in response.text
    action, hidden = form_fields(response.text)
    assert hidden.get("_authenticator")

    data = dict(
        hidden,
        **{
            "form.widgets.answer": "The 12th of June suits us.",
            "form.buttons.save": "Send answer",
        },
    )
    response = session.post(action, data=data, timeout=60)
    assert response.status_code == 200
    assert urlsplit(response.url).path == urlsplit(hearing.absolute_url()).path
    assert "The 12th of June suits us." in responses(hearing)
    assert "Staff One" in responses(hearing)


def test_confidential_mail_links_to_the_form_too(portal, mailbox):
    """The notification case's mail names only the case number; its link
    is the answer form's as well."""
    from test_notification_security import make_notification

    case = make_notification(portal, "investigation")
    with api.env.adopt_user(username="varsling-ie"):
        hearing = api.content.create(
            container=case,
            type="Hearing",
            title="Consulting NV",
            question="Did the student behave like this at NV?",
            participants=["nv-notification-unit"],
            deadline=date.today() + timedelta(days=7),
        )
    transaction.commit()
    link = the_link(mailbox, "varsling-nv@example.org", hearing)
    assert link.endswith(f"/resolveuid/{hearing.UID()}/@@hearing-answer")
    for mail in mailbox.to("varsling-nv@example.org"):
        assert "Did the student" not in mail["body"]

    # a member of the consulted unit answers through the link
    session = requests.Session()
    session.auth = ("varsling-nv", PASSWORD)
    response = session.get(link, timeout=60)
    assert response.status_code == 200
    action, hidden = form_fields(response.text)
    response = session.post(
        action,
        data=dict(
            hidden,
            **{
                "form.widgets.answer": "Yes, twice last year.",
                "form.buttons.save": "Send answer",
            },
        ),
        timeout=60,
    )
    assert response.status_code == 200
    assert "Yes, twice last year." in responses(hearing)


def test_form_without_its_token_saves_nothing(portal):
    _case, hearing = open_hearing(portal)
    session = requests.Session()
    session.auth = ("staff1", PASSWORD)
    url = hearing.absolute_url() + "/@@hearing-answer"
    response = session.post(
        url,
        data={"form.widgets.answer": "Forged.", "form.buttons.save": "Send answer"},
        timeout=60,
    )
    assert response.status_code in (200, 403)
    assert "Forged." not in responses(hearing)


# --- My work, the case page, the hearing page -------------------------------


def page(portal, user, path=""):
    session = requests.Session()
    session.auth = (user, PASSWORD)
    session.headers["Accept-Language"] = "en"
    url = path if path.startswith("http") else f"{portal.absolute_url()}/{path}"
    response = session.get(url, timeout=60)
    assert response.status_code == 200, (user, url, response.status_code)
    return response.text


def waiting_box(text):
    tree = html.fromstring(text)
    boxes = tree.xpath("//*[@id='hearings-waiting']")
    return boxes[0] if boxes else None


def answer_links(box):
    return [
        a.get("href")
        for a in box.xpath(".//a[contains(@class, 'casemgmt-answer-hearing')]")
    ]


def test_my_work_lists_the_hearing(portal):
    case, hearing = open_hearing(portal)
    box = waiting_box(page(portal, "staff1", "@@my-work"))
    assert box is not None
    text = box.text_content()
    assert "Hearings waiting for your answer" in text
    assert case.case_number in text
    assert hearing.deadline.isoformat() in text
    assert answer_links(box) == [hearing.absolute_url() + "/@@hearing-answer"]
    # not to those who are not asked, though they handle the case
    for user in ("caseworker-ie", "reception-ie", "student1"):
        assert waiting_box(page(portal, user, "@@my-work")) is None, user


def test_my_work_lists_a_unit_consulted_as_a_group(portal):
    _case, hearing = open_hearing(portal, participants=("nv-notification-unit",))
    box = waiting_box(page(portal, "varsling-nv", "@@my-work"))
    assert answer_links(box) == [hearing.absolute_url() + "/@@hearing-answer"]
    assert waiting_box(page(portal, "varsling-ie", "@@my-work")) is None


def test_closed_hearing_is_no_longer_listed(portal):
    _case, hearing = open_hearing(portal)
    with api.env.adopt_user(username="caseworker-ie"):
        api.content.transition(obj=hearing, transition="close")
    transaction.commit()
    assert waiting_box(page(portal, "staff1", "@@my-work")) is None


def test_case_page_and_hearing_page_have_the_button(portal):
    case, hearing = open_hearing(portal)
    box = waiting_box(page(portal, "staff1", case.absolute_url()))
    assert "Hearings waiting for your answer" in box.text_content()
    assert answer_links(box) == [hearing.absolute_url() + "/@@hearing-answer"]
    box = waiting_box(page(portal, "staff1", hearing.absolute_url()))
    assert "You are asked to answer this hearing" in box.text_content()
    assert answer_links(box) == [hearing.absolute_url() + "/@@hearing-answer"]
    # the case worker and the reporter are not asked
    assert waiting_box(page(portal, "caseworker-ie", case.absolute_url())) is None
    assert waiting_box(page(portal, "caseworker-ie", hearing.absolute_url())) is None
    assert waiting_box(page(portal, "student1", case.absolute_url())) is None
    # the answer form itself needs no box
    form = page(portal, "staff1", hearing.absolute_url() + "/@@hearing-answer")
    assert waiting_box(form) is None


def test_an_answered_hearing_leaves_my_work_but_may_be_added_to(portal):
    case, hearing = open_hearing(portal, participants=("staff1", "linemanager-ie"))
    response = answer(portal, "staff1", hearing, {"text": "Week 24 suits us."})
    assert response.status_code == 201, response.text
    assert waiting_box(page(portal, "staff1", "@@my-work")) is None
    assert waiting_box(page(portal, "staff1", case.absolute_url())) is None
    box = waiting_box(page(portal, "staff1", hearing.absolute_url()))
    assert "You have answered this hearing" in box.text_content()
    (link,) = box.xpath(".//a[contains(@class, 'casemgmt-answer-hearing')]")
    assert link.text_content().strip() == "Add to your answer"
    # the other participant has not answered: still waiting for them
    box = waiting_box(page(portal, "linemanager-ie", "@@my-work"))
    assert answer_links(box) == [hearing.absolute_url() + "/@@hearing-answer"]


def test_a_unit_consulted_as_a_group_is_answered_by_one_member(portal):
    _case, hearing = open_hearing(portal, participants=("nv-notification-unit",))
    response = answer(portal, "varsling-nv", hearing, {"text": "No objection."})
    assert response.status_code == 201, response.text
    assert waiting_box(page(portal, "varsling-nv", "@@my-work")) is None


def test_an_answer_by_a_member_since_removed_breaks_nothing(portal):
    _case, hearing = open_hearing(portal, participants=("nv-notification-unit",))
    with api.env.adopt_roles(["Manager"]):
        api.user.create(email="gone@example.org", username="gone", password=PASSWORD)
        api.group.add_user(groupname="nv-notification-unit", username="gone")
    transaction.commit()
    assert answer(portal, "gone", hearing, {"text": "Fine."}).status_code == 201
    with api.env.adopt_roles(["Manager"]):
        api.user.delete(username="gone")
    transaction.commit()
    # the unit still finds the hearing: who answered for it is unknown now
    box = waiting_box(page(portal, "varsling-nv", "@@my-work"))
    assert answer_links(box) == [hearing.absolute_url() + "/@@hearing-answer"]


def test_nobody_rewrites_the_answers(portal):
    """The responses are written by answering only: the case worker can
    neither PATCH them nor find them in the edit form."""
    _case, hearing = open_hearing(portal)
    assert answer(portal, "staff1", hearing, {"text": "June."}).status_code == 201
    worker = Client(portal.absolute_url(), "caseworker-ie")
    response = worker.patch(hearing.absolute_url(), {"responses": "Rewritten."})
    assert response.status_code in (400, 401, 403), response.text
    assert "June." in responses(hearing)
    assert "Rewritten." not in responses(hearing)
    edit = html.fromstring(
        page(portal, "caseworker-ie", hearing.absolute_url() + "/edit")
    )
    assert not edit.xpath("//*[@name='form.widgets.responses']")
    assert edit.xpath("//*[@name='form.widgets.question']")


# --- REST --------------------------------------------------------------------


def answer(portal, user, hearing, body):
    return Client(portal.absolute_url(), user).post(
        hearing.absolute_url() + "/@hearing-answer", body
    )


def test_rest_answer(portal):
    _case, hearing = open_hearing(portal)
    response = answer(portal, "staff1", hearing, {"text": "June suits us."})
    assert response.status_code == 201, response.text
    assert "June suits us." in response.json()["responses"]
    assert "June suits us." in responses(hearing)


@pytest.mark.parametrize(
    "body,status,field",
    [
        ({"text": ""}, 400, "text"),
        ({"text": "   "}, 400, "text"),
        ({}, 400, "text"),
        ({"text": 42}, 400, "text"),
        ({"text": "ok", "title": "x"}, 400, "title"),
        ({"text": "x" * 20_001}, 413, "text"),
    ],
)
def test_rest_bad_input(portal, body, status, field):
    _case, hearing = open_hearing(portal)
    response = answer(portal, "staff1", hearing, body)
    assert response.status_code == status, response.text
    assert response.json()["error"]["message"].startswith(f"{field}:")
    assert responses(hearing) == ""


def test_rest_refuses_a_closed_hearing(portal):
    _case, hearing = open_hearing(portal)
    with api.env.adopt_user(username="caseworker-ie"):
        api.content.transition(obj=hearing, transition="close")
    transaction.commit()
    # who still sees the hearing is told it is closed
    response = answer(portal, "caseworker-ie", hearing, {"text": "Late."})
    assert response.status_code == 403, response.text
    assert "closed" in response.json()["error"]["message"]
    # the participant's access ended with it
    response = answer(portal, "staff1", hearing, {"text": "Late."})
    assert response.status_code in (401, 403, 404), response.text
    assert responses(hearing) == ""


def test_rest_refuses_who_is_not_asked(portal):
    _case, hearing = open_hearing(portal)
    # the line manager reads the case but is not a participant
    response = answer(portal, "linemanager-ie", hearing, {"text": "Me too."})
    assert response.status_code == 403, response.text
    response = answer(portal, "student1", hearing, {"text": "Me too."})
    assert response.status_code in (401, 403, 404)
    assert responses(hearing) == ""
