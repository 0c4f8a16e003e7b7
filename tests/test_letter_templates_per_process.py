"""Letter templates per process (issue 16, SPEC §3): a deviation offers
only ``preliminary_reply``, ``rejection_notice`` and ``closure_notice``, a
notification case the others; in the add form, in ``@vocabularies``, and
over REST, where a template of the other process is refused with 400
naming ``template`` and nothing is created."""

from helpers import Client
from helpers import DEVIATION
from helpers import PASSWORD
from ntnu.casemgmt.core import ratelimit
from plone.testing.zope import Browser

import pytest
import transaction


DEVIATION_TEMPLATES = ["preliminary_reply", "rejection_notice", "closure_notice"]
NOTIFICATION_TEMPLATES = [
    "receipt_confirmation",
    "summons_notifier",
    "summons_accused",
    "written_warning",
    "advance_notice_expulsion",
    "warning_violation_expulsion",
    "exclusion_notice",
    "appeals_committee_decision",  # issue 18, guide § 5.3.5
    "identity_access_decision",
]
NOTIFICATION = {
    "title": "Comments in the lab group",
    "category": "harassment",
    "event_description": "Repeated comments about my background in lab sessions.",
    "accused_faculty": "ie",
}


@pytest.fixture
def site(demo_functional):
    ratelimit.reset()
    return demo_functional["portal"]


@pytest.fixture
def as_user(site):
    def client(user=None):
        return Client(site.absolute_url(), user)

    return client


@pytest.fixture
def cases(as_user):
    """``{kind: (url, the user who writes its letters)}``: a submitted
    deviation in ie and a notification case forwarded to ie."""
    deviation = as_user("student1").post(
        "@report-deviation", dict(DEVIATION, faculty="ie")
    )
    assert deviation.status_code == 201, deviation.text
    notification = as_user("student1").post("@notify", NOTIFICATION).json()
    forwarded = as_user("speakup").post(notification["@id"] + "/@forward", {})
    return {
        "deviation": (deviation.json()["@id"], "reception-ie"),
        "notification": (forwarded.json()["@id"], "varsling-ie"),
    }


def letters(client, url):
    return [
        item["@id"]
        for item in client.get(url).json()["items"]
        if item["@type"] == "Letter"
    ]


def offered(client, url):
    response = client.get(url + "/@vocabularies/ntnu.casemgmt.LetterTemplates")
    assert response.status_code == 200, response.text
    return [item["token"] for item in response.json()["items"]]


@pytest.mark.parametrize(
    ("kind", "right", "wrong"),
    [
        ("deviation", DEVIATION_TEMPLATES, NOTIFICATION_TEMPLATES),
        ("notification", NOTIFICATION_TEMPLATES, DEVIATION_TEMPLATES),
    ],
)
def test_rest_refuses_a_template_of_the_other_process(
    as_user, cases, kind, right, wrong
):
    url, writer = cases[kind]
    client = as_user(writer)
    assert offered(client, url) == right
    for template in wrong:
        response = client.post(url, {"@type": "Letter", "template": template})
        assert response.status_code == 400, (template, response.text)
        error = response.json()["error"]
        assert "template" in error["message"], error
        assert letters(client, url) == []
    # nor changed into one afterwards
    response = client.post(url, {"@type": "Letter", "template": right[0]})
    assert response.status_code == 201, response.text
    letter = response.json()["@id"]
    response = client.patch(letter, {"template": wrong[0]})
    assert response.status_code == 400
    assert "template" in response.json()["error"]["message"]
    assert client.get(letter).json()["template"]["token"] == right[0]
    assert offered(client, letter) == right


def test_add_form_offers_the_templates_of_the_process(site, cases):
    transaction.commit()
    for kind, expected in (
        ("deviation", DEVIATION_TEMPLATES),
        ("notification", NOTIFICATION_TEMPLATES),
    ):
        url, writer = cases[kind]
        browser = Browser(site.aq_parent)
        browser.handleErrors = False
        browser.addHeader("Authorization", f"Basic {writer}:{PASSWORD}")
        browser.open(url + "/++add++Letter")
        options = browser.getControl(name="form.widgets.template:list").options
        assert [o for o in options if o != "--NOVALUE--"] == expected


def test_vocabularies_tell_nothing_of_a_case_one_may_not_see(as_user, cases):
    url, _writer = cases["notification"]
    for user in (None, "student2", "reception-ie", "varsling-nv"):
        response = as_user(user).get(
            url + "/@vocabularies/ntnu.casemgmt.LetterTemplates"
        )
        assert response.status_code in (401, 403), (user, response.status_code)
        assert "summons" not in response.text
    # elsewhere every template, titles only (no case is behind them)
    response = as_user("student2").get("@vocabularies/ntnu.casemgmt.LetterTemplates")
    assert response.status_code == 200
    tokens = [item["token"] for item in response.json()["items"]]
    assert sorted(tokens) == sorted(DEVIATION_TEMPLATES + NOTIFICATION_TEMPLATES)
