"""Letters: every template in both languages, filled in from the case,
and downloadable as a real PDF whose text can be read back."""

from helpers import Client
from io import BytesIO
from ntnu.casemgmt.parts.letters import render
from ntnu.casemgmt.parts.letters.templates import TEMPLATES
from plone import api
from pypdf import PdfReader
from test_notification_security import make_notification

import pytest
import transaction


SPEC_TEMPLATES = {
    "receipt_confirmation",
    "summons_notifier",
    "summons_accused",
    "written_warning",
    "advance_notice_expulsion",
    "warning_violation_expulsion",
    "exclusion_notice",
    "preliminary_reply",
    "rejection_notice",
    "closure_notice",
    "appeals_committee_decision",  # issue 18, guide § 5.3.5
    "identity_access_decision",  # issue 18, Fvl. § 19
}


def test_every_template_in_both_languages():
    assert set(TEMPLATES) == SPEC_TEMPLATES
    for template in SPEC_TEMPLATES:
        for language in ("nb", "en"):
            texts = TEMPLATES[template][language]
            assert texts["title"] and len(texts["body"]) > 400, (template, language)


@pytest.mark.parametrize("template", sorted(SPEC_TEMPLATES))
@pytest.mark.parametrize("language", ["nb", "en"])
def test_templates_filled_from_case(demo_portal, template, language):
    case = make_notification(demo_portal, "investigation")
    api.user.get(userid="student2").setMemberProperties({"language": language})
    title, body, used = render(template, case, "student2")
    assert used == language
    assert case.case_number in body
    assert "${" not in body and "${" not in title
    assert "Student Two" in body or template in (
        "preliminary_reply",
        "rejection_notice",
        "closure_notice",
    )


SECTIONS = {
    # the sections of the guide's appendices, in their order
    ("written_warning", "nb"): [
        "Hva saken gjelder",
        "Faktiske forhold",
        "Rettslig grunnlag",
        "Fakultetets vurdering",
        "Advarsel",
        "Dine rettigheter",
        "Kontakt",
    ],
    ("advance_notice_expulsion", "nb"): [
        "Hva saken gjelder",
        "Nye forhold etter advarselen",
        "Rettslig grunnlag",
        "Fakultetets vurdering",
        "Forhåndsvarsel",
        "Dine rettigheter",
        "Kontakt",
    ],
}


@pytest.mark.parametrize("key", sorted(SECTIONS))
def test_sanction_letters_follow_the_guide(key):
    lines = [line.strip() for line in TEMPLATES[key[0]][key[1]]["body"].splitlines()]
    positions = [lines.index(heading) for heading in SECTIONS[key]]
    assert positions == sorted(positions)
    assert "Unntatt offentlighet, jf. offl. § 13" in lines


@pytest.fixture
def sent_letter(demo_functional):
    portal = demo_functional["portal"]
    api.user.get(userid="student2").setMemberProperties({"language": "nb"})
    case = make_notification(portal, "investigation")
    with api.env.adopt_user(username="varsling-ie"):
        case.summary = "Studenten har gjentatte ganger kommet med krenkende kommentarer på øvingene."
        letter = api.content.create(
            container=case,
            type="Letter",
            title="Skriftlig advarsel",
            template="written_warning",
            recipient="student2",
        )
    transaction.commit()
    return case, letter


def fill_placeholders(letter):
    """The letter's body with every placeholder of its template filled."""
    from ntnu.casemgmt.parts.letters.placeholders import unfilled

    body = letter.body
    for placeholder in unfilled(letter.template, body):
        body = body.replace(placeholder, "filled in")
    return body


def pdf_text(data):
    assert data[:5] == b"%PDF-"
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)


def test_pdf_has_the_letter_text_with_norwegian_letters(sent_letter):
    case, letter = sent_letter
    client = Client(api.portal.get().absolute_url(), "varsling-ie")
    response = client.get(letter.absolute_url() + "/@@letter.pdf")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert "private" in response.headers["Cache-Control"]  # never in a shared cache
    text = pdf_text(response.content)
    assert "Unntatt offentlighet" in text
    assert case.case_number in text
    assert "krenkende kommentarer på øvingene" in text.replace("\n", " ")
    assert "Fakultet for informasjonsteknologi og elektroteknikk" in text


def test_pdf_only_for_those_who_may_read_the_letter(sent_letter):
    case, letter = sent_letter
    url = letter.absolute_url() + "/@@letter.pdf"
    base = api.portal.get().absolute_url()
    assert Client(base, "student2").get(url).status_code in (401, 403)  # a draft
    assert Client(base, "reception-ie").get(url).status_code in (401, 403)
    with api.env.adopt_user(username="varsling-ie"):
        # the placeholder rule (SPEC §3): filled in before it can be sent
        letter.body = fill_placeholders(letter)
        api.content.transition(obj=letter, transition="send")
    transaction.commit()
    response = Client(base, "student2").get(url)
    assert response.status_code == 200
    assert case.case_number in pdf_text(response.content)
    assert Client(base, "student1").get(url).status_code in (401, 403)


@pytest.mark.parametrize("is_party", [True, False])
@pytest.mark.parametrize("language", ["nb", "en"])
def test_receipt_confirmation_states_the_right_rights(demo_portal, is_party, language):
    case = make_notification(demo_portal, "investigation")
    case.notifier_is_party = is_party
    api.user.get(userid="student1").setMemberProperties({"language": language})
    _title, body, _ = render("receipt_confirmation", case, "student1")
    party, non_party = {
        "en": ("You are a party", "You are not a party"),
        "nb": ("Du er part", "Du er ikke part"),
    }[language]
    assert (party in body) == is_party
    assert (non_party in body) != is_party
    assert "[Keep" not in body and "[Behold" not in body
    assert "Student One" in body
