"""Parts of a deviation: letters from templates (frozen once sent),
measures and hearings with their mails."""

from datetime import date
from datetime import timedelta
from helpers import Client
from plone import api
from test_deviation_security import make_case

import pytest
import transaction


@pytest.fixture
def portal(demo_functional):
    return demo_functional["portal"]


@pytest.fixture
def case(portal):
    case = make_case(portal, "in_progress")
    transaction.commit()
    return case


@pytest.fixture
def worker(portal):
    return Client(portal.absolute_url(), "caseworker-ie")


@pytest.mark.parametrize(
    "template,language,expected",
    [
        ("preliminary_reply", "en", "Our reference"),
        ("closure_notice", "en", "Our reference"),
        ("rejection_notice", "nb", "Vår referanse"),
    ],
)
def test_letter_prefilled_in_recipients_language(
    portal, case, worker, template, language, expected
):
    api.user.get(userid="student1").setMemberProperties({"language": language})
    transaction.commit()
    response = worker.post(
        case.absolute_url(), {"@type": "Letter", "template": template}
    )
    assert response.status_code == 201, response.text
    letter = response.json()
    assert letter["recipient"] == "student1"
    assert case.case_number in letter["body"]
    assert expected in letter["body"]
    assert "Student One" in letter["body"]
    assert "${" not in letter["body"]
    assert letter["exempt_from_public"] is True


def test_sent_letter_is_frozen(portal, case, worker):
    url = worker.post(
        case.absolute_url(), {"@type": "Letter", "template": "preliminary_reply"}
    ).json()["@id"]
    assert worker.patch(url, {"body": "Edited while draft"}).status_code == 204
    assert worker.post(url + "/@workflow/send", {}).status_code == 200
    data = worker.get(url).json()
    assert data["sent"] == date.today().isoformat()
    assert data["body"] == "Edited while draft"
    for user in ("caseworker-ie", "reception-ie"):
        response = Client(portal.absolute_url(), user).patch(
            url, {"body": "Changed after sending"}
        )
        assert response.status_code in (401, 403), user
    assert worker.get(url).json()["body"] == "Edited while draft"


def test_measure_assigned_mail(portal, case, worker, mailbox):
    response = worker.post(
        case.absolute_url(),
        {
            "@type": "Measure",
            "title": "New exam schedule",
            "responsible": "staff1",
            "due_date": "2030-02-01",
            "kind": "corrective",
        },
    )
    assert response.status_code == 201
    (mail,) = mailbox.to("staff1@example.org")
    assert "New exam schedule" in mail["subject"]
    assert case.case_number in mail["body"]
    assert "2030-02-01" in mail["body"]
    # a new responsible person is told too
    mailbox.clear()
    assert (
        worker.patch(response.json()["@id"], {"responsible": "student2"}).status_code
        == 204
    )
    assert len(mailbox.to("student2@example.org")) == 1
    assert mailbox.to("staff1@example.org") == []
    staff = Client(portal.absolute_url(), "staff1")
    assert staff.get(response.json()["@id"]).status_code in (401, 403)


def test_hearing_opened_mail_and_access(portal, case, worker, mailbox):
    mailbox.clear()
    response = worker.post(
        case.absolute_url(),
        {
            "@type": "Hearing",
            "title": "Exam dates",
            "question": "Can the exam move?",
            "participants": ["student2"],
            "deadline": (date.today() + timedelta(days=5)).isoformat(),
        },
    )
    assert response.status_code == 201, response.text
    (mail,) = mailbox.to("student2@example.org")
    assert "Can the exam move?" in mail["body"]
    participant = Client(portal.absolute_url(), "student2")
    assert participant.get(case.absolute_url()).status_code == 200
    # a participant reads the case but does not change it
    assert participant.patch(case.absolute_url(), {"course_code": "X"}).status_code in (
        401,
        403,
    )
    assert (
        worker.post(response.json()["@id"] + "/@workflow/close", {}).status_code == 200
    )
    assert participant.get(case.absolute_url()).status_code in (401, 403)


def test_closing_the_case_closes_its_hearings(portal, case, worker):
    hearing = next(o for o in case.objectValues() if o.portal_type == "Hearing")
    assert (
        worker.post(
            case.absolute_url() + "/@workflow/close", {"comment": "done"}
        ).status_code
        == 200
    )
    transaction.begin()
    assert api.content.get_state(hearing) == "closed"
