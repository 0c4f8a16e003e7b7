"""Norwegian and English: catalogues complete, labels follow the browser."""

from pathlib import Path
from plone import api
from pythongettext.msgfmt import Msgfmt

import pytest
import re
import requests
import transaction


LOCALES = (
    Path(__file__).resolve().parent.parent / "src" / "ntnu" / "casemgmt" / "locales"
)


def entries(path):
    """msgid -> msgstr of a .po file, continuation lines joined."""
    result, current, key = {}, {}, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        match = re.match(r'^(msgid|msgstr) "(.*)"$', line)
        if match:
            key = match.group(1)
            current[key] = match.group(2)
        elif line.startswith('"') and key:
            current[key] += line[1:-1]
        else:
            if current.get("msgid"):
                result[current["msgid"]] = current.get("msgstr", "")
            current, key = {}, None
    return result


def test_every_workflow_title_has_norwegian_text():
    """Plone shows the titles of states and transitions (the State menu,
    the status badge, the history) in its own domain ``plone``."""
    from ntnu.casemgmt.workflows.generate import parse

    spec = (LOCALES.parent / "workflows" / "specification.txt").read_text(
        encoding="utf-8"
    )
    nb = entries(LOCALES / "nb" / "LC_MESSAGES" / "plone.po")
    titles = set()
    for workflow in parse(spec):
        titles |= {state.title for state in workflow.states}
        titles |= {transition.title for transition in workflow.transitions}
    missing = sorted(t for t in titles if not nb.get(t))
    assert not missing, f"no nb translation in plone.po for: {missing}"


def test_every_message_has_norwegian_text():
    pot = entries(LOCALES / "ntnu.casemgmt.pot")
    nb = entries(LOCALES / "nb" / "LC_MESSAGES" / "ntnu.casemgmt.po")
    assert pot, "no messages extracted"
    missing = sorted(set(pot) - {k for k, v in nb.items() if v})
    assert not missing, f"no nb translation for: {missing}"


@pytest.mark.parametrize(
    "path",
    sorted(str(p) for p in LOCALES.glob("*/LC_MESSAGES/*.po")),
)
def test_catalogues_compile(path):
    assert Msgfmt(path).get()


@pytest.fixture
def site(functional):
    portal = functional["portal"]
    with api.env.adopt_roles(["Manager"]):
        api.content.create(
            container=portal["faculties"], type="Faculty", title="IE", code="ie"
        )
        api.user.create(
            email="s1@example.org", username="langtester", password="secret-1234"
        )
    transaction.commit()
    return portal


def get(url, language, accept="text/html"):
    return requests.get(
        url,
        auth=("langtester", "secret-1234"),
        headers={"Accept-Language": language, "Accept": accept},
        timeout=30,
    )


def test_report_form_in_norwegian(site):
    url = site["faculties"]["ie"].absolute_url() + "/@@report-deviation"
    nb = get(url, "nb")
    assert nb.status_code == 200
    assert "Kategori" in nb.text
    assert "Undervisning" in nb.text  # category "Teaching"
    en = get(url, "en")
    assert "Category" in en.text
    assert "Kategori" not in en.text


def test_rest_schema_in_norwegian(site):
    url = site.absolute_url() + "/@types/Deviation"
    nb = get(url, "nb", accept="application/json").json()
    # (what the reporter wrote is written by the add-on only: a field the
    # reception may write)
    assert nb["properties"]["closing_comment"]["title"] == "Kommentar ved lukking"
    en = get(url, "en", accept="application/json").json()
    assert en["properties"]["closing_comment"]["title"] == "Closing comment"
